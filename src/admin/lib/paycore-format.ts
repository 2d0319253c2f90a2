// Words and colours for what the PayCore admin API returns. Pure functions, so they are unit-tested. The colours
// derive from the server's status table (lib/paycore/statuses.ts: pure, no Medusa, no Node).
import { paymentStatusInfo, type PaycorePaymentOutcome } from "../../lib/paycore/statuses"
import type { PayoutOutcome } from "../../payouts/statuses"
import type { PaycoreCallbackEntry, PaycorePayment } from "./paycore-api"

export type BadgeColor = "green" | "red" | "blue" | "orange" | "grey" | "purple"

/**
 * One colour per outcome (PayCore's status table, lib/paycore/statuses.ts, gives each status its outcome): green
 * paid, blue on its way, orange waiting for someone or paid only in part, red failed, grey over with nothing moved.
 */
export const OUTCOME_COLORS: Record<PaycorePaymentOutcome | PayoutOutcome, BadgeColor> = {
  paid: "green",
  pending: "blue",
  in_progress: "blue",
  awaiting_approval: "orange",
  unknown: "orange",
  partially_paid: "orange",
  failed: "red",
  canceled: "grey",
}

/**
 * Overrides, for payments and payouts alike: the colours the status table's rows do not give. PayCore waiting
 * (`process_pending`) or retrying after an error (`process_error`) is orange, while their outcome is still on its way.
 */
export const WAITING_AT_PAYCORE_COLORS: Readonly<Record<string, BadgeColor>> = {
  process_pending: "orange",
  process_error: "orange",
}

/** Overrides for payments (as they were coloured before the colours came from the table). */
const PAYMENT_COLOR_OVERRIDES: Readonly<Record<string, BadgeColor>> = {
  ...WAITING_AT_PAYCORE_COLORS,
  // Outcome `failed`, but part of the money was taken.
  partially_processed: "orange",
  // A card verification that passed: outcome `failed` (no payment), yet nothing went wrong.
  verified: "green",
  // A refund that is over but kept part of the payment: purple like refunds under way.
  partially_refunded: "purple",
}

/**
 * The colour of a PayCore invoice or refund status: by its outcome; after the payment, a refund under way purple
 * (over: grey), a chargeback red; unknown statuses grey.
 */
export function statusColor(status: string): BadgeColor {
  const info = paymentStatusInfo(status)
  if (!info.isKnown) return "grey"
  const override = PAYMENT_COLOR_OVERRIDES[info.status]
  if (override) return override
  if (info.kind === "chargeback") return "red"
  if (info.kind === "refund") return info.moving ? "purple" : "grey"
  return OUTCOME_COLORS[info.outcome]
}

/** `partially_charged_back` → "Partially charged back". */
export function humanize(code: string): string {
  const words = code.replace(/[_-]+/g, " ").trim()
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : code
}

const CARD_BRANDS: Readonly<Record<string, string>> = {
  mastercard: "Mastercard",
  visa: "Visa",
  maestro: "Maestro",
  amex: "American Express",
}

/** A saved card as people name it: `mastercard`, "0000" → "Mastercard •••• 0000" (an unknown brand capitalised). */
export function savedCardName(card: { brand: string; last4: string }): string {
  const brand = CARD_BRANDS[card.brand.toLowerCase()] ?? humanize(card.brand)
  return `${brand} •••• ${card.last4}`
}

/** An amount in major units, e.g. 27.5 usd → "$27.50" (en-US). Falls back to "27.50 XYZ" for unknown codes. */
export function formatAmount(amount: number | null | undefined, currencyCode: string, locale?: string): string {
  const value = Number(amount ?? 0)
  const code = currencyCode.toUpperCase()
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency: code }).format(value)
  } catch {
    return `${value.toFixed(2)} ${code}`
  }
}

/** A compact local date and time, e.g. "Nov 28, 07:00:12"; the input unchanged if it is not a date. */
export function formatTime(iso: string | null | undefined, locale?: string, timeZone?: string): string {
  if (!iso) return "—"
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  }).format(date)
}

/** What applying the invoice's last state did in Medusa, as a sentence for the merchant. */
export function outcomeText(payment: Pick<PaycorePayment, "outcome" | "outcome_detail" | "callbacks">): string | null {
  const { outcome } = payment
  if (!outcome) return null
  const detail = payment.outcome_detail?.trim() || null
  const withDetail = (text: string) => (detail ? `${text}: ${detail}` : text)
  switch (outcome) {
    case "order_created": {
      // The applied entry for this outcome says whether a callback or a status check created the order.
      const applied = payment.callbacks.find(
        (entry) => entry.outcome === "applied" && (entry.detail ?? "").startsWith("order_created")
      )
      return applied?.source === "reconciliation"
        ? "Order created after a status check at PayCore"
        : "Order created from PayCore callback"
    }
    case "payment_captured":
      return "Payment captured from PayCore callback"
    case "session_failed":
      return withDetail("Payment failed")
    case "session_canceled":
      return withDetail("Payment canceled at PayCore")
    case "pending":
      return "Waiting for the customer to pay"
    // The amounts show what was refunded or charged back; the detail would only repeat them.
    case "refund_recorded":
      return "Refund recorded"
    case "chargeback_recorded":
      return "Chargeback recorded"
    case "payment_refused":
      return withDetail("Payment refused")
    case "payment_refunded":
      return withDetail("Paid, then refunded: the cart could not become an order")
    case "unknown_session":
      return withDetail("Paid for a payment session Medusa no longer has")
    case "not_ours":
      return withDetail("Not created by this shop")
    default:
      return withDetail(humanize(outcome))
  }
}

const PROBLEM_OUTCOMES = new Set([
  "payment_refused",
  "payment_refunded",
  "unknown_session",
  "not_ours",
  "chargeback_recorded",
])

/** True when the outcome needs the merchant's attention: money taken but not applied, refused, or charged back. */
export function outcomeIsProblem(outcome: string | null): boolean {
  return outcome !== null && PROBLEM_OUTCOMES.has(outcome)
}

const CALLBACK_OUTCOMES: Record<string, string> = {
  applied: "Applied",
  duplicate: "Duplicate, already applied",
  stale: "Older state, ignored",
  retry: "Not applied yet, retried",
  ignored: "Ignored",
  rejected: "Rejected",
}

/** What an applied state did, as the callback log's detail names it (`<outcome>` or `<outcome>: <why>`). */
const APPLIED_EFFECTS: Record<string, string> = {
  order_created: "order created",
  payment_captured: "payment captured",
  session_failed: "payment failed",
  session_canceled: "payment canceled",
  pending: "awaiting payment",
  refund_recorded: "refund recorded",
  chargeback_recorded: "chargeback recorded",
  payment_refused: "payment refused",
  payment_refunded: "paid, then refunded (no order)",
  unknown_session: "unknown payment session",
  not_ours: "not from this shop",
}

/**
 * One line for a callback log entry, e.g. "Applied: order created", "Applied: chargeback recorded
 * (partially_charged_back: 10 USD)", "Duplicate, already applied" or "Rejected: <why>".
 */
export function callbackOutcomeText(entry: Pick<PaycoreCallbackEntry, "outcome" | "detail">): string {
  const text = CALLBACK_OUTCOMES[entry.outcome] ?? humanize(entry.outcome)
  const detail = entry.detail?.trim()
  if (!detail) return text
  if (entry.outcome === "applied") {
    const separator = detail.indexOf(": ")
    const code = separator === -1 ? detail : detail.slice(0, separator)
    const effect = APPLIED_EFFECTS[code]
    if (effect) return separator === -1 ? `${text}: ${effect}` : `${text}: ${effect} (${detail.slice(separator + 2)})`
  }
  return `${text}: ${detail}`
}

export function callbackSourceText(source: PaycoreCallbackEntry["source"]): string {
  return source === "reconciliation" ? "Status check" : "Callback"
}
