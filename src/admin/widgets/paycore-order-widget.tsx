// The order page's PayCore panel (right-hand column): for each PayCore payment of the order, the invoice at
// PayCore, its status and amounts, what the plugin did with it, and the last callbacks. "Check status at
// PayCore" asks PayCore for the invoices' current state and applies it (reconciliation). A chargeback is shown first.
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { ArrowPath, ArrowUpRightOnBox } from "@medusajs/icons"
import { Badge, Button, Container, Copy, Heading, StatusBadge, Text, clx, toast } from "@medusajs/ui"
import { isPaycoreProviderId } from "../../accounts/provider-id"
import { CallbackList } from "../components/paycore-callback-list"
import { Callout, QueryState, Row } from "../components/paycore-ui"
import { type PaycorePayment, errorMessage, usePaycoreOrder, useReconcilePaycoreOrder } from "../lib/paycore-api"
import { formatAmount, formatTime, humanize, outcomeIsProblem, outcomeText, statusColor } from "../lib/paycore-format"

/** True when a payment or payment session of the order went through PayCore (the dashboard loads both). */
function orderUsesPaycore(order: AdminOrder): boolean {
  return (order.payment_collections ?? []).some((collection) =>
    [...(collection.payments ?? []), ...(collection.payment_sessions ?? [])].some((item) =>
      isPaycoreProviderId(item?.provider_id)
    )
  )
}

const PaycoreOrderWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const visible = orderUsesPaycore(order)
  const query = usePaycoreOrder(order.id, { enabled: visible })
  const reconcile = useReconcilePaycoreOrder(order.id)

  if (!visible) return null

  const checkStatus = () =>
    reconcile.mutateAsync(undefined).then(
      (result) => {
        const statuses = [...new Set(result.payments.map((payment) => humanize(payment.status)))]
        toast.success("Checked at PayCore", {
          description: statuses.length ? `Status: ${statuses.join(", ")}` : "PayCore has no invoice for this order",
        })
      },
      (reconcileError) => {
        toast.error("Could not check the status at PayCore", { description: errorMessage(reconcileError) })
      }
    )

  return (
    <Container className="divide-y p-0" data-testid="paycore-order-widget">
      <div className="flex items-center justify-between gap-x-4 px-6 py-4">
        <Heading level="h2">PayCore</Heading>
        <Button
          size="small"
          variant="secondary"
          onClick={checkStatus}
          isLoading={reconcile.isPending}
          disabled={query.isPending}
          data-testid="paycore-reconcile-button"
        >
          <ArrowPath />
          Check status at PayCore
        </Button>
      </div>
      <QueryState query={query} testId="paycore" title="Could not load the PayCore payments">
        {(data) =>
          data.payments.length ? (
            data.payments.map((payment) => <PaymentSection key={payment.invoice_id} payment={payment} />)
          ) : (
            <div className="px-6 py-4" data-testid="paycore-empty">
              <Text size="small" className="text-ui-fg-subtle">
                No PayCore invoice is recorded for this order yet. Check the status at PayCore to look it up.
              </Text>
            </div>
          )
        }
      </QueryState>
    </Container>
  )
}

const PaymentSection = ({ payment }: { payment: PaycorePayment }) => {
  const money = (amount: number | null | undefined) => formatAmount(amount, payment.currency_code)
  const paid = payment.processed_amount ?? 0
  const outcome = outcomeText(payment)
  return (
    <section
      className="flex flex-col gap-y-4 px-6 py-4"
      data-testid="paycore-payment"
      data-invoice-id={payment.invoice_id}
      aria-label={`PayCore invoice ${payment.invoice_id}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-x-2">
          <StatusBadge color={statusColor(payment.status)} data-testid="paycore-status" data-status={payment.status}>
            {humanize(payment.status)}
          </StatusBadge>
          {payment.resolution && (
            <Text
              size="xsmall"
              leading="compact"
              className={clx(payment.resolution === "ok" ? "text-ui-fg-muted" : "text-ui-fg-error")}
              data-testid="paycore-resolution"
            >
              {payment.resolution === "ok" ? "resolution ok" : humanize(payment.resolution)}
            </Text>
          )}
        </div>
        <Badge
          size="2xsmall"
          color={payment.test_mode ? "orange" : "green"}
          data-testid="paycore-mode"
          title={payment.test_mode ? "Test payment: no real money moved" : "Live payment"}
        >
          {payment.test_mode ? "TEST" : "LIVE"}
        </Badge>
      </div>

      {payment.charged_back_amount > 0 && (
        <Callout problem data-testid="paycore-chargeback" data-amount={String(payment.charged_back_amount)}>
          <span className="txt-compact-medium-plus">Charged back {money(payment.charged_back_amount)}</span>
          <br />
          The customer's bank took this money back from the shop; the order is flagged (paycore_chargeback).
        </Callout>
      )}

      <dl className="flex flex-col gap-y-2">
        <IdRow label="Invoice" value={payment.invoice_id} testId="paycore-invoice-id" />
        <IdRow label="Reference" value={payment.reference_id} testId="paycore-reference-id" />
        <Row label="Paid" testId="paycore-amount-paid" labelWidth={96} align="center">
          {money(paid)}
          {paid !== payment.amount && <span className="text-ui-fg-muted"> of {money(payment.amount)}</span>}
        </Row>
        <Row label="Refunded" testId="paycore-amount-refunded" labelWidth={96} align="center">
          {money(payment.refunded_amount)}
        </Row>
        <Row label="Charged back" testId="paycore-amount-charged-back" labelWidth={96} align="center">
          <span className={clx(payment.charged_back_amount > 0 && "text-ui-fg-error")}>
            {money(payment.charged_back_amount)}
          </span>
        </Row>
        <Row label="Updated" testId="paycore-updated-at" labelWidth={96} align="center">
          {formatTime(payment.paycore_updated_at)}
        </Row>
      </dl>

      {outcome && (
        <Callout
          problem={outcomeIsProblem(payment.outcome)}
          data-testid="paycore-outcome"
          data-outcome={payment.outcome ?? undefined}
        >
          {outcome}
        </Callout>
      )}

      {payment.hpp_url && (
        <a
          href={payment.hpp_url}
          target="_blank"
          rel="noopener noreferrer"
          className="txt-compact-small-plus text-ui-fg-interactive hover:text-ui-fg-interactive-hover inline-flex w-fit items-center gap-x-1"
          data-testid="paycore-hpp-link"
        >
          Open payment page
          <ArrowUpRightOnBox />
        </a>
      )}

      {payment.refund_problem && (
        <Callout problem data-testid="paycore-refund-problem">
          {payment.refund_problem}
        </Callout>
      )}

      {payment.refunds_at_paycore.length > 0 && (
        <div className="flex flex-col gap-y-2">
          <Text size="small" leading="compact" weight="plus">
            Refunded at PayCore
          </Text>
          <ul className="flex flex-col gap-y-1">
            {payment.refunds_at_paycore.map((refund) => (
              <li
                key={refund.key}
                className="flex items-center justify-between gap-x-2"
                data-testid="paycore-refund-at-paycore"
              >
                <Text
                  size="small"
                  leading="compact"
                  className="text-ui-fg-subtle truncate font-mono"
                  title={refund.refund_id}
                >
                  {refund.refund_id}
                </Text>
                <Text size="small" leading="compact" className="shrink-0">
                  {money(refund.amount)}
                </Text>
              </li>
            ))}
          </ul>
        </div>
      )}

      {payment.refunds.length > 0 && (
        <div className="flex flex-col gap-y-2">
          <Text size="small" leading="compact" weight="plus">
            Refunds
          </Text>
          <ul className="flex flex-col gap-y-1">
            {payment.refunds.map((refund) => (
              <li
                key={refund.id}
                className="flex items-center justify-between gap-x-2"
                data-testid="paycore-refund"
                data-status={refund.status}
              >
                <Text size="small" leading="compact" className="text-ui-fg-subtle truncate font-mono" title={refund.id}>
                  {refund.id}
                </Text>
                <div className="flex shrink-0 items-center gap-x-2">
                  <Text size="small" leading="compact">
                    {money(refund.amount)}
                  </Text>
                  <StatusBadge color={statusColor(refund.status)}>{humanize(refund.status)}</StatusBadge>
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}

      <CallbackList callbacks={payment.callbacks} />
    </section>
  )
}

/** An id with a copy button. */
const IdRow = ({ label, value, testId }: { label: string; value: string; testId: string }) => (
  <Row label={label} labelWidth={96} align="center" valueClassName="flex min-w-0 items-center justify-end gap-x-1">
    <Text size="small" leading="compact" className="truncate font-mono" title={value} data-testid={testId}>
      {value}
    </Text>
    <Copy content={value} className="text-ui-fg-muted shrink-0" aria-label={`Copy ${label.toLowerCase()} id`} />
  </Row>
)

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
})

export default PaycoreOrderWidget
