import { redactForLog } from "../../lib/paycore/redact"
import {
  acceptsCardExpiry,
  cardExpired,
  cardExpiryProblems,
  expiryFieldValue,
  expiryPart,
  paycorePayoutDestination,
} from "../card-expiry"
import { destinationFingerprint, maskDestination, normalizeDestination } from "../destination"
import { checkAgainstPaycore } from "../plan"

const CARD = "5123817234060000"
const NOW = new Date("2026-03-15T12:00:00Z")

/** PayCore's payout pre-request with one USD service and the given fields. */
function prerequest(service: { code: string; method: string; fields: Array<Record<string, unknown>> }) {
  return {
    type: "payout-prerequest",
    attributes: {
      currency: "USD",
      services: {
        [service.code]: { ...service, currency: "USD", amount_min: 1, amount_max: 1000, status: "available" },
      },
    },
  } as any
}
type Field = { key: string; regexp: string | null; required: boolean }
const cardNumberField: Field = { key: "card_number", regexp: "^[0-9]{13,19}$", required: true }
const field = (key: string, regexp: string | null, required = true): Field => ({ key, regexp, required })

describe("card expiry of a card payout", () => {
  it("recognises the expiry under every key a service may use", () => {
    for (const key of ["exp_month", "expiry_month", "card.exp_month", "context.card.exp_month", "EXP_MONTH"]) {
      expect([key, expiryPart(key)]).toEqual([key, "exp_month"])
    }
    for (const key of ["exp_year", "expiry_year", "card.exp_year", "context.card.exp_year"]) {
      expect([key, expiryPart(key)]).toEqual([key, "exp_year"])
    }
    expect(expiryPart("card_number")).toBeNull()
    expect(expiryPart("expiry")).toBeNull()
  })

  it("normalises a month to two digits and a 2-digit year to 20YY, and leaves out an empty expiry", () => {
    expect(normalizeDestination({ card_number: CARD, exp_month: " 9 ", exp_year: "31" })).toEqual({
      card_number: CARD,
      exp_month: "09",
      exp_year: "2031",
    })
    expect(normalizeDestination({ "card.exp_month": "12", "card.exp_year": " 2031 " })).toEqual({
      "card.exp_month": "12",
      "card.exp_year": "2031",
    })
    expect(normalizeDestination({ card_number: CARD, exp_month: "", exp_year: " " })).toEqual({ card_number: CARD })
    // Not a month: kept as typed, for the check to refuse.
    expect(normalizeDestination({ exp_month: "13" })).toEqual({ exp_month: "13" })
  })

  it("masks the month and year completely in the stored destination", () => {
    expect(maskDestination({ card_number: CARD, exp_month: "09", exp_year: "2031" })).toEqual({
      card_number: "512381******0000",
      exp_month: "**",
      exp_year: "****",
    })
    expect(maskDestination({ "context.card.exp_year": "2031" })).toEqual({ "context.card.exp_year": "****" })
  })

  it("makes the expiry part of the destination's fingerprint", () => {
    const base = { card_number: CARD, exp_month: "09", exp_year: "2031" }
    const fingerprint = destinationFingerprint(base, "secret")
    expect(destinationFingerprint({ ...base, exp_year: "2032" }, "secret")).not.toBe(fingerprint)
    expect(destinationFingerprint({ card_number: CARD }, "secret")).not.toBe(fingerprint)
  })

  it("accepts a valid expiry, and no expiry at all", () => {
    expect(cardExpiryProblems({ card_number: CARD, exp_month: "09", exp_year: "2031" }, NOW)).toEqual([])
    expect(cardExpiryProblems({ card_number: CARD }, NOW)).toEqual([])
  })

  it.each([
    [{ exp_month: "13", exp_year: "2031" }, "exp_month", "must be the card's expiry month, 1 to 12"],
    [{ exp_month: "0", exp_year: "2031" }, "exp_month", "must be the card's expiry month, 1 to 12"],
    [{ exp_month: "ab", exp_year: "2031" }, "exp_month", "must be the card's expiry month, 1 to 12"],
    [{ exp_month: "09", exp_year: "203" }, "exp_year", "must be the card's expiry year, 2 or 4 digits"],
    [{ exp_month: "09", exp_year: "02031" }, "exp_year", "must be the card's expiry year, 2 or 4 digits"],
    [{ exp_month: "09" }, "exp_year", "is required with exp_month (the card's expiry)"],
    [{ expiry_year: "2031" }, "expiry_month", "is required with expiry_year (the card's expiry)"],
    [{ exp_month: "02", exp_year: "2026" }, "exp_year", "the card expired at the end of 02/2026"],
    [
      { exp_month: "09", expiry_month: "10", exp_year: "2031" },
      "expiry_month",
      "the card's expiry month is already given as exp_month",
    ],
  ])("refuses %j naming fields.%s", (fields, key, message) => {
    expect(cardExpiryProblems(normalizeDestination(fields), NOW)).toContainEqual({ key, message })
  })

  it("counts a card valid until the end of its expiry month, UTC", () => {
    const march = { exp_month: "03", exp_year: "2026" }
    expect(cardExpired(march, new Date("2026-03-31T23:59:59.999Z"))).toBe(false)
    expect(cardExpired(march, new Date("2026-04-01T00:00:00Z"))).toBe(true)
    expect(cardExpired({ exp_month: "12", exp_year: "2026" }, new Date("2026-12-31T23:00:00Z"))).toBe(false)
    expect(cardExpired({ exp_month: "12", exp_year: "2026" }, new Date("2027-01-01T00:00:00Z"))).toBe(true)
  })

  it("knows which services take an expiry: card services, and services that list one", () => {
    expect(acceptsCardExpiry({ code: "payment_card_usd", method: "payment_card", fields: [cardNumberField] })).toBe(
      true
    )
    expect(acceptsCardExpiry({ code: "payment_card_usd" })).toBe(true)
    expect(acceptsCardExpiry({ code: "visa_direct_usd", method: "visa", fields: [{ key: "pan" }] })).toBe(true)
    expect(acceptsCardExpiry({ code: "wallet_usd", method: "wallet", fields: [{ key: "expiry_year" }] })).toBe(true)
    expect(acceptsCardExpiry({ code: "bitcoin_btc", method: "bitcoin", fields: [{ key: "wallet_id" }] })).toBe(false)
  })

  describe("the payout request PayCore gets", () => {
    const destination = { card_number: CARD, exp_month: "09", exp_year: "2031" }

    it("sends the expiry as context.card when the service lists only the card number", () => {
      expect(paycorePayoutDestination(destination, [cardNumberField])).toEqual({
        fields: { card_number: CARD },
        context: { card: { exp_month: "09", exp_year: "2031" } },
      })
    })

    it("keeps the expiry fields the service lists in fields too, whatever key the admin used", () => {
      const listed = [cardNumberField, field("expiry_month", null), field("expiry_year", "^[0-9]{2}$")]
      expect(paycorePayoutDestination(destination, listed)).toEqual({
        fields: { card_number: CARD, expiry_month: "09", expiry_year: "31" },
        context: { card: { exp_month: "09", exp_year: "2031" } },
      })
      const dotted = [cardNumberField, field("context.card.exp_month", null), field("context.card.exp_year", null)]
      expect(paycorePayoutDestination(destination, dotted).fields).toEqual({
        card_number: CARD,
        "context.card.exp_month": "09",
        "context.card.exp_year": "2031",
      })
    })

    it("sends the expiry only as context.card when PayCore's field list is not known", () => {
      expect(paycorePayoutDestination({ card_number: CARD, expiry_month: "09", expiry_year: "2031" }, null)).toEqual({
        fields: { card_number: CARD },
        context: { card: { exp_month: "09", exp_year: "2031" } },
      })
    })

    it("sends no context without an expiry", () => {
      expect(paycorePayoutDestination({ card_number: CARD }, [cardNumberField])).toEqual({
        fields: { card_number: CARD },
      })
    })

    it("picks the form of a listed field that matches the service's pattern", () => {
      expect(expiryFieldValue("exp_month", "09", "^(0[1-9]|1[0-2])$")).toBe("09")
      expect(expiryFieldValue("exp_month", "09", "^([1-9]|1[0-2])$")).toBe("9")
      expect(expiryFieldValue("exp_year", "2031", "^[0-9]{4}$")).toBe("2031")
      expect(expiryFieldValue("exp_year", "2031", "/^\\d{2}$/")).toBe("31")
      expect(expiryFieldValue("exp_year", "2031", "^[a-z]+$")).toBeNull()
    })
  })

  describe("against PayCore's pre-request", () => {
    const card = { code: "payment_card_usd", method: "payment_card", fields: [cardNumberField] }
    const check = (service: typeof card, fields: Record<string, string>) =>
      checkAgainstPaycore(prerequest(service), service.code, "USD", 25, normalizeDestination(fields))

    it("lets a card service take an expiry it does not list (optional), and returns its field rules", () => {
      expect(check(card, { card_number: CARD, exp_month: "9", exp_year: "31" })).toEqual([
        { key: "card_number", regexp: "^[0-9]{13,19}$" },
      ])
      expect(() => check(card, { card_number: CARD })).not.toThrow()
    })

    it("requires the expiry when the service lists it as required, under any of its keys", () => {
      const listed = { ...card, fields: [cardNumberField, field("exp_month", null), field("exp_year", "^[0-9]{4}$")] }
      expect(() => check(listed, { card_number: CARD })).toThrow(
        "fields.exp_month: is required by payment_card_usd; fields.exp_year: is required by payment_card_usd"
      )
      expect(() => check(listed, { card_number: CARD, "card.exp_month": "09", "card.exp_year": "2031" })).not.toThrow()
    })

    it("refuses an expiry for a service that takes no card, and a listed field whose pattern no form matches", () => {
      const wallet = { code: "bitcoin_btc", method: "bitcoin", fields: [field("wallet_id", null)] }
      expect(() => check(wallet, { wallet_id: "1abc", exp_month: "09", exp_year: "2031" })).toThrow(
        "fields.exp_month: is not a field of bitcoin_btc"
      )
      const strict = { ...card, fields: [cardNumberField, field("exp_year", "^[A-Z]{3}$", false)] }
      expect(() => check(strict, { card_number: CARD, exp_month: "09", exp_year: "2031" })).toThrow(
        "fields.exp_year: does not have the format payment_card_usd expects (^[A-Z]{3}$)"
      )
    })
  })

  it("never logs an expiry, wherever it is in a request", () => {
    const logged = JSON.stringify(
      redactForLog({
        fields: { card_number: CARD, expiry_month: "09", "card.exp_year": "2031" },
        context: { card: { exp_month: "09", exp_year: "2031" } },
      })
    )
    expect(logged).not.toContain("2031")
    expect(logged).not.toContain('"09"')
    expect(logged).toContain("512381******0000")
  })
})
