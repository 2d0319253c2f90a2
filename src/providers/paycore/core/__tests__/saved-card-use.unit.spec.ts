import { parsePaycoreOptions } from "../../../../accounts/options"
import { savedCardUse } from "../saved-card-use"

const base = {
  accountId: "coma_gUEpjaHU3rrntdnB",
  apiKey: "api-key-secret-value",
  publicKey: "pk_test_public",
  testPrivateKey: "sk_test_private",
}
const on = parsePaycoreOptions({
  ...base,
  savedCards: true,
  savedCardKey: "q3Vd8xK2mP9rT4wL7nB1cF6hJ0sG5yZaE8uR2iO4kXw=",
})

describe("what a session asks of saved cards", () => {
  it("asks PayCore to tokenise the card of a logged-in customer who consents, for that customer", () => {
    const use = savedCardUse(on, { save_card: true }, "cus_1")
    expect(use).toMatchObject({
      kind: "save",
      customerId: "cus_1",
      invoiceAttributes: { gateway_options: { cardgate: { tokenize: true } } },
      sessionFields: { paycore_save_card: true, paycore_customer_id: "cus_1" },
    })
  })

  it("pays with a saved card instantly by default, and through PayCore's page with savedCardCharge hpp", () => {
    expect(savedCardUse(on, { saved_card_id: "pcsc_1" }, "cus_1")).toMatchObject({
      kind: "pay",
      savedCardId: "pcsc_1",
      invoiceAttributes: { gateway_options: { cardgate: { instant: true } } },
      sessionFields: { paycore_flow: "token", saved_card_id: "pcsc_1", paycore_customer_id: "cus_1" },
    })
    const hpp = savedCardUse({ ...on, savedCardCharge: "hpp" }, { saved_card_id: "pcsc_1" }, "cus_1")
    expect(hpp?.invoiceAttributes).toEqual({ gateway_options: { cardgate: {} } })
  })

  it("asks nothing when the session says nothing of cards, or declines to save", () => {
    expect(savedCardUse(on, {}, "cus_1")).toBeUndefined()
    expect(savedCardUse(on, { save_card: false }, "cus_1")).toBeUndefined()
  })

  it("refuses, naming the field, a guest, a provider without saved cards, a service that is not a card payment, and both fields at once", () => {
    expect(() => savedCardUse(on, { save_card: true }, undefined)).toThrow("save_card: only a logged-in customer")
    expect(() => savedCardUse(on, { saved_card_id: "pcsc_1" }, undefined)).toThrow("saved_card_id: only a logged-in")
    expect(() => savedCardUse(parsePaycoreOptions(base), { save_card: true }, "cus_1")).toThrow(
      "save_card: saved cards are not enabled"
    )
    expect(() => savedCardUse(on, { save_card: true, service: "bitcoin_btc_hpp" }, "cus_1")).toThrow(
      'save_card: service "bitcoin_btc_hpp" is not a card payment'
    )
    expect(() => savedCardUse(on, { saved_card_id: "pcsc_1", service: "ecommpay_usd_hpp" }, "cus_1")).toThrow(
      'saved_card_id: service "ecommpay_usd_hpp" is not a card payment'
    )
    expect(savedCardUse(on, { save_card: true, service: "payment_card_usd_hpp" }, "cus_1")?.kind).toBe("save")
    expect(() => savedCardUse(on, { save_card: true, saved_card_id: "pcsc_1" }, "cus_1")).toThrow(
      "save_card: a saved card is saved already"
    )
  })
})
