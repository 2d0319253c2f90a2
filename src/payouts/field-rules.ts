// The rules for a payout's destination fields, shared by the server and the admin dashboard (which imports this
// file): how values are normalized, masked and checked against PayCore's field patterns. No Medusa, no Node APIs.
import { maskCardNumber, maskCardNumbersInText } from "../lib/paycore/redact"

/**
 * A payout's destination (PayCore's service `fields`, e.g. `{ card_number }`) is sent to PayCore in full and kept
 * here only masked. Rules (PCI DSS allows at most the first six and last four digits of a card number):
 * - card numbers (`card_number`, `pan`, or any value of 13–19 digits): first 6 + last 4, e.g. `551928******0000`;
 * - other values of 13 characters or more: first 6 + last 4 characters;
 * - 8 to 12 characters: the last 4 only; shorter values are hidden completely (`****`);
 * - a card's expiry month and year: always `**` and `****`.
 */
const CARD_FIELD_KEYS = new Set(["card_number", "cardnumber", "pan"])
const CARD_SHAPE = /^\d{13,19}$/

export type DestinationFields = Record<string, string>

/** A field that holds a card number by its name (`card_number`, `pan`). */
export function isCardField(key: string): boolean {
  return CARD_FIELD_KEYS.has(key.toLowerCase())
}

/** A card number by its name, or any value of 13–19 digits. */
function holdsCardNumber(key: string, value: string): boolean {
  return isCardField(key) || CARD_SHAPE.test(value)
}

/**
 * A card's expiry (docs/paycore-notes.md, "Payouts": PayCore takes `context.card.exp_month` / `exp_year`, strings,
 * 4-digit year). How a service asks for it is not documented, so every key it may go by counts.
 */
export type ExpiryPart = "exp_month" | "exp_year"
const EXPIRY_KEYS: Readonly<Record<string, ExpiryPart>> = Object.fromEntries(
  ["", "card.", "context.card."].flatMap((prefix) => [
    [`${prefix}exp_month`, "exp_month"],
    [`${prefix}expiry_month`, "exp_month"],
    [`${prefix}exp_year`, "exp_year"],
    [`${prefix}expiry_year`, "exp_year"],
  ])
)

/** `exp_month`, `expiry_month`, `card.exp_month`, `context.card.exp_month` → `exp_month` (and the years); else null. */
export function expiryPart(key: string): ExpiryPart | null {
  return EXPIRY_KEYS[key.toLowerCase()] ?? null
}

/** A valid month becomes `01`–`12`, a 2-digit year `20YY`; anything else only trimmed (and refused later). */
export function normalizeExpiryValue(part: ExpiryPart, value: string): string {
  const text = String(value).trim()
  if (part === "exp_month") return /^\d{1,2}$/.test(text) && +text >= 1 && +text <= 12 ? text.padStart(2, "0") : text
  return /^\d{2}$/.test(text) ? `20${text}` : text
}

/** As every field is normalized: trimmed; card numbers without the spaces and dashes people type or paste. */
export function normalizeFieldValue(key: string, value: string): string {
  const part = expiryPart(key)
  if (part) return normalizeExpiryValue(part, value)
  const trimmed = String(value).trim()
  return isCardField(key) ? trimmed.replace(/[\s-]/g, "") : trimmed
}

/**
 * Trims every value; card numbers lose the spaces and dashes people type or paste (`5519 2838 1203 0000`); an
 * empty card expiry is left out (it is optional unless the service requires it).
 */
export function normalizeDestination(fields: Record<string, string>): DestinationFields {
  const normalized: DestinationFields = {}
  for (const [key, raw] of Object.entries(fields)) {
    const value = normalizeFieldValue(key, raw)
    if (value || !expiryPart(key)) normalized[key] = value
  }
  return normalized
}

export function maskDestinationValue(key: string, value: string): string {
  // Card data like the number: never kept, whatever its length.
  const part = expiryPart(key)
  if (part) return part === "exp_month" ? "**" : "****"
  if (holdsCardNumber(key, value)) return maskCardNumber(value)
  const length = value.length
  let masked: string
  if (length >= 13) masked = `${value.slice(0, 6)}${"*".repeat(length - 10)}${value.slice(-4)}`
  else if (length >= 8) masked = `${"*".repeat(length - 4)}${value.slice(-4)}`
  else masked = "****"
  // A card number hidden inside free text is masked too.
  return maskCardNumbersInText(masked)
}

/** What is stored and shown: every field masked. */
export function maskDestination(fields: DestinationFields): DestinationFields {
  const masked: DestinationFields = {}
  for (const [key, value] of Object.entries(fields)) masked[key] = maskDestinationValue(key, value)
  return masked
}

/**
 * PayCore publishes its field rules as PCRE patterns, sometimes with delimiters (`/…/i`). A pattern JavaScript
 * cannot compile is not checked here (PayCore checks it when the payout is sent).
 */
export function compilePaycorePattern(pattern: string | null | undefined): RegExp | null {
  if (!pattern) return null
  const delimited = /^\/(.+)\/([a-z]*)$/s.exec(pattern)
  try {
    return delimited ? new RegExp(delimited[1], delimited[2].replace(/[^imsu]/g, "")) : new RegExp(pattern)
  } catch {
    return null
  }
}
