// Words and colours for what the PayCore admin API returns. Pure functions, so they are unit-tested.
import type { PaycoreCallbackEntry, PaycorePayment } from "./paycore-api"

export type BadgeColor = "green" | "red" | "blue" | "orange" | "grey" | "purple"

const STATUS_COLORS: Record<string, BadgeColor> = {
  processed: "green",
  verified: "green",
  partially_processed: "orange",
  created: "blue",
  processing: "blue",
  process_pending: "orange",
  process_error: "orange",
  refunding: "purple",
  refund_pending: "purple",
  partially_refunded: "purple",
  refunded: "grey",
  partially_charged_back: "red",
  charged_back: "red",
  process_failed: "red",
  verify_failed: "red",
  expired: "grey",
  terminated: "grey",
}

/** The colour of a PayCore invoice or refund status: green paid, blue/orange in progress, red failed. */
export function statusColor(status: string): BadgeColor {
  return STATUS_COLORS[status] ?? "grey"
}

/** `partially_charged_back` → "Partially charged back". */
export function humanize(code: string): string {
  const words = code.replace(/[_-]+/g, " ").trim()
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : code
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
    case "unknown_session":
      return withDetail("Paid for a payment session Medusa no longer has")
    case "not_ours":
      return withDetail("Not created by this shop")
    default:
      return withDetail(humanize(outcome))
  }
}

const PROBLEM_OUTCOMES = new Set(["payment_refused", "unknown_session", "not_ours", "chargeback_recorded"])

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
