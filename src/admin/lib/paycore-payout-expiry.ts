// "Card expiry" in the payout forms: a month and a year input for card services, required when the service lists
// its expiry fields as required. The rules are the server's own pure modules (payouts/card-expiry.ts,
// payouts/field-rules.ts): the same keys, normalization (`9` → `09`, `30` → `2030`) and checks.
import { acceptsCardExpiry, cardExpiryProblems, expiryCounterpart, expiryPart } from "../../payouts/card-expiry"
import { type DestinationFields, normalizeFieldValue } from "../../payouts/field-rules"
import { destinationBody } from "./paycore-payout-form"
import type { PayoutService, PayoutServiceField } from "./paycore-payouts-api"

export { expiryPart }

/** Where the two inputs' values go: the service's own expiry fields, else `exp_month` / `exp_year`. */
export type ExpiryInputs = { required: boolean; monthKey: string; yearKey: string }
export type ExpiryErrors = { month?: string; year?: string }

/** The expiry inputs of a service, or null for a service that takes no card expiry. */
export function expiryInputsFor(service: Pick<PayoutService, "code" | "method" | "fields">): ExpiryInputs | null {
  if (!acceptsCardExpiry(service)) return null
  const month = service.fields.find((field) => expiryPart(field.key) === "exp_month")
  const year = service.fields.find((field) => expiryPart(field.key) === "exp_year")
  return {
    required: Boolean(month?.required || year?.required),
    monthKey: month?.key ?? (year ? expiryCounterpart(year.key) : "exp_month"),
    yearKey: year?.key ?? (month ? expiryCounterpart(month.key) : "exp_year"),
  }
}

/** The service's fields other than its expiry (which has its own inputs). */
export function nonExpiryFields(service: Pick<PayoutService, "fields">): PayoutServiceField[] {
  return service.fields.filter((field) => !expiryPart(field.key))
}

/** The expiry as the destination carries it, normalized; nothing when both inputs are empty. */
export function expiryBody(inputs: ExpiryInputs, month: string, year: string): DestinationFields {
  const body: DestinationFields = {}
  const monthValue = normalizeFieldValue(inputs.monthKey, month)
  const yearValue = normalizeFieldValue(inputs.yearKey, year)
  if (monthValue) body[inputs.monthKey] = monthValue
  if (yearValue) body[inputs.yearKey] = yearValue
  return body
}

/** The destination the send form sends: the service's fields, then the card's expiry. */
export function payoutDestination(service: PayoutService, values: Record<string, string>): DestinationFields {
  const inputs = expiryInputsFor(service)
  const expiry = inputs ? expiryBody(inputs, values[inputs.monthKey] ?? "", values[inputs.yearKey] ?? "") : {}
  return { ...destinationBody(nonExpiryFields(service), values), ...expiry }
}

/** The errors to show under the expiry inputs, as the server would refuse them (`now` for tests). */
export function checkExpiryInputs(
  inputs: ExpiryInputs,
  month: string,
  year: string,
  now: Date = new Date()
): ExpiryErrors {
  const body = expiryBody(inputs, month, year)
  const hasMonth = inputs.monthKey in body
  const hasYear = inputs.yearKey in body
  if (!hasMonth && !hasYear) {
    return inputs.required ? { month: "Enter the card's expiry month", year: "Enter the card's expiry year" } : {}
  }
  if (!hasMonth) return { month: "Enter the month too" }
  if (!hasYear) return { year: "Enter the year too" }
  const errors: ExpiryErrors = {}
  for (const problem of cardExpiryProblems(body, now)) {
    const message = problem.message.charAt(0).toUpperCase() + problem.message.slice(1)
    errors[expiryPart(problem.key) === "exp_month" ? "month" : "year"] ??= message
  }
  return errors
}
