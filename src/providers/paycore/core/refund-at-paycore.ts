import type { BigNumberInput, RefundPaymentInput, RefundPaymentOutput } from "@medusajs/framework/types"
import { amountsMatch, type CurrencyDecimalOverrides } from "../money"

/**
 * Refunds PayCore made without Medusa (its dashboard) are recorded through Medusa's own refundPaymentWorkflow, whose
 * payment module always calls the provider's refundPayment. Before that workflow runs, the plugin marks the payment
 * (`payment.data[REFUND_AT_PAYCORE_MARKER]`) and claims the refund here; refundPayment then sends nothing to PayCore
 * and answers the data without the marker, plus a line in `paycore_refunds_at_paycore`.
 *
 * The claim, not the marker, decides: `payment.data` is written whole by every refund, so a refund running at the
 * same moment can drop or copy the marker, but a claim is taken by exactly one refund. Claims live in this process,
 * where the workflow runs the provider; a leftover marker (a crash) is inert and dropped by the next refund.
 */
export const REFUND_AT_PAYCORE_MARKER = "paycore_refund_at_paycore"

export type RefundAtPaycoreEntry = {
  /** The invoice and PayCore's cumulative refunded amount (or PayCore's refund id) this refund records. */
  key: string
  amount: number
  /** The Medusa refund that records it. */
  refund_id: string
}

export type RefundAtPaycoreClaim = {
  key: string
  amount: number
  currency: string
  decimals?: CurrencyDecimalOverrides
}

// On globalThis: the provider and the workflows may be loaded as two copies of this file (dist and src, test runners).
const CLAIMS = Symbol.for("medusa-payment-paycore.refund-at-paycore-claims")
function claims(): Map<string, RefundAtPaycoreClaim[]> {
  const holder = globalThis as unknown as Record<symbol, Map<string, RefundAtPaycoreClaim[]> | undefined>
  return (holder[CLAIMS] ??= new Map())
}

/** Announces that the next refund of `amount` on this invoice records the PayCore refund named `key`. */
export function claimRefundAtPaycore(invoiceId: string, claim: RefundAtPaycoreClaim): void {
  claims().set(invoiceId, [...(claims().get(invoiceId) ?? []), claim])
}

/** Withdraws the claim for `key` if no refund took it (the recording failed before refunding). */
export function releaseRefundAtPaycore(invoiceId: string, key: string): void {
  keep(invoiceId, (claim) => claim.key !== key)
}

function keep(invoiceId: string, predicate: (claim: RefundAtPaycoreClaim) => boolean): void {
  const left = (claims().get(invoiceId) ?? []).filter(predicate)
  if (left.length) claims().set(invoiceId, left)
  else claims().delete(invoiceId)
}

function takeClaim(invoiceId: string, amount: BigNumberInput): RefundAtPaycoreClaim | undefined {
  const claim = (claims().get(invoiceId) ?? []).find((candidate) =>
    amountsMatch(candidate.amount, amount, candidate.currency, candidate.decimals)
  )
  if (claim) keep(invoiceId, (candidate) => candidate !== claim)
  return claim
}

/** The payment data without the marker. */
export function withoutRefundMarker(data: Record<string, unknown> | undefined): Record<string, unknown> {
  const { [REFUND_AT_PAYCORE_MARKER]: _marker, ...rest } = data ?? {}
  return rest
}

/**
 * refundPayment's answer for a refund PayCore already made (a claim for this invoice and amount exists), else
 * undefined: then the refund is a real one and goes to PayCore's API.
 */
export function refundAlreadyAtPaycore(input: RefundPaymentInput): RefundPaymentOutput | undefined {
  const data = (input.data ?? {}) as Record<string, unknown>
  const invoiceId = data.paycore_invoice_id
  if (typeof invoiceId !== "string") return undefined
  const claim = takeClaim(invoiceId, input.amount)
  if (!claim) return undefined
  const entries = (data.paycore_refunds_at_paycore as RefundAtPaycoreEntry[] | undefined) ?? []
  const entry: RefundAtPaycoreEntry = {
    key: claim.key,
    amount: claim.amount,
    refund_id: input.context?.idempotency_key ?? "",
  }
  return { data: { ...withoutRefundMarker(data), paycore_refunds_at_paycore: [...entries, entry] } }
}
