// PayCore payouts to a customer (those sent for their orders included), and "Send payout" to them.
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { PaycorePayoutsPanel } from "../components/paycore-payouts-panel"

const PaycoreCustomerPayoutsWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => (
  <PaycorePayoutsPanel
    target={{
      customerId: customer.id,
      label: `Customer ${customer.email || customer.id}`,
    }}
  />
)

export const config = defineWidgetConfig({
  zone: "customer.details.after",
})

export default PaycoreCustomerPayoutsWidget
