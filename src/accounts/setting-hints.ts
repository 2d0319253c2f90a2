// What to change when PayCore refuses a request for a reason that a plugin option or a PayCore account setting
// decides: one table, read by the payment provider and the payout workflow, so that an admin's error message names
// the setting (docs/paycore-notes.md lists where PayCore's documents leave these open).
import { PaycoreApiError, PaycoreOutcomeUnknownError } from "../lib/paycore"
import type { PaycoreOptions } from "./options"

export type PaycoreRequestKind = "payment" | "payout"

type Hint = {
  kind: PaycoreRequestKind
  /** A refused attribute, as PayCore names it in `error_codes` (`expires`, `service`, `data.type`). */
  field: RegExp
  text: (options: Pick<PaycoreOptions, "payoutRequestFormat">) => string
}

const HINTS: Hint[] = [
  {
    kind: "payment",
    field: /^expires\b/,
    text: () =>
      "PayCore refused `expires`: set the invoiceLifetimeMinutes option to 0 and the account's Invoice lifetime instead",
  },
  {
    kind: "payment",
    field: /^service\b/,
    text: () =>
      "PayCore wants a payment service for this currency: set it in the provider's services option " +
      '(e.g. { USD: "payment_card_usd_hpp" }), as the settings checklist lists',
  },
  {
    kind: "payout",
    field: /^context\.card\.exp_/,
    text: () => "PayCore wants the card's expiry for this payout: enter Card expiry (fields exp_month and exp_year)",
  },
  {
    kind: "payout",
    field: /^(data|type)\b/,
    text: (options) =>
      `PayCore refused the payout request's body: set the payoutRequestFormat option to ` +
      `"${options.payoutRequestFormat === "flat" ? "envelope" : "flat"}"`,
  },
]

/** The setting that decides this refusal, or null when PayCore's answer names none of them. */
export function settingHint(
  kind: PaycoreRequestKind,
  error: unknown,
  options: Pick<PaycoreOptions, "payoutRequestFormat">
): string | null {
  // A create whose earlier answer was lost ends "outcome unknown"; PayCore's refusal is its last error.
  const refusal = error instanceof PaycoreOutcomeUnknownError ? error.cause : error
  if (
    !(refusal instanceof PaycoreApiError) ||
    refusal.status < 400 ||
    refusal.status >= 500 ||
    refusal.status === 429
  ) {
    return null
  }
  const hint = HINTS.find((row) => row.kind === kind && refusal.errorCodes.some((code) => row.field.test(code)))
  return hint ? hint.text(options) : null
}
