// The payout forms' rules, checked in the browser before anything is sent (the API checks them again): amounts
// within the store's and PayCore's limits, PayCore's field rules, destinations masked like the server masks them,
// and the API's "field: message" errors put next to their field. Pure functions, so they are unit-tested. The
// destination rules and the payout statuses are the server's own pure modules (payouts/field-rules.ts,
// payouts/statuses.ts and lib/paycore/statuses.ts: no Medusa, no Node).
import { payoutStatusInfo } from "../../lib/paycore/statuses"
import {
  compilePaycorePattern,
  type DestinationFields,
  expiryPart,
  isCardField,
  maskDestinationValue,
  normalizeFieldValue,
} from "../../payouts/field-rules"
import { LOCAL_PAYOUT_STATUSES, payoutOutcome } from "../../payouts/statuses"
import { type BadgeColor, OUTCOME_COLORS, WAITING_AT_PAYCORE_COLORS, formatAmount, humanize } from "./paycore-format"
import type { LocalizedText, PayoutCurrencySettings, PayoutService, PayoutServiceField } from "./paycore-payouts-api"

export { compilePaycorePattern, isCardField, maskDestinationValue, normalizeFieldValue }
/** The names the admin used before it shared the server's rules. */
export { compilePaycorePattern as compilePattern, maskDestinationValue as maskValue }

// ---------------------------------------------------------------------------------------------------------------
// Statuses
// ---------------------------------------------------------------------------------------------------------------

/** Overrides: the colours a payout status's outcome does not give (as they were before they came from the table). */
const PAYOUT_COLOR_OVERRIDES: Readonly<Record<string, BadgeColor>> = {
  ...WAITING_AT_PAYCORE_COLORS,
  // Outcome `failed`, but only because nobody processed it in time: grey like a canceled one.
  expired: "grey",
  // Outcome `partially_paid`, but the cancellation is over: grey like a canceled one.
  partially_canceled: "grey",
}

/**
 * Green paid, blue on its way, orange waiting for someone (approval, PayCore), red failed, grey canceled; a
 * cancellation tried after the money went out (outcome still `paid`) purple, like a payment's refund.
 */
export function payoutStatusColor(status: string): BadgeColor {
  const local = (LOCAL_PAYOUT_STATUSES as string[]).includes(status)
  const info = payoutStatusInfo(status)
  if (!local && !info.isKnown) return "grey"
  const override = PAYOUT_COLOR_OVERRIDES[local ? status : info.status]
  if (override) return override
  const { outcome } = payoutOutcome(status)
  if (!local && outcome === "paid" && info.stage >= 3) return "purple"
  return OUTCOME_COLORS[outcome]
}

const PAYOUT_STATUS_HINTS: Record<string, string> = {
  pending_approval: "Waiting for a second admin to approve it. Nothing was sent to PayCore yet.",
  sending: "Being sent to PayCore.",
  unconfirmed:
    "PayCore did not confirm whether it has this payout. Refresh asks again; it is never re-sent on its own.",
  failed: "PayCore does not have this payout: nothing was paid out.",
  created: "PayCore accepted the payout.",
  processing: "PayCore is paying out.",
  processed: "Paid out.",
  process_failed: "PayCore could not pay out.",
  canceled: "Canceled at PayCore.",
}

export function payoutStatusHint(status: string): string | null {
  return PAYOUT_STATUS_HINTS[status] ?? null
}

// ---------------------------------------------------------------------------------------------------------------
// Amounts
// ---------------------------------------------------------------------------------------------------------------

/** Decimal digits of a currency (USD 2, JPY 0, KWD 3), as the browser's Intl knows it; 2 for unknown codes. */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase() }).resolvedOptions()
        .maximumFractionDigits ?? 2
    )
  } catch {
    return 2
  }
}

function toNumber(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === "") return null
  const number = Number(value)
  return Number.isFinite(number) ? number : null
}

export type AmountLimit = { value: number; source: "settings" | "paycore" }
export type AmountLimits = { min: AmountLimit | null; max: AmountLimit | null }

/** The tighter of the store's limits (payout settings) and PayCore's limits for the service. */
export function effectiveLimits(
  rules: Pick<PayoutCurrencySettings, "min_amount" | "max_amount"> | null | undefined,
  service: Pick<PayoutService, "amount_min" | "amount_max"> | null | undefined
): AmountLimits {
  const pick = (store: number | null, paycore: number | null, tighter: (a: number, b: number) => boolean) => {
    if (store === null && paycore === null) return null
    if (store === null) return { value: paycore!, source: "paycore" as const }
    if (paycore === null) return { value: store, source: "settings" as const }
    return tighter(paycore, store)
      ? { value: paycore, source: "paycore" as const }
      : { value: store, source: "settings" as const }
  }
  return {
    min: pick(toNumber(rules?.min_amount), toNumber(service?.amount_min), (a, b) => a > b),
    max: pick(toNumber(rules?.max_amount), toNumber(service?.amount_max), (a, b) => a < b),
  }
}

/** "$5.00 – $1,000.00", "at least $5.00", "up to $1,000.00", or null without limits. */
export function limitsText(limits: AmountLimits, currency: string): string | null {
  const money = (limit: AmountLimit) => formatAmount(limit.value, currency)
  if (limits.min && limits.max) return `${money(limits.min)} – ${money(limits.max)}`
  if (limits.min) return `at least ${money(limits.min)}`
  if (limits.max) return `up to ${money(limits.max)}`
  return null
}

/** Whose limits apply: "payout settings", "PayCore's limits", or both. */
export function limitSources(limits: AmountLimits): string {
  const sources = new Set([limits.min?.source, limits.max?.source].filter(Boolean))
  if (sources.size === 2) return "payout settings and PayCore's limits"
  return sources.has("settings") ? "payout settings" : "PayCore's limits"
}

export const DECIMAL = /^\d+(\.\d+)?$/

/** Checks a typed amount; returns the number, or the error to show under the field. */
export function checkAmount(
  text: string,
  currency: string,
  limits: AmountLimits
): { amount: number; error: null } | { amount: null; error: string } {
  const value = text.trim()
  if (!value) return { amount: null, error: "Enter the amount to pay out" }
  if (!DECIMAL.test(value)) return { amount: null, error: "Enter a number such as 42.50 (digits and a decimal point)" }
  const amount = Number(value)
  if (!(amount > 0)) return { amount: null, error: "The amount must be greater than 0" }
  const digits = currencyDigits(currency)
  const decimals = value.includes(".") ? value.length - value.indexOf(".") - 1 : 0
  if (decimals > digits) {
    return {
      amount: null,
      error:
        digits === 0
          ? `${currency.toUpperCase()} has no decimals`
          : `${currency.toUpperCase()} has ${digits} decimal digits`,
    }
  }
  const where = (limit: AmountLimit) =>
    limit.source === "settings" ? "set in the payout settings" : "PayCore's limit for this service"
  if (limits.min && amount < limits.min.value) {
    return {
      amount: null,
      error: `Below the minimum payout of ${formatAmount(limits.min.value, currency)} (${where(limits.min)})`,
    }
  }
  if (limits.max && amount > limits.max.value) {
    return {
      amount: null,
      error: `Above the maximum payout of ${formatAmount(limits.max.value, currency)} (${where(limits.max)})`,
    }
  }
  return { amount, error: null }
}

// ---------------------------------------------------------------------------------------------------------------
// Destination fields
// ---------------------------------------------------------------------------------------------------------------

/** PayCore's text in the admin's language, else English, else any. */
export function localized(text: LocalizedText | undefined, locale = "en"): string | null {
  if (!text) return null
  if (typeof text === "string") return text || null
  const language = locale.split("-")[0]
  return text[locale] || text[language] || text.en || Object.values(text).find(Boolean) || null
}

export function fieldLabel(field: Pick<PayoutServiceField, "key" | "label">, locale?: string): string {
  return localized(field.label, locale) ?? humanize(field.key)
}

/** The error to show under a destination field, or null. */
export function checkField(field: PayoutServiceField, raw: string | undefined, locale?: string): string | null {
  const value = normalizeFieldValue(field.key, raw ?? "")
  const label = fieldLabel(field, locale)
  if (!value) return field.required ? `${label} is required` : null
  if (value.length > 255) return `${label} must be at most 255 characters`
  const pattern = compilePaycorePattern(field.regexp)
  if (pattern && !pattern.test(value)) {
    return isCardField(field.key) && /^\d+$/.test(value)
      ? `${label} must be a card number of 13 to 19 digits` + (field.regexp ? ` (${field.regexp})` : "")
      : `${label} does not have the format PayCore expects` + (field.regexp ? ` (${field.regexp})` : "")
  }
  return null
}

/** The fields to send: normalized, empty optional ones left out. */
export function destinationBody(fields: PayoutServiceField[], values: Record<string, string>): DestinationFields {
  const body: DestinationFields = {}
  for (const field of fields) {
    const value = normalizeFieldValue(field.key, values[field.key] ?? "")
    if (value) body[field.key] = value
  }
  return body
}

/**
 * The approving admin's re-entered destination, checked against the masked one the payout was created with: the
 * fields to send, and the error of each field that is empty or does not match.
 */
export function checkReenteredDestination(
  destination: DestinationFields,
  values: Record<string, string>,
  label: (key: string) => string
): { fields: DestinationFields; problems: Record<string, string> } {
  const problems: Record<string, string> = {}
  const fields: DestinationFields = {}
  for (const key of Object.keys(destination)) {
    const value = normalizeFieldValue(key, values[key] ?? "")
    if (!value) problems[key] = `Re-enter ${label(key).toLowerCase()}`
    else if (maskDestinationValue(key, value) !== destination[key]) {
      problems[key] = `Does not match the destination the payout was created with (${destination[key]})`
    }
    fields[key] = value
  }
  return { fields, problems }
}

/**
 * "551928******0000", or "IBAN ****1234 · Card 551928******0000" for several fields; a card's expiry, masked, is
 * one entry "Card expiry" (month and year never shown).
 */
export function destinationText(destination: DestinationFields, labels: Record<string, string> = {}): string {
  const entries = Object.entries(destination).filter(([key]) => !expiryPart(key))
  if (entries.length < Object.keys(destination).length) entries.push(["card_expiry", "**/****"])
  if (entries.length === 1) return entries[0][1]
  return entries.map(([key, value]) => `${labels[key] ?? humanize(key)} ${value}`).join(" · ") || "—"
}

/** A placeholder from PayCore's example, unless it is masked (`551928******0000` is no example to type). */
export function fieldPlaceholder(field: Pick<PayoutServiceField, "example">): string | undefined {
  return field.example && !field.example.includes("*") ? field.example : undefined
}

// ---------------------------------------------------------------------------------------------------------------
// API errors
// ---------------------------------------------------------------------------------------------------------------

/**
 * The API names each wrong field (`amount: above the maximum …; fields.card_number: does not have …`). Returns
 * them by path (`amount`, `fields.card_number`, `currencies.USD.max_amount`), and what names no known path.
 */
export function splitApiErrors(
  message: string,
  knownPaths: (path: string) => boolean
): { byPath: Record<string, string>; other: string[] } {
  const byPath: Record<string, string> = {}
  const other: string[] = []
  for (const part of message.split(/;\s+/)) {
    const match = /^([A-Za-z0-9_.-]+): (.+)$/s.exec(part.trim())
    if (match && knownPaths(match[1])) byPath[match[1]] = match[2]
    else if (part.trim()) other.push(part.trim())
  }
  return { byPath, other }
}
