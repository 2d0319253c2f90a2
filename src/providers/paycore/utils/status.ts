import { PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"

/**
 * The single source of truth for what a PayCore status means to Medusa.
 *
 * PayCore charges in one step (`payment_flow: "charge"`, paycore-api.md §11): when an
 * invoice reaches `processed` the money has been taken, so it maps straight to
 * `captured` and Medusa's capture is a no-op. Statuses after that (refunds,
 * chargebacks) do not undo the capture from the session's point of view — the
 * money was taken — so the session stays `captured` and webhooks answer
 * `not_supported`; the `kind` tells the caller to record them separately.
 *
 * `isFinal` is PayCore's own notion (§7.1, §7.2): no further status changes are
 * expected. `processed` is not final in PayCore's sense, because a refund or
 * chargeback may still follow.
 */

// ---------------------------------------------------------------------------
// Payment invoices
// ---------------------------------------------------------------------------

/** Every payment-invoice status PayCore documents (§7.1 and §7.2). */
export const PAYCORE_PAYMENT_STATUSES = [
  "created",
  "processing",
  "process_pending",
  "process_error",
  "processed",
  "partially_processed",
  "process_failed",
  "verified",
  "verify_failed",
  "expired",
  "terminated",
  "refunding",
  "refund_pending",
  "refund_error",
  "partially_refunded",
  "refunded",
  "refund_failed",
  "charged_back",
  "partially_charged_back",
] as const

export type PaycorePaymentStatus = (typeof PAYCORE_PAYMENT_STATUSES)[number]

/** What a status is about: the payment itself, a refund of it, or a chargeback of it. */
export type PaycoreStatusKind = "payment" | "refund" | "chargeback"

export interface PaycorePaymentStatusRow {
  /** For `authorizePayment` / `getPaymentStatus`. */
  sessionStatus: PaymentSessionStatus
  /** For `getWebhookActionAndData`. */
  webhookAction: PaymentActions
  /** PayCore will not change this status any more. */
  isFinal: boolean
  kind: PaycoreStatusKind
}

const row = (
  sessionStatus: PaymentSessionStatus,
  webhookAction: PaymentActions,
  isFinal: boolean,
  kind: PaycoreStatusKind
): PaycorePaymentStatusRow => Object.freeze({ sessionStatus, webhookAction, isFinal, kind })

const { PENDING, CAPTURED, ERROR, CANCELED, AUTHORIZED } = PaymentSessionStatus

export const PAYCORE_PAYMENT_STATUS_TABLE: Readonly<Record<PaycorePaymentStatus, PaycorePaymentStatusRow>> =
  Object.freeze({
    // Not paid yet: the buyer has not finished, or PayCore is still working on it.
    created: row(PENDING, PaymentActions.PENDING, false, "payment"),
    processing: row(PENDING, PaymentActions.PENDING, false, "payment"),
    // Result unknown, possibly for a long time: keep waiting, never assume either way.
    process_pending: row(PENDING, PaymentActions.PENDING, false, "payment"),
    // A technical error on one attempt; PayCore tries again until its attempts limit.
    process_error: row(PENDING, PaymentActions.PENDING, false, "payment"),

    // Paid. One-step charge, so the money is already taken.
    processed: row(CAPTURED, PaymentActions.SUCCESSFUL, false, "payment"),
    // Paid less than the invoice amount: a final state that needs a human, not an order.
    partially_processed: row(ERROR, PaymentActions.FAILED, true, "payment"),
    process_failed: row(ERROR, PaymentActions.FAILED, true, "payment"),
    // A card verification (zero charge, voided), not a payment — unless the store uses
    // PayCore's delayed-charge flow, see `mapPaymentStatus`'s `delayedCharge` option.
    verified: row(ERROR, PaymentActions.FAILED, true, "payment"),
    verify_failed: row(ERROR, PaymentActions.FAILED, true, "payment"),
    // Abandoned (lifetime reached) or rejected by the payer / a moderator: nothing was taken.
    expired: row(CANCELED, PaymentActions.CANCELED, true, "payment"),
    terminated: row(CANCELED, PaymentActions.CANCELED, true, "payment"),

    // After payment: the session stays captured; the caller records these separately.
    refunding: row(CAPTURED, PaymentActions.NOT_SUPPORTED, false, "refund"),
    refund_pending: row(CAPTURED, PaymentActions.NOT_SUPPORTED, false, "refund"),
    refund_error: row(CAPTURED, PaymentActions.NOT_SUPPORTED, false, "refund"),
    // PayCore marks partial refunds final although further partial refunds may follow.
    partially_refunded: row(CAPTURED, PaymentActions.NOT_SUPPORTED, true, "refund"),
    refunded: row(CAPTURED, PaymentActions.NOT_SUPPORTED, true, "refund"),
    refund_failed: row(CAPTURED, PaymentActions.NOT_SUPPORTED, true, "refund"),
    charged_back: row(CAPTURED, PaymentActions.NOT_SUPPORTED, true, "chargeback"),
    partially_charged_back: row(CAPTURED, PaymentActions.NOT_SUPPORTED, true, "chargeback"),
  })

/** With PayCore's delayed-charge flow a `verified` invoice holds funds awaiting capture. */
const VERIFIED_WITH_DELAYED_CHARGE = row(AUTHORIZED, PaymentActions.AUTHORIZED, false, "payment")

export interface PaycorePaymentStatusMapping extends PaycorePaymentStatusRow {
  /** The status as given, trimmed and lower-cased. */
  status: string
  /** False for a status missing from the table: treated as pending, never as paid. */
  isKnown: boolean
}

export interface MapPaymentStatusOptions {
  /**
   * The store creates invoices with `flow: "delayed_charge"` (hold, then capture).
   * Only then does `verified` mean "authorized". PayCore's capture endpoint for
   * this flow is undocumented (§11), so this is off unless the provider implements it.
   */
  delayedCharge?: boolean
}

function isPaymentStatus(status: string): status is PaycorePaymentStatus {
  return Object.prototype.hasOwnProperty.call(PAYCORE_PAYMENT_STATUS_TABLE, status)
}

/**
 * Maps a PayCore payment-invoice status to Medusa. Case-insensitive (PayCore's
 * payment requests use upper case, e.g. `CHARGED_BACK`). An unknown status is
 * `pending` with `isKnown: false` and webhook action `not_supported`: a status added
 * by PayCore later must never mark an order as paid, nor as failed.
 */
export function mapPaymentStatus(status: string, options: MapPaymentStatusOptions = {}): PaycorePaymentStatusMapping {
  const normalised = typeof status === "string" ? status.trim().toLowerCase() : ""
  if (isPaymentStatus(normalised)) {
    const known =
      normalised === "verified" && options.delayedCharge
        ? VERIFIED_WITH_DELAYED_CHARGE
        : PAYCORE_PAYMENT_STATUS_TABLE[normalised]
    return { ...known, status: normalised, isKnown: true }
  }
  return {
    status: normalised,
    isKnown: false,
    sessionStatus: PENDING,
    webhookAction: PaymentActions.NOT_SUPPORTED,
    isFinal: false,
    // Keep after-payment statuses out of the payment path even when we do not know them.
    kind: normalised.includes("charge_back") || normalised.includes("charged_back")
      ? "chargeback"
      : normalised.startsWith("refund") || normalised.includes("_refund")
        ? "refund"
        : "payment",
  }
}

// ---------------------------------------------------------------------------
// Payout invoices
// ---------------------------------------------------------------------------

/** Every payout-invoice status PayCore documents (§7.3). */
export const PAYCORE_PAYOUT_STATUSES = [
  "created",
  "processing",
  "process_pending",
  "process_error",
  "processed",
  "partially_processed",
  "process_failed",
  "expired",
  "terminated",
  "canceling",
  "cancel_pending",
  "partially_canceled",
  "canceled",
  "cancel_error",
  "cancel_failed",
] as const

export type PaycorePayoutStatus = (typeof PAYCORE_PAYOUT_STATUSES)[number]

/**
 * Where the money stands:
 * - `in_progress`: not paid out yet, the outcome is still open;
 * - `paid`: paid out (including while a cancellation is attempted, or after it failed);
 * - `partially_paid`: only part was paid out, or part of it was canceled;
 * - `failed`: nothing was paid out and nothing will be;
 * - `canceled`: canceled; nothing remains paid out.
 */
export type PaycorePayoutOutcome = "in_progress" | "paid" | "partially_paid" | "failed" | "canceled"

export interface PaycorePayoutStatusRow {
  outcome: PaycorePayoutOutcome
  /** PayCore will not change this status any more. */
  isFinal: boolean
}

const payoutRow = (outcome: PaycorePayoutOutcome, isFinal: boolean): PaycorePayoutStatusRow =>
  Object.freeze({ outcome, isFinal })

export const PAYCORE_PAYOUT_STATUS_TABLE: Readonly<Record<PaycorePayoutStatus, PaycorePayoutStatusRow>> =
  Object.freeze({
    created: payoutRow("in_progress", false),
    processing: payoutRow("in_progress", false),
    process_pending: payoutRow("in_progress", false),
    process_error: payoutRow("in_progress", false),
    // Not final in PayCore's sense: a processed payout can still be canceled.
    processed: payoutRow("paid", false),
    partially_processed: payoutRow("partially_paid", true),
    process_failed: payoutRow("failed", true),
    expired: payoutRow("failed", true),
    terminated: payoutRow("failed", true),
    canceling: payoutRow("paid", false),
    cancel_pending: payoutRow("paid", false),
    cancel_error: payoutRow("paid", false),
    cancel_failed: payoutRow("paid", true),
    partially_canceled: payoutRow("partially_paid", true),
    canceled: payoutRow("canceled", true),
  })

export interface PaycorePayoutStatusMapping extends PaycorePayoutStatusRow {
  status: string
  isKnown: boolean
}

function isPayoutStatus(status: string): status is PaycorePayoutStatus {
  return Object.prototype.hasOwnProperty.call(PAYCORE_PAYOUT_STATUS_TABLE, status)
}

/** Maps a PayCore payout-invoice status. Unknown statuses are `in_progress`, not final, `isKnown: false`. */
export function mapPayoutStatus(status: string): PaycorePayoutStatusMapping {
  const normalised = typeof status === "string" ? status.trim().toLowerCase() : ""
  if (isPayoutStatus(normalised)) {
    return { ...PAYCORE_PAYOUT_STATUS_TABLE[normalised], status: normalised, isKnown: true }
  }
  return { status: normalised, isKnown: false, outcome: "in_progress", isFinal: false }
}
