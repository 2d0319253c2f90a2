// The card expiry of a card payout (docs/paycore-notes.md, "Payouts"): PayCore takes it as
// `context.card.{exp_month, exp_year}`, strings, 4-digit year. It travels in the destination like the card number
// (sealed, fingerprinted, stored masked) under whichever key the admin or the service used. Shared by the server and
// the admin dashboard: no Medusa, no Node APIs.
import { compilePaycorePattern, expiryPart, isCardField, type DestinationFields, type ExpiryPart } from "./field-rules"

export { expiryPart, type ExpiryPart }

export type CardExpiry = { exp_month: string; exp_year: string }
/** A service field as far as the request needs it: its key and PayCore's pattern. */
export type ServiceFieldRule = { key: string; regexp?: string | null }
export type ExpiryProblem = { key: string; message: string }

const PART_NAMES: Record<ExpiryPart, string> = { exp_month: "month", exp_year: "year" }

/** `expiry_month` → `expiry_year`, `card.exp_year` → `card.exp_month`: the other half under the same naming. */
export function expiryCounterpart(key: string): string {
  return /month$/i.test(key) ? key.replace(/month$/i, "year") : key.replace(/year$/i, "month")
}

/**
 * Whether a service takes a card's expiry: PayCore's `payment_card` method (`payment_card_usd`), a service whose
 * fields hold a card number, or one that lists an expiry field itself.
 */
export function acceptsCardExpiry(service: {
  code: string
  method?: string | null
  fields?: ReadonlyArray<{ key: string }> | null
}): boolean {
  if (service.method ? service.method === "payment_card" : service.code.startsWith("payment_card")) return true
  return (service.fields ?? []).some((field) => isCardField(field.key) || expiryPart(field.key) !== null)
}

/** The expiry in a (normalized) destination, by part, with the key it came under. */
export function findCardExpiry(fields: DestinationFields): Partial<Record<ExpiryPart, { key: string; value: string }>> {
  const found: Partial<Record<ExpiryPart, { key: string; value: string }>> = {}
  for (const [key, value] of Object.entries(fields)) {
    const part = expiryPart(key)
    if (part && value !== "" && !found[part]) found[part] = { key, value }
  }
  return found
}

/**
 * What is wrong with the card expiry in a normalized destination, by field: given twice, a month that is not 1–12,
 * a year of neither 2 nor 4 digits, one half without the other, or a card expired at the end of its month (UTC).
 */
export function cardExpiryProblems(fields: DestinationFields, now: Date = new Date()): ExpiryProblem[] {
  const problems: ExpiryProblem[] = []
  const found = findCardExpiry(fields)
  for (const [key, value] of Object.entries(fields)) {
    const part = expiryPart(key)
    const first = part && found[part]
    if (first && first.key !== key && value !== "") {
      problems.push({ key, message: `the card's expiry ${PART_NAMES[part]} is already given as ${first.key}` })
    }
  }
  const month = found.exp_month
  const year = found.exp_year
  if (month && !/^(0[1-9]|1[0-2])$/.test(month.value)) {
    problems.push({ key: month.key, message: "must be the card's expiry month, 1 to 12" })
  }
  if (year && !/^\d{4}$/.test(year.value)) {
    problems.push({ key: year.key, message: "must be the card's expiry year, 2 or 4 digits" })
  }
  if (month && !year) {
    problems.push({ key: expiryCounterpart(month.key), message: `is required with ${month.key} (the card's expiry)` })
  }
  if (year && !month) {
    problems.push({ key: expiryCounterpart(year.key), message: `is required with ${year.key} (the card's expiry)` })
  }
  if (!problems.length && month && year && cardExpired({ exp_month: month.value, exp_year: year.value }, now)) {
    problems.push({ key: year.key, message: `the card expired at the end of ${month.value}/${year.value}` })
  }
  return problems
}

/** A card is valid until the end of its expiry month (UTC). */
export function cardExpired(expiry: CardExpiry, now: Date = new Date()): boolean {
  const endOfMonth = Date.UTC(Number(expiry.exp_year), Number(expiry.exp_month), 1)
  return now.getTime() >= endOfMonth
}

/**
 * The value for an expiry field the service lists: the normalized form (`09`, `2030`), or the short one (`9`,
 * `30`) when only that matches the service's pattern; null when neither does.
 */
export function expiryFieldValue(part: ExpiryPart, value: string, regexp?: string | null): string | null {
  const forms = [value, part === "exp_month" ? String(Number(value)) : value.slice(-2)]
  const pattern = compilePaycorePattern(regexp)
  return forms.find((form) => !pattern || pattern.test(form)) ?? null
}

/**
 * The destination as PayCore's payout request carries it: the expiry, under whatever key it was given, as
 * `context.card.{exp_month, exp_year}`; every other field, and every expiry field the service itself lists (from
 * PayCore's pre-request; `null` when it did not answer), in `fields`.
 */
export function paycorePayoutDestination(
  destination: DestinationFields,
  serviceFields: ReadonlyArray<ServiceFieldRule> | null
): { fields: DestinationFields; context?: { card: CardExpiry } } {
  const fields: DestinationFields = {}
  for (const [key, value] of Object.entries(destination)) if (!expiryPart(key)) fields[key] = value
  const found = findCardExpiry(destination)
  for (const field of serviceFields ?? []) {
    const part = expiryPart(field.key)
    const given = part && found[part]
    if (given) fields[field.key] = expiryFieldValue(part, given.value, field.regexp) ?? given.value
  }
  if (!found.exp_month || !found.exp_year) return { fields }
  return { fields, context: { card: { exp_month: found.exp_month.value, exp_year: found.exp_year.value } } }
}
