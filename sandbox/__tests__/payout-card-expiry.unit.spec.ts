// Card payouts with the card's expiry (docs/paycore-notes.md, "Payouts"): `context.card.{exp_month, exp_year}`,
// optional by default, required with `payoutCardExpiry: "required"`, and fields a service may list.
import type { Sandbox } from "../src"
import { cardExpiryFields } from "../src"
import { call, start } from "./helpers"

const CARD = "5404367504475264"

describe("Private API: card payouts with expiry", () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await start()
  })
  afterEach(() => {
    sandbox.updateConfig({ payoutCardExpiry: "optional", payoutServices: structuredClone(defaultServices) })
  })
  afterAll(async () => {
    await sandbox.close()
  })
  let defaultServices: Sandbox["config"]["payoutServices"]
  beforeAll(() => {
    defaultServices = structuredClone(sandbox.config.payoutServices)
  })

  const payout = (attributes: Record<string, unknown> = {}) =>
    call(sandbox, "POST", "/api/payout-invoices", {
      json: {
        data: {
          type: "payout-invoice",
          attributes: {
            service: "payment_card_usd",
            reference_id: `po_exp_${Math.random()}`,
            currency: "USD",
            amount: 10,
            fields: { card_number: CARD },
            test_mode: true,
            options: { auto_process: true },
            ...attributes,
          },
        },
      },
    })

  it("takes a card payout without expiry by default, and keeps the expiry it gets out of every answer", async () => {
    expect((await payout()).status).toBe(201)
    const res = await payout({ context: { card: { exp_month: "09", exp_year: "2031" } } })
    expect(res.status).toBe(201)
    expect(res.text).not.toContain("2031")
    expect(sandbox.getInvoiceState(res.json.data.id).invoice).toMatchObject({
      cardExpiry: { exp_month: "09", exp_year: "2031" },
    })
  })

  it("refuses a card payout without context.card when the account requires it, naming the attribute", async () => {
    sandbox.updateConfig({ payoutCardExpiry: "required" })
    const missing = await payout()
    expect(missing.status).toBe(422)
    expect(missing.json.error_type).toBe("validation_error")
    expect(missing.json.error_codes).toEqual([
      expect.objectContaining({ field: "context.card.exp_month", code: "required" }),
      expect.objectContaining({ field: "context.card.exp_year", code: "required" }),
    ])
    const yearOnly = await payout({ context: { card: { exp_year: "2031" } } })
    expect(yearOnly.json.error_codes).toEqual([
      expect.objectContaining({ field: "context.card.exp_month", code: "required" }),
    ])
    expect((await payout({ context: { card: { exp_month: "09", exp_year: "2031" } } })).status).toBe(201)
  })

  it("refuses an expiry that is not PayCore's strings with a 4-digit year, in either mode", async () => {
    const numbers = await payout({ context: { card: { exp_month: 9, exp_year: 2031 } } })
    expect(numbers.status).toBe(422)
    expect(numbers.json.error_codes).toEqual([
      expect.objectContaining({ field: "context.card.exp_month", code: "invalid_type" }),
      expect.objectContaining({ field: "context.card.exp_year", code: "invalid_type" }),
    ])
    const shortYear = await payout({ context: { card: { exp_month: "9", exp_year: "31" } } })
    expect(shortYear.json.error_codes).toEqual([
      expect.objectContaining({ field: "context.card.exp_month", code: "invalid_format" }),
      expect.objectContaining({ field: "context.card.exp_year", code: "invalid_format" }),
    ])
  })

  it("does not ask non-card services for an expiry", async () => {
    sandbox.updateConfig({
      payoutCardExpiry: "required",
      payoutServices: [
        ...defaultServices,
        {
          code: "wallet_usd",
          method: "wallet",
          currency: "USD",
          amountMin: 1,
          amountMax: 100,
          fields: [{ ...cardExpiryFields()[0], key: "wallet_id", regexp: null }],
        },
      ],
    })
    expect((await payout({ service: "wallet_usd", fields: { wallet_id: "W-1" } })).status).toBe(201)
  })

  it("lets a payout service list exp_month/exp_year fields, filled from fields or context.card, hidden in answers", async () => {
    sandbox.updateConfig({
      payoutServices: defaultServices.map((service) =>
        service.code === "payment_card_usd"
          ? { ...service, fields: [...service.fields, ...cardExpiryFields()] }
          : service
      ),
    })
    const prerequest = await call(sandbox, "POST", "/public-api/payout-prerequest", {
      json: { public_key: sandbox.config.testPublicKey, currency: "USD" },
    })
    expect(prerequest.json.data.attributes.services.payment_card_usd.fields.map((f: any) => f.key)).toEqual([
      "card_number",
      "exp_month",
      "exp_year",
    ])
    const missing = await payout()
    expect(missing.json.error_codes).toEqual([
      expect.objectContaining({ field: "fields.exp_month", code: "required" }),
      expect.objectContaining({ field: "fields.exp_year", code: "required" }),
    ])
    const inFields = await payout({ fields: { card_number: CARD, exp_month: "09", exp_year: "2031" } })
    expect(inFields.status).toBe(201)
    expect(inFields.json.data.attributes.fields).toEqual({
      card_number: "540436******5264",
      exp_month: "**",
      exp_year: "**",
    })
    expect((await payout({ context: { card: { exp_month: "09", exp_year: "2031" } } })).status).toBe(201)
  })
})
