// PayCore payouts of an order (right-hand column, under the PayCore payments panel): the list with approval and
// refresh, and "Send payout" with the order's currency preselected. The customer page shows the same payouts.
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { PaycorePayoutsPanel } from "../components/paycore-payouts-panel"

const PaycoreOrderPayoutsWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => (
  <PaycorePayoutsPanel
    target={{
      orderId: order.id,
      currencyCode: order.currency_code,
      label: order.display_id ? `Order #${order.display_id}` : `Order ${order.id}`,
    }}
  />
)

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
})

export default PaycoreOrderPayoutsWidget
