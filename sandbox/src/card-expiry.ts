import type { PayoutService, SandboxConfig, ServiceField } from "./config"
import type { Problems } from "./validation"

/**
 * A card payout's expiry (docs/paycore-notes.md, "Payouts"): `context.card.{exp_month, exp_year}`, strings, 4-digit
 * year. PayCore says card payouts "may need" it; `payoutCardExpiry: "required"` makes `payment_card` services refuse
 * a payout without it. A service may also list expiry fields (`exp_month`, `expiry_year`, `card.exp_month`,
 * `context.card.exp_year`); such a field is filled from `fields` or else from `context.card`.
 */

export type CardExpiry = { exp_month: string; exp_year: string }

const EXPIRY_FIELD = /^(?:(?:context\.)?card\.)?(?:exp|expiry)_(month|year)$/i
const FORMATS = { exp_month: /^(0[1-9]|1[0-2])$/, exp_year: /^\d{4}$/ } as const

function expiryPartOf(key: string): keyof CardExpiry | null {
  const match = EXPIRY_FIELD.exec(key)
  return match ? (match[1].toLowerCase() === "month" ? "exp_month" : "exp_year") : null
}

/** Checks `context.card` (always when present; required for card services when the account says so). */
export function checkPayoutCardExpiry(
  config: SandboxConfig,
  service: PayoutService | undefined,
  context: unknown,
  problems: Problems
): CardExpiry | null {
  if (context !== undefined && context !== null && (typeof context !== "object" || Array.isArray(context))) {
    problems.add("context", "invalid_type", "context must be an object")
    return null
  }
  const card = (context as { card?: unknown } | null | undefined)?.card
  if (card !== undefined && card !== null && (typeof card !== "object" || Array.isArray(card))) {
    problems.add("context.card", "invalid_type", "context.card must be an object")
    return null
  }
  const required = config.payoutCardExpiry === "required" && service?.method === "payment_card"
  const values: Partial<CardExpiry> = {}
  for (const part of ["exp_month", "exp_year"] as const) {
    const field = `context.card.${part}`
    const value = (card as Record<string, unknown> | null | undefined)?.[part]
    if (value === undefined || value === null || value === "") {
      if (required) problems.add(field, "required", `${field} is required for card payouts`)
    } else if (typeof value !== "string") {
      problems.add(field, "invalid_type", `${field} must be a string`)
    } else if (!FORMATS[part].test(value)) {
      problems.add(field, "invalid_format", `${field} must be ${part === "exp_month" ? "01 to 12" : "a 4-digit year"}`)
    } else {
      values[part] = value
    }
  }
  return values.exp_month && values.exp_year ? { exp_month: values.exp_month, exp_year: values.exp_year } : null
}

/** The value of a listed service field: from `fields`, or for an expiry field from `context.card`. */
export function payoutFieldValue(key: string, fields: Record<string, unknown>, expiry: CardExpiry | null): unknown {
  const value = fields[key]
  if (value !== undefined && value !== null && value !== "") return value
  const part = expiryPartOf(key)
  return part && expiry ? expiry[part] : value
}

/** Stored and returned fields: expiry fields hidden like the card number (which the caller masks). */
export function hideExpiryFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, expiryPartOf(key) ? "**" : value]))
}

/** Service fields for a card's expiry (e.g. for `payoutServices` in a config file): `exp_month` and `exp_year`. */
export function cardExpiryFields(required = true): ServiceField[] {
  const field = (key: string, en: string, regexp: string, example: string): ServiceField => ({
    key,
    type: "string",
    label: { en },
    hint: null,
    example,
    regexp,
    required,
    weight: 1,
  })
  return [
    field("exp_month", "Expiry month", "^(0[1-9]|1[0-2])$", "09"),
    field("exp_year", "Expiry year", "^[0-9]{4}$", "2030"),
  ]
}
