/**
 * PayCore's invoice statuses, payments and payouts, in one table (docs/paycore-notes.md, "Statuses"). Everything the
 * plugin knows about a status derives from this table: what Medusa's payment session shows (providers/paycore),
 * the order in which states are applied (`stage`), where a payout's money stands, whether the admin keeps polling.
 * No Medusa here: the admin dashboard imports it too.
 */

/** What a payment status is about: the payment itself, a refund of it, or a chargeback of it. */
export type PaycoreStatusKind = "payment" | "refund" | "chargeback"

/**
 * Where a payment's money stands: `pending` (not paid yet, or PayCore still working), `paid` (taken; refunds and
 * chargebacks keep it `paid` for the payment session), `failed` (nothing taken, or not the amount asked for),
 * `canceled` (abandoned or rejected).
 */
export type PaycorePaymentOutcome = "pending" | "paid" | "failed" | "canceled"

/**
 * Where a payout's money stands: `in_progress` (not paid out yet), `paid` (including while a cancellation is tried,
 * or after it failed), `partially_paid`, `failed` (nothing paid out and nothing will be), `canceled`.
 */
export type PaycorePayoutOutcome = "in_progress" | "paid" | "partially_paid" | "failed" | "canceled"

export type PaycoreStatusRow<Outcome extends string> = {
  outcome: Outcome
  /** PayCore will not change this status any more. */
  isFinal: boolean
  /**
   * How far along its life an invoice in this status is, in the order PayCore's status diagram allows. `updated`
   * has whole seconds and an invoice often moves twice within one: at the same second the higher stage wins.
   */
  stage: number
  /** PayCore is expected to move it on by itself soon (the admin keeps polling). */
  moving: boolean
}

export type PaycorePaymentStatusInfo = PaycoreStatusRow<PaycorePaymentOutcome> & { kind: PaycoreStatusKind }
export type PaycorePayoutStatusInfo = PaycoreStatusRow<PaycorePayoutOutcome>

const pay = (
  outcome: PaycorePaymentOutcome,
  isFinal: boolean,
  stage: number,
  kind: PaycoreStatusKind = "payment",
  moving = !isFinal && outcome === "pending"
): PaycorePaymentStatusInfo => Object.freeze({ outcome, isFinal, stage, kind, moving })

const out = (outcome: PaycorePayoutOutcome, isFinal: boolean, stage: number, moving = false): PaycorePayoutStatusInfo =>
  Object.freeze({ outcome, isFinal, stage, moving })

export const PAYCORE_STATUS_TABLE = Object.freeze({
  payment: Object.freeze({
    // Not paid yet: the buyer has not finished, or PayCore is still working on it.
    created: pay("pending", false, 0),
    processing: pay("pending", false, 1),
    // Result unknown, possibly for a long time: keep waiting, never assume either way.
    process_pending: pay("pending", false, 1),
    // A technical error on one attempt; PayCore tries again until its attempts limit.
    process_error: pay("pending", false, 1),
    // Paid. One-step charge (`payment_flow: "charge"`), so the money is already taken. Not final: refunds follow.
    processed: pay("paid", false, 2),
    // Paid less than the invoice amount: a final state that needs a human, not an order.
    partially_processed: pay("failed", true, 2),
    process_failed: pay("failed", true, 2),
    // A card verification (zero charge, voided), not a payment.
    verified: pay("failed", true, 2),
    verify_failed: pay("failed", true, 2),
    // Abandoned (lifetime reached) or rejected by the payer or a moderator: nothing was taken.
    expired: pay("canceled", true, 2),
    terminated: pay("canceled", true, 2),
    // After payment: the money was taken, the session stays paid; refunds and chargebacks are recorded beside it.
    refunding: pay("paid", false, 3, "refund", true),
    refund_pending: pay("paid", false, 3, "refund", true),
    refund_error: pay("paid", false, 3, "refund"),
    // PayCore marks partial refunds final although further partial refunds may follow.
    partially_refunded: pay("paid", true, 4, "refund"),
    refunded: pay("paid", true, 4, "refund"),
    refund_failed: pay("paid", true, 4, "refund"),
    charged_back: pay("paid", true, 5, "chargeback"),
    partially_charged_back: pay("paid", true, 5, "chargeback"),
  }),
  payout: Object.freeze({
    created: out("in_progress", false, 0, true),
    processing: out("in_progress", false, 1, true),
    process_pending: out("in_progress", false, 1, true),
    process_error: out("in_progress", false, 1),
    // Not final in PayCore's sense: a processed payout can still be canceled.
    processed: out("paid", false, 2),
    partially_processed: out("partially_paid", true, 2),
    process_failed: out("failed", true, 2),
    expired: out("failed", true, 2),
    terminated: out("failed", true, 2),
    canceling: out("paid", false, 3, true),
    cancel_pending: out("paid", false, 3, true),
    cancel_error: out("paid", false, 3),
    cancel_failed: out("paid", true, 4),
    partially_canceled: out("partially_paid", true, 4),
    canceled: out("canceled", true, 4),
  }),
})

export type PaycorePaymentStatus = keyof typeof PAYCORE_STATUS_TABLE.payment
export type PaycorePayoutStatus = keyof typeof PAYCORE_STATUS_TABLE.payout

/** Every payment-invoice status PayCore documents. */
export const PAYCORE_PAYMENT_STATUSES = Object.keys(PAYCORE_STATUS_TABLE.payment) as PaycorePaymentStatus[]
/** Every payout-invoice status PayCore documents. */
export const PAYCORE_PAYOUT_STATUSES = Object.keys(PAYCORE_STATUS_TABLE.payout) as PaycorePayoutStatus[]

const has = (table: object, status: string) => Object.prototype.hasOwnProperty.call(table, status)

/** Trimmed and lower-cased: PayCore's payment requests use upper case (`CHARGED_BACK`). */
export function normaliseStatus(status: unknown): string {
  return typeof status === "string" ? status.trim().toLowerCase() : ""
}

/**
 * A payment status's row. An unknown status is `pending`, not final and `isKnown: false`: a status PayCore adds
 * later must never mark an order as paid, nor as failed. Its kind is guessed from its name, to keep after-payment
 * statuses out of the payment path; its stage puts it after the payment's own states.
 */
export function paymentStatusInfo(status: unknown): PaycorePaymentStatusInfo & { status: string; isKnown: boolean } {
  const normalised = normaliseStatus(status)
  if (has(PAYCORE_STATUS_TABLE.payment, normalised)) {
    return { ...PAYCORE_STATUS_TABLE.payment[normalised as PaycorePaymentStatus], status: normalised, isKnown: true }
  }
  const kind: PaycoreStatusKind =
    normalised.includes("charge_back") || normalised.includes("charged_back")
      ? "chargeback"
      : normalised.startsWith("refund") || normalised.includes("_refund")
        ? "refund"
        : "payment"
  const stage = kind === "chargeback" ? 5 : kind === "refund" ? 3 : 2
  return { outcome: "pending", isFinal: false, stage, kind, moving: false, status: normalised, isKnown: false }
}

/** A payout status's row. Unknown statuses are `in_progress`, not final, stage 1, `isKnown: false`. */
export function payoutStatusInfo(status: unknown): PaycorePayoutStatusInfo & { status: string; isKnown: boolean } {
  const normalised = normaliseStatus(status)
  if (has(PAYCORE_STATUS_TABLE.payout, normalised)) {
    return { ...PAYCORE_STATUS_TABLE.payout[normalised as PaycorePayoutStatus], status: normalised, isKnown: true }
  }
  return { outcome: "in_progress", isFinal: false, stage: 1, moving: false, status: normalised, isKnown: false }
}
