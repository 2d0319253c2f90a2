import { checkExpiryInputs, expiryInputsFor, nonExpiryFields, payoutDestination } from "../paycore-payout-expiry"
import { destinationText } from "../paycore-payout-form"
import type { PayoutService, PayoutServiceField } from "../paycore-payouts-api"

const NOW = new Date("2026-03-15T12:00:00Z")
const field = (key: string, required = true, regexp: string | null = null): PayoutServiceField => ({
  key,
  type: "string",
  label: null,
  hint: null,
  example: null,
  regexp,
  required,
})
const service = (overrides: Partial<PayoutService> = {}): PayoutService => ({
  code: "payment_card_usd",
  method: "payment_card",
  method_name: "Payment card",
  logo: null,
  currency: "USD",
  status: "available",
  amount_min: 1,
  amount_max: 1000,
  exchange_rate: 1,
  fields: [field("card_number", true, "^[0-9]{13,19}$")],
  allowed: true,
  is_default: true,
  ...overrides,
})

describe("admin payout forms: card expiry", () => {
  it("offers an optional expiry for card services that list only the card number", () => {
    expect(expiryInputsFor(service())).toEqual({ required: false, monthKey: "exp_month", yearKey: "exp_year" })
  })

  it("uses the service's own expiry fields, required when it says so, and leaves them out of the plain fields", () => {
    const listed = service({ fields: [field("card_number"), field("expiry_month"), field("expiry_year")] })
    expect(expiryInputsFor(listed)).toEqual({ required: true, monthKey: "expiry_month", yearKey: "expiry_year" })
    expect(nonExpiryFields(listed).map((f) => f.key)).toEqual(["card_number"])
    const optional = service({ fields: [field("card_number"), field("card.exp_month", false)] })
    expect(expiryInputsFor(optional)).toEqual({ required: false, monthKey: "card.exp_month", yearKey: "card.exp_year" })
  })

  it("offers no expiry for services that pay out to anything but a card", () => {
    expect(expiryInputsFor(service({ code: "bitcoin_btc", method: "bitcoin", fields: [field("wallet_id")] }))).toBe(
      null
    )
  })

  it("checks the typed expiry as the server does", () => {
    const optional = { required: false, monthKey: "exp_month", yearKey: "exp_year" }
    const required = { ...optional, required: true }
    expect(checkExpiryInputs(optional, "", "", NOW)).toEqual({})
    expect(checkExpiryInputs(required, "", "", NOW)).toEqual({
      month: "Enter the card's expiry month",
      year: "Enter the card's expiry year",
    })
    expect(checkExpiryInputs(optional, "9", "31", NOW)).toEqual({})
    expect(checkExpiryInputs(optional, "9", "", NOW)).toEqual({ year: "Enter the year too" })
    expect(checkExpiryInputs(optional, "", "2031", NOW)).toEqual({ month: "Enter the month too" })
    expect(checkExpiryInputs(optional, "13", "2031", NOW)).toEqual({
      month: "Must be the card's expiry month, 1 to 12",
    })
    expect(checkExpiryInputs(optional, "09", "203", NOW)).toEqual({
      year: "Must be the card's expiry year, 2 or 4 digits",
    })
    expect(checkExpiryInputs(optional, "02", "26", NOW)).toEqual({ year: "The card expired at the end of 02/2026" })
  })

  it("sends the expiry normalized under the inputs' keys, and nothing when it is left empty", () => {
    const card = service()
    expect(payoutDestination(card, { card_number: "5123 8172 3406 0000", exp_month: "9", exp_year: "31" })).toEqual({
      card_number: "5123817234060000",
      exp_month: "09",
      exp_year: "2031",
    })
    expect(payoutDestination(card, { card_number: "5123817234060000", exp_month: " ", exp_year: "" })).toEqual({
      card_number: "5123817234060000",
    })
  })

  it("shows a destination with an expiry masked, as one 'Card expiry'", () => {
    expect(
      destinationText({ card_number: "512381******0000", exp_month: "**", exp_year: "****" }, { card_number: "Card" })
    ).toBe("Card 512381******0000 · Card expiry **/****")
    expect(destinationText({ card_number: "512381******0000" })).toBe("512381******0000")
  })
})
