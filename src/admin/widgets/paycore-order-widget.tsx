// The order page's PayCore panel (right-hand column): for each PayCore payment of the order, the invoice at
// PayCore, its status and amounts, what the plugin did with it, and the last callbacks. "Check status at
// PayCore" asks PayCore for the invoices' current state and applies it (reconciliation).
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { ArrowPath, ArrowUpRightOnBox, ExclamationCircle } from "@medusajs/icons"
import { Badge, Button, Container, Copy, Heading, Skeleton, StatusBadge, Text, clx, toast } from "@medusajs/ui"
import type { ReactNode } from "react"
import {
  type PaycoreCallbackEntry,
  type PaycorePayment,
  errorMessage,
  usePaycoreOrder,
  useReconcilePaycoreOrder,
} from "../lib/paycore-api"
import {
  callbackOutcomeText,
  callbackSourceText,
  formatAmount,
  formatTime,
  humanize,
  outcomeIsProblem,
  outcomeText,
  statusColor,
} from "../lib/paycore-format"

const PAYCORE_PROVIDER_PREFIX = "pp_paycore_"

/** True when a payment or payment session of the order went through PayCore (the dashboard loads both). */
function orderUsesPaycore(order: AdminOrder): boolean {
  return (order.payment_collections ?? []).some((collection) =>
    [...(collection.payments ?? []), ...(collection.payment_sessions ?? [])].some((item) =>
      item?.provider_id?.startsWith(PAYCORE_PROVIDER_PREFIX)
    )
  )
}

const PaycoreOrderWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const visible = orderUsesPaycore(order)
  const { data, error, isPending, isFetching, refetch } = usePaycoreOrder(order.id, { enabled: visible })
  const reconcile = useReconcilePaycoreOrder(order.id)

  if (!visible) return null

  const checkStatus = () =>
    reconcile.mutate(undefined, {
      onSuccess: (result) => {
        const statuses = [...new Set(result.payments.map((payment) => humanize(payment.status)))]
        toast.success("Checked at PayCore", {
          description: statuses.length ? `Status: ${statuses.join(", ")}` : "PayCore has no invoice for this order",
        })
      },
      onError: (reconcileError) => {
        toast.error("Could not check the status at PayCore", { description: errorMessage(reconcileError) })
      },
    })

  let body: ReactNode
  if (isPending) {
    body = (
      <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="paycore-loading" aria-busy="true">
        <Skeleton className="h-5 w-1/2" />
        <Skeleton className="h-4 w-full" />
        <Skeleton className="h-4 w-3/4" />
      </div>
    )
  } else if (error) {
    body = (
      <div className="flex items-start gap-x-3 px-6 py-4" data-testid="paycore-error" role="alert">
        <ExclamationCircle className="text-ui-fg-error mt-0.5 shrink-0" />
        <div className="flex min-w-0 flex-1 flex-col gap-y-2">
          <Text size="small" leading="compact" weight="plus">
            Could not load the PayCore payments
          </Text>
          <Text size="small" className="text-ui-fg-subtle break-words" data-testid="paycore-error-message">
            {errorMessage(error)}
          </Text>
          <div>
            <Button size="small" variant="secondary" onClick={() => refetch()} isLoading={isFetching}>
              Try again
            </Button>
          </div>
        </div>
      </div>
    )
  } else if (!data?.payments.length) {
    body = (
      <div className="px-6 py-4" data-testid="paycore-empty">
        <Text size="small" className="text-ui-fg-subtle">
          No PayCore invoice is recorded for this order yet. Check the status at PayCore to look it up.
        </Text>
      </div>
    )
  } else {
    body = data.payments.map((payment) => <PaymentSection key={payment.invoice_id} payment={payment} />)
  }

  return (
    <Container className="divide-y p-0" data-testid="paycore-order-widget">
      <div className="flex items-center justify-between gap-x-4 px-6 py-4">
        <Heading level="h2">PayCore</Heading>
        <Button
          size="small"
          variant="secondary"
          onClick={checkStatus}
          isLoading={reconcile.isPending}
          disabled={isPending}
          data-testid="paycore-reconcile-button"
        >
          <ArrowPath />
          Check status at PayCore
        </Button>
      </div>
      {body}
    </Container>
  )
}

const PaymentSection = ({ payment }: { payment: PaycorePayment }) => {
  const money = (amount: number | null | undefined) => formatAmount(amount, payment.currency_code)
  const paid = payment.processed_amount ?? 0
  const outcome = outcomeText(payment)
  const problem = outcomeIsProblem(payment.outcome)
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

      <dl className="flex flex-col gap-y-2">
        <IdRow label="Invoice" value={payment.invoice_id} testId="paycore-invoice-id" />
        <IdRow label="Reference" value={payment.reference_id} testId="paycore-reference-id" />
        <Row label="Paid" testId="paycore-amount-paid">
          {money(paid)}
          {paid !== payment.amount && <span className="text-ui-fg-muted"> of {money(payment.amount)}</span>}
        </Row>
        <Row label="Refunded" testId="paycore-amount-refunded">
          {money(payment.refunded_amount)}
        </Row>
        <Row label="Charged back" testId="paycore-amount-charged-back">
          <span className={clx(payment.charged_back_amount > 0 && "text-ui-fg-error")}>
            {money(payment.charged_back_amount)}
          </span>
        </Row>
        <Row label="Updated" testId="paycore-updated-at">
          {formatTime(payment.paycore_updated_at)}
        </Row>
      </dl>

      {outcome && (
        <div
          className={clx(
            "txt-compact-small rounded-md px-3 py-2",
            problem ? "bg-ui-tag-red-bg text-ui-tag-red-text" : "bg-ui-bg-subtle text-ui-fg-subtle"
          )}
          data-testid="paycore-outcome"
          data-outcome={payment.outcome}
        >
          {outcome}
        </div>
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

const CallbackList = ({ callbacks }: { callbacks: PaycoreCallbackEntry[] }) => (
  <div className="flex flex-col gap-y-2">
    <Text size="small" leading="compact" weight="plus">
      Last callbacks
    </Text>
    {callbacks.length === 0 ? (
      <Text size="small" className="text-ui-fg-muted" data-testid="paycore-callbacks-empty">
        None received yet.
      </Text>
    ) : (
      <ol className="flex flex-col gap-y-2">
        {callbacks.map((entry, index) => (
          <li
            key={`${entry.received_at}-${index}`}
            className="bg-ui-bg-subtle flex flex-col gap-y-1 rounded-md px-3 py-2"
            data-testid="paycore-callback"
            data-source={entry.source}
            data-signature={entry.signature}
            data-outcome={entry.outcome}
            data-status={entry.status}
          >
            <div className="flex items-center justify-between gap-x-2">
              <div className="flex min-w-0 items-center gap-x-2">
                <Text size="xsmall" leading="compact" className="text-ui-fg-subtle shrink-0 tabular-nums">
                  {formatTime(entry.received_at)}
                </Text>
                <Text size="xsmall" leading="compact" weight="plus" className="truncate">
                  {callbackSourceText(entry.source)} · {humanize(entry.status)}
                </Text>
              </div>
              {entry.source === "callback" && (
                <Badge
                  size="2xsmall"
                  color={entry.signature === "accepted" ? "green" : "red"}
                  data-testid="paycore-callback-signature"
                  title={entry.signature === "accepted" ? "Signature verified" : "Signature did not verify"}
                >
                  {entry.signature === "accepted" ? "Signature ok" : "Signature refused"}
                </Badge>
              )}
            </div>
            <Text
              size="xsmall"
              leading="compact"
              className={clx("break-words", entry.outcome === "rejected" ? "text-ui-fg-error" : "text-ui-fg-subtle")}
              data-testid="paycore-callback-outcome"
            >
              {callbackOutcomeText(entry)}
            </Text>
          </li>
        ))}
      </ol>
    )}
  </div>
)

const Row = ({ label, testId, children }: { label: string; testId: string; children: ReactNode }) => (
  <div className="grid grid-cols-[96px_1fr] items-center gap-x-3">
    <dt>
      <Text size="small" leading="compact" className="text-ui-fg-subtle">
        {label}
      </Text>
    </dt>
    <dd className="txt-compact-small min-w-0 text-right" data-testid={testId}>
      {children}
    </dd>
  </div>
)

const IdRow = ({ label, value, testId }: { label: string; value: string; testId: string }) => (
  <div className="grid grid-cols-[96px_1fr] items-center gap-x-3">
    <dt>
      <Text size="small" leading="compact" className="text-ui-fg-subtle">
        {label}
      </Text>
    </dt>
    <dd className="flex min-w-0 items-center justify-end gap-x-1">
      <Text size="small" leading="compact" className="truncate font-mono" title={value} data-testid={testId}>
        {value}
      </Text>
      <Copy content={value} className="text-ui-fg-muted shrink-0" aria-label={`Copy ${label.toLowerCase()} id`} />
    </dd>
  </div>
)

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
})

export default PaycoreOrderWidget
