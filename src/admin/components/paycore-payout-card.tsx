// One payout, wherever payouts are listed: its status, amount, masked destination, who created and approved it,
// what went wrong, and Approve / Confirm at PayCore / Refresh. `narrow` (the order page's side column): a card with label/value rows;
// `wide` (the customer page): one line, the details below it.
import { ArrowPath, CheckCircleSolid, PaperPlane } from "@medusajs/icons"
import { Badge, Button, StatusBadge, Text, clx, toast, usePrompt } from "@medusajs/ui"
import type { ReactNode } from "react"
import { Link } from "react-router-dom"
import { errorMessage } from "../lib/paycore-api"
import { formatAmount, formatTime, humanize } from "../lib/paycore-format"
import { destinationText, payoutStatusColor, payoutStatusHint } from "../lib/paycore-payout-form"
import { type PaycorePayout, useConfirmPayout, useRefreshPayout } from "../lib/paycore-payouts-api"
import { AdminUser, Callout, Row } from "./paycore-ui"

export type PayoutCardLayout = "narrow" | "wide"

export const PayoutCard = ({
  payout,
  layout,
  onApprove,
}: {
  payout: PaycorePayout
  layout: PayoutCardLayout
  onApprove: () => void
}) => {
  const narrow = layout === "narrow"
  return (
    <li
      className={clx("flex flex-col px-6 py-4", narrow ? "gap-y-3" : "gap-y-2")}
      data-testid="paycore-payout"
      data-payout-id={payout.id}
      data-status={payout.status}
      aria-label={`Payout ${payout.id}`}
    >
      {narrow ? <NarrowDetails payout={payout} /> : <WideDetails payout={payout} onApprove={onApprove} />}
      <PayoutNotice payout={payout} />
      {narrow && <PayoutActions payout={payout} onApprove={onApprove} />}
    </li>
  )
}

const money = (payout: PaycorePayout, amount: number | null) => formatAmount(amount, payout.currency_code)

/** The amount PayCore paid out, when it differs from the amount asked for. */
const paidOutDiffers = (payout: PaycorePayout) =>
  payout.processed_amount !== null && payout.processed_amount !== payout.amount

/** The status badge, and TEST for a test payout. */
const PayoutBadges = ({ payout, className }: { payout: PaycorePayout; className?: string }) => (
  <>
    <StatusBadge
      color={payoutStatusColor(payout.status)}
      className={className}
      data-testid="paycore-payout-status"
      data-status={payout.status}
    >
      {humanize(payout.status)}
    </StatusBadge>
    {payout.test_mode && (
      <Badge size="2xsmall" color="orange" title="Test payout: no real money moves" data-testid="paycore-payout-mode">
        TEST
      </Badge>
    )}
  </>
)

const NarrowDetails = ({ payout }: { payout: PaycorePayout }) => {
  const row = (label: string, testId: string, value: ReactNode) => (
    <Row label={label} testId={testId} labelWidth={96}>
      {value}
    </Row>
  )
  const mono = (text: string) => <span className="font-mono">{text}</span>
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-x-2">
          <PayoutBadges payout={payout} />
        </div>
        <Text size="base" leading="compact" weight="plus" className="tabular-nums" data-testid="paycore-payout-amount">
          {money(payout, payout.amount)}
        </Text>
      </div>
      <dl className="flex flex-col gap-y-2">
        {row("To", "paycore-payout-destination", mono(destinationText(payout.destination)))}
        {row("Service", "paycore-payout-service", mono(payout.service))}
        {paidOutDiffers(payout) && row("Paid out", "paycore-payout-processed", money(payout, payout.processed_amount))}
        {payout.description && row("Note", "paycore-payout-description", payout.description)}
        {row("Created", "paycore-payout-created", formatTime(payout.created_at))}
        {payout.created_by && row("Created by", "paycore-payout-created-by", <AdminUser id={payout.created_by} />)}
        {payout.approved_by && row("Approved by", "paycore-payout-approved", <AdminUser id={payout.approved_by} />)}
        {payout.invoice_id && row("PayCore id", "paycore-payout-invoice-id", mono(payout.invoice_id))}
      </dl>
    </>
  )
}

const WideDetails = ({ payout, onApprove }: { payout: PaycorePayout; onApprove: () => void }) => (
  <>
    <div className="flex flex-wrap items-center justify-between gap-2">
      <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
        <PayoutBadges payout={payout} className="whitespace-nowrap" />
        <Text size="small" leading="compact" weight="plus" className="tabular-nums" data-testid="paycore-payout-amount">
          {money(payout, payout.amount)}
        </Text>
        <Text size="small" leading="compact" className="text-ui-fg-subtle">
          to
        </Text>
        <Text size="small" leading="compact" className="font-mono" data-testid="paycore-payout-destination">
          {destinationText(payout.destination)}
        </Text>
        <Text
          size="xsmall"
          leading="compact"
          className="text-ui-fg-muted font-mono"
          data-testid="paycore-payout-service"
        >
          {payout.service}
        </Text>
      </div>
      <PayoutActions payout={payout} onApprove={onApprove} className="ml-auto" />
    </div>
    <div className="txt-compact-xsmall text-ui-fg-subtle flex flex-wrap gap-x-4 gap-y-1">
      <span data-testid="paycore-payout-created">
        Created {formatTime(payout.created_at)}
        {payout.created_by && (
          <span data-testid="paycore-payout-created-by">
            {" "}
            by <AdminUser id={payout.created_by} />
          </span>
        )}
      </span>
      {payout.approved_by && (
        <span data-testid="paycore-payout-approved">
          Approved by <AdminUser id={payout.approved_by} />
        </span>
      )}
      {payout.order_id && (
        <span>
          Order{" "}
          <Link
            to={`/orders/${payout.order_id}`}
            className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover font-mono"
            data-testid="paycore-payout-order"
          >
            {payout.order_id}
          </Link>
        </span>
      )}
      {payout.invoice_id && (
        <span data-testid="paycore-payout-invoice-id">
          PayCore <span className="font-mono">{payout.invoice_id}</span>
        </span>
      )}
      {paidOutDiffers(payout) && (
        <span data-testid="paycore-payout-processed">Paid out {money(payout, payout.processed_amount)}</span>
      )}
      {payout.description && <span data-testid="paycore-payout-description">Note: {payout.description}</span>}
    </div>
  </>
)

/** Why the payout failed (the plugin's last error, else PayCore's resolution when not `ok`), else what its status means. */
const PayoutNotice = ({ payout }: { payout: PaycorePayout }) => {
  const problem =
    payout.last_error ?? (payout.resolution && payout.resolution !== "ok" ? humanize(payout.resolution) : null)
  if (problem) {
    return (
      <Callout problem data-testid="paycore-payout-problem">
        {problem}
      </Callout>
    )
  }
  if (payout.awaiting_confirmation) {
    return (
      <Callout problem={false} data-testid="paycore-payout-awaiting-confirmation">
        Waiting for confirmation at PayCore: no money moves until an admin presses Confirm.
      </Callout>
    )
  }
  const hint = payoutStatusHint(payout.status)
  return hint && payout.status !== "processed" ? (
    <Text size="xsmall" className="text-ui-fg-subtle" data-testid="paycore-payout-hint">
      {hint}
    </Text>
  ) : null
}

const PayoutActions = ({
  payout,
  onApprove,
  className,
}: {
  payout: PaycorePayout
  onApprove: () => void
  className?: string
}) => {
  const refresh = useRefreshAtPaycore(payout)
  const confirm = useConfirmAtPaycore(payout)
  return (
    <div className={clx("flex flex-wrap justify-end gap-2", className)}>
      {payout.status === "pending_approval" && (
        <Button size="small" variant="primary" onClick={onApprove} data-testid="paycore-payout-approve">
          <CheckCircleSolid />
          Approve
        </Button>
      )}
      {payout.awaiting_confirmation && (
        <Button
          size="small"
          variant="primary"
          onClick={confirm.run}
          isLoading={confirm.isPending}
          data-testid="paycore-payout-confirm"
        >
          <PaperPlane />
          Confirm
        </Button>
      )}
      <Button
        size="small"
        variant="secondary"
        onClick={refresh.run}
        isLoading={refresh.isPending}
        data-testid="paycore-payout-refresh"
      >
        <ArrowPath />
        Refresh
      </Button>
    </div>
  )
}

/** "Refresh": asks PayCore for the payout's state and says what it found. */
function useRefreshAtPaycore(payout: PaycorePayout) {
  const refresh = useRefreshPayout()
  const run = () =>
    refresh.mutateAsync(payout.id).then(
      (result) => {
        const description =
          result.paycore === "found"
            ? `Status: ${humanize(result.payout.status)}`
            : result.paycore === "not_sent_yet"
              ? "Not sent to PayCore yet: it waits for approval"
              : `PayCore does not have this payout (status: ${humanize(result.payout.status)})`
        toast.success("Checked at PayCore", { description })
      },
      (error) => toast.error("Could not check the payout at PayCore", { description: errorMessage(error) })
    )
  return { run, isPending: refresh.isPending }
}

/** "Confirm": after a prompt naming the amount, asks PayCore to process the payout and says what happened. */
function useConfirmAtPaycore(payout: PaycorePayout) {
  const confirm = useConfirmPayout()
  const prompt = usePrompt()
  const run = async () => {
    const confirmed = await prompt({
      title: "Confirm this payout at PayCore?",
      description: `PayCore will pay out ${money(payout, payout.amount)} to ${destinationText(payout.destination)}.`,
      confirmText: "Confirm payout",
      cancelText: "Cancel",
    })
    if (!confirmed) return
    await confirm.mutateAsync(payout.id).then(
      (result) => toast.success("Payout confirmed at PayCore", { description: `Status: ${humanize(result.status)}` }),
      (error) => toast.error("PayCore did not confirm the payout", { description: errorMessage(error) })
    )
  }
  return { run, isPending: confirm.isPending }
}
