// Above the order list: orders with a PayCore chargeback. The list's columns are fixed, so a plugin cannot mark
// those orders in it; this widget shows nothing while there are none.
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { Container, Heading, StatusBadge, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { usePaycoreChargebacks } from "../lib/paycore-chargebacks-api"
import { formatAmount, formatTime, humanize } from "../lib/paycore-format"

const PaycoreChargebacksWidget = () => {
  const { data } = usePaycoreChargebacks()
  if (!data?.count) return null
  return (
    <Container className="divide-y p-0" data-testid="paycore-chargebacks">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">PayCore chargebacks</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {data.count} {data.count === 1 ? "order" : "orders"}
        </Text>
      </div>
      <ul className="flex flex-col">
        {data.chargebacks.map((row) => (
          <li
            key={row.invoice_id}
            className="flex items-center justify-between gap-x-4 px-6 py-2"
            data-testid="paycore-chargeback-row"
          >
            <Link
              to={`/orders/${row.order_id}`}
              className="txt-compact-small-plus text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
            >
              {row.display_id ? `#${row.display_id}` : row.order_id}
            </Link>
            <Text size="small" className="text-ui-fg-subtle truncate">
              {row.email ?? ""}
            </Text>
            <div className="flex shrink-0 items-center gap-x-2">
              <Text size="small" weight="plus" className="text-ui-fg-error">
                {formatAmount(row.amount, row.currency_code)}
              </Text>
              <StatusBadge color="red">{humanize(row.status)}</StatusBadge>
              <Text size="xsmall" className="text-ui-fg-muted">
                {formatTime(row.at)}
              </Text>
            </div>
          </li>
        ))}
      </ul>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.list.before",
})

export default PaycoreChargebacksWidget
