import { readFileSync } from "node:fs"
import { join } from "node:path"
import type { Sandbox } from "../src"
import { CallbackReceiver, call, createInvoice, start } from "./helpers"

/** PayCore's published example bodies (sandbox/fixtures, each with its source tag). */
const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, "../fixtures", name), "utf8")).body
const keys = (value: object) => Object.keys(value).sort()
/** JSON kind, where PHP's [] (empty map or list) counts as both "array" and "object". */
const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? (v.length === 0 ? "empty" : "array") : typeof v)
const compatible = (a: unknown, b: unknown) => {
  const [x, y] = [kind(a), kind(b)]
  return x === y || x === "null" || y === "null" || x === "empty" || y === "empty"
}

// The facts behind these examples are in docs/paycore-notes.md and each fixture's `source`.
describe("PayCore's published examples", () => {
  let sandbox: Sandbox
  let receiver: CallbackReceiver
  beforeAll(async () => {
    receiver = await new CallbackReceiver().start()
    sandbox = await start({ callbackUrl: receiver.url })
  })
  afterAll(async () => {
    await sandbox.close()
    await receiver.close()
  })

  it("charged_back callback: the sandbox's callback has every attribute key, with compatible values", async () => {
    const example = fixture("callback-charged-back.json")
    const doc = await createInvoice(sandbox, {
      amount: 55,
      customer: { reference_id: "test", email: "test@test.com", name: "Test Customer" },
    })
    sandbox.payInvoice(doc.data.id)
    sandbox.chargeBack(doc.data.id)
    await sandbox.callbacksIdle()
    const ours = receiver.received.find(
      (c) => c.json.data.id === doc.data.id && c.json.data.attributes.status === "charged_back"
    )!.json

    expect(keys(ours)).toEqual(keys(example))
    expect(keys(ours.data)).toEqual(keys(example.data))
    const missing = keys(example.data.attributes).filter((k) => !(k in ours.data.attributes))
    expect(missing).toEqual([])
    // The only attribute the sandbox adds: `expires` (documented as created + the account's Invoice lifetime).
    expect(keys(ours.data.attributes).filter((k) => !(k in example.data.attributes))).toEqual(["expires"])
    for (const key of keys(example.data.attributes)) {
      expect([key, compatible(ours.data.attributes[key], example.data.attributes[key])]).toEqual([key, true])
    }
    expect(ours.data.attributes).toMatchObject({
      status: "charged_back",
      amount: 55,
      charged_back_amount: 55,
      processed_fee: 0,
      flow_data: [],
    })
    const customer = ours.included.find((r: { type: string }) => r.type === "customers")
    const exampleCustomer = example.included.find((r: { type: string }) => r.type === "customers")
    expect(keys(customer)).toEqual(keys(exampleCustomer))
    expect(customer.relationships).toEqual({
      "commerce-account": { data: { type: "commerce-accounts", id: sandbox.config.accountId } },
    })
  })

  it("payment prerequest: same attribute, service and method keys", async () => {
    const example = fixture("payment-prerequest-response.json")
    const res = await call(sandbox, "POST", "/public-api/payment-prerequest", {
      json: { public_key: sandbox.config.testPublicKey, currency: "USD" },
    })
    const ours = res.json
    expect(ours.data.type).toBe(example.data.type)
    expect(keys(ours.data.attributes)).toEqual(keys(example.data.attributes))
    const exampleService = example.data.attributes.services.qiwi_rub_hpp
    for (const service of Object.values(ours.data.attributes.services) as object[])
      expect(keys(service)).toEqual(keys(exampleService))
    for (const method of Object.values(ours.data.attributes.methods) as object[])
      expect(keys(method)).toEqual(keys(example.data.attributes.methods.qiwi))
  })

  it("service fields: a field shaped like PayCore's configures and renders the same keys", async () => {
    const exampleField = fixture("payment-prerequest-response.json").data.attributes.services.qiwi_rub_hpp.fields[0]
    const local = await start({
      paymentServices: [
        ...sandbox.config.paymentServices,
        {
          code: "qiwi_usd_hpp",
          method: "qiwi",
          currency: "USD",
          flow: "hpp",
          amountMin: null,
          amountMax: null,
          fields: [{ ...exampleField, regexp: "^\\+\\d{9,14}$" }],
        },
      ],
    })
    try {
      const res = await call(local, "POST", "/public-api/payment-prerequest", {
        json: { public_key: local.config.testPublicKey, currency: "USD" },
      })
      const field = res.json.data.attributes.services.qiwi_usd_hpp.fields[0]
      expect(keys(field)).toEqual(keys(exampleField))
      expect(field.label).toEqual(exampleField.label)
    } finally {
      await local.close()
    }
  })

  it("payout prerequest: same service keys, limits as 8-decimal text", async () => {
    const example = fixture("payout-prerequest-response.json")
    const res = await call(sandbox, "POST", "/public-api/payout-prerequest", {
      json: { public_key: sandbox.config.livePublicKey, currency: "USD", amount: 10 },
    })
    expect(keys(res.json.data.attributes)).toEqual(keys(example.data.attributes))
    const exampleService = example.data.attributes.services.webmoneytransfer_usd
    const ours = res.json.data.attributes.services.payment_card_usd
    expect(keys(ours)).toEqual(keys(exampleService))
    expect(ours.amount_min).toMatch(/^\d+\.\d{8}$/)
    expect(typeof ours.exchange_rate).toBe(typeof exampleService.exchange_rate)
  })

  it("refund: the published request is accepted and the answer has the published keys", async () => {
    const request = fixture("refund-request.json")
    const response = fixture("refund-response.json")
    const doc = await createInvoice(sandbox, { currency: "UAH", service: "payment_card_uah_hpp", amount: 100 })
    sandbox.payInvoice(doc.data.id)
    // The example's invoice id belongs to PayCore's account; point it at ours.
    request.data.attributes.invoiceId = doc.data.id
    const res = await call(sandbox, "POST", `/api/payment-invoices/${doc.data.id}/refund`, { json: request })
    expect(res.status).toBe(201)
    expect(keys(res.json)).toEqual(keys(response))
    expect(keys(res.json.data)).toEqual(keys(response.data))
    expect(keys(res.json.data.attributes)).toEqual(keys(response.data.attributes))
    expect(keys(res.json.data.links)).toEqual(keys(response.data.links))
    expect(res.json.data.attributes).toMatchObject({
      reference_id: request.data.attributes.reference_id,
      description: "Refund by order",
      amount: 10,
      currency: "UAH",
      status: "processed",
      original_id: null,
      fee: 0,
    })
    expect(res.json.data.links.self).toBe(`/refunds/${res.json.data.id}`)
  })

  it("tokenize request is accepted verbatim; the paid invoice's payload has the published keys and card shape", async () => {
    const body = fixture("payment-invoice-tokenize-request.json")
    const example = fixture("payload-tokenized-card.json")
    // The token example below uses the same reference_id.
    body.data.attributes.reference_id = "ORDER1233-tokenize"
    const res = await call(sandbox, "POST", "/api/payment-invoices", { json: body })
    expect(res.status).toBe(201)
    const id = res.json.data.id
    // The example's card: 5123 8172 3406 0000 (3-D Secure), 12/32, John Doe.
    const paid = await call(sandbox, "POST", "/hpp/pay", {
      form: {
        cpi: id,
        card_number: "5123817234060000",
        card_expiry: "12/32",
        card_cvv: "123",
        card_holder: "John Doe",
      },
    })
    expect(paid.status).toBe(303)
    await call(sandbox, "POST", "/hpp/3ds", { form: { cpi: id, code: "1234" } })
    const payload = (await call(sandbox, "GET", `/api/payment-invoices/${id}`)).json.data.attributes.payload
    expect(keys(payload)).toEqual(keys(example))
    expect(payload.payment_card).toEqual(example.payment_card)
    expect(payload.token).toMatch(/^[A-Za-z0-9]{32,}$/)
  })

  it("token payment request is accepted verbatim once its token is a saved card of that customer", async () => {
    const request = fixture("payment-invoice-token-request.json")
    const refused = await call(sandbox, "POST", "/api/payment-invoices", { json: request })
    expect(refused.status).toBe(422)
    expect(refused.json.error_codes).toEqual([
      { code: "invalid_token", field: "token", message: "token is not a saved card of this account" },
    ])
    // The tokenize example above saved the same card for this customer under a token of the sandbox's.
    sandbox.revokeTokens({ customerReferenceId: "my_customer_1" })
    sandbox.saveCardToken({
      token: request.data.attributes.token,
      customerReferenceId: "my_customer_1",
      cardNumber: "5123817234060000",
      expiry: "12/32",
      holder: "John Doe",
    })
    const res = await call(sandbox, "POST", "/api/payment-invoices", { json: request })
    expect(res.status).toBe(201)
    expect(res.json.data.attributes).toMatchObject({
      reference_id: "ORDER1233",
      amount: 1,
      currency: "USD",
      test_mode: true,
      status: "processed",
      payload: { token: request.data.attributes.token, payment_card: { mask: "512381******0000" } },
    })
  })

  it("flat payout body is accepted (currency set to the service's: the sandbox does not convert currencies)", async () => {
    const body = { ...fixture("payout-invoice-flat-request.json"), currency: "UAH" }
    const res = await call(sandbox, "POST", "/api/payout-invoices", { json: body })
    expect(res.status).toBe(201)
    expect(res.json.data.attributes.fields).toEqual({ card_number: "540436******5264" })
    const verbatim = await call(sandbox, "POST", "/api/payout-invoices", {
      json: { ...fixture("payout-invoice-flat-request.json"), reference_id: "other" },
    })
    expect(verbatim.status).toBe(422)
    expect(verbatim.json.error_codes[0]).toMatchObject({ field: "service", code: "currency_mismatch" })
  })

  it("payout callback: the sandbox's payout callback has the published keys", async () => {
    const example = fixture("payout-callback.json")
    await call(sandbox, "POST", "/api/payout-invoices", {
      json: {
        data: {
          type: "payout-invoice",
          attributes: {
            options: { auto_process: true },
            service: "payment_card_usd",
            reference_id: "fx_po",
            currency: "USD",
            amount: 10,
            fields: { card_number: "5519283812030000" },
          },
        },
      },
    })
    await sandbox.callbacksIdle()
    const ours = receiver.received.find(
      (c) => c.json.data.type === "payout-invoices" && c.json.data.attributes.status === "processed"
    )!.json
    expect(keys(example.data).filter((k) => !(k in ours.data))).toEqual([])
    expect(keys(example.data.attributes).filter((k) => !(k in ours.data.attributes))).toEqual([])
    expect(keys(ours.data.attributes.payouts[0])).toEqual(keys(example.data.attributes.payouts[0]))
  })
})
