import { cardExpired, tokenisedCard } from "../card-details"

// PayCore's documented payload of a tokenised card (docs/paycore-notes.md, "Saved cards").
const PAYLOAD = {
  client_ip: "",
  payment_card: {
    last: "0000",
    mask: "512381******0000",
    brand: "mastercard",
    first: "512381",
    holder: "John Doe",
    expiry_year: "32",
    expiry_month: "12",
    issuer_name: "FIRST DATA CORPORATION",
    issuer_country: "US",
  },
  token: "4c9jHUgeL1SD7g5byDYnQ2wXk8pLm3Nb",
}

describe("a tokenised card from PayCore's payload", () => {
  it("reads the token and the card's public part: brand, last four digits and the two-digit expiry", () => {
    expect(tokenisedCard(PAYLOAD)).toEqual({
      token: PAYLOAD.token,
      card: { brand: "mastercard", last4: "0000", expiry_month: "12", expiry_year: "32" },
    })
  })

  it("keeps nothing of the holder, the first digits or the issuer", () => {
    expect(JSON.stringify(tokenisedCard(PAYLOAD)!.card)).not.toMatch(/John|512381|FIRST DATA/)
  })

  it("takes the last four digits from the mask when `last` is missing, and a four-digit year as its last two", () => {
    const { last: _last, ...card } = PAYLOAD.payment_card
    expect(
      tokenisedCard({ ...PAYLOAD, payment_card: { ...card, expiry_year: "2032", expiry_month: 3 } })!.card
    ).toEqual({
      brand: "mastercard",
      last4: "0000",
      expiry_month: "03",
      expiry_year: "32",
    })
  })

  it("finds nothing without a token, without a card, or with a month that is not one", () => {
    expect(tokenisedCard({ ...PAYLOAD, token: undefined })).toBeUndefined()
    expect(tokenisedCard({ token: PAYLOAD.token })).toBeUndefined()
    expect(tokenisedCard({ ...PAYLOAD, payment_card: { ...PAYLOAD.payment_card, expiry_month: "13" } })).toBeUndefined()
    expect(tokenisedCard(null)).toBeUndefined()
  })
})

describe("a saved card's expiry", () => {
  const now = new Date("2026-12-06T12:00:00Z")
  it("is good through the last day of its expiry month", () => {
    expect(cardExpired({ expiry_month: "12", expiry_year: "26" }, now)).toBe(false)
    expect(cardExpired({ expiry_month: "01", expiry_year: "27" }, now)).toBe(false)
  })
  it("has expired from the month after", () => {
    expect(cardExpired({ expiry_month: "11", expiry_year: "26" }, now)).toBe(true)
    expect(cardExpired({ expiry_month: "12", expiry_year: "25" }, now)).toBe(true)
  })
})
