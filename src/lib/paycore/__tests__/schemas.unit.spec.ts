import { readFileSync } from "node:fs"
import { join } from "node:path"

import {
  paycoreCallbackSchema,
  paycoreCreatePaymentInvoiceAttributesSchema,
  paycorePaymentInvoiceDocumentSchema,
  paycorePaymentPrerequestDocumentSchema,
  paycorePayoutPrerequestDocumentSchema,
  paycoreRefundDocumentSchema,
  paycoreRefundRequestSchema,
  parsePaycoreCallback,
} from "../schemas"

function fixture(name: string): any {
  return JSON.parse(readFileSync(join(__dirname, "fixtures", name), "utf8"))
}

function minimalInvoice(attributes: Record<string, unknown> = {}) {
  return {
    data: {
      type: "payment-invoices",
      id: "cpi_abc123",
      attributes: { status: "created", currency: "USD", amount: 10, ...attributes },
    },
  }
}

// The facts and sources of these bodies are in docs/paycore-notes.md ("Callbacks and signatures", "Public API / HPP", "Refunds",
// "Payment invoices").
describe("PayCore's published example bodies", () => {
  it("accepts the charged_back payment invoice callback and normalises PHP's [] to {}", () => {
    const callback = parsePaycoreCallback(fixture("callback-payment-invoice-charged-back.json"))
    expect(callback.data.type).toBe("payment-invoices")
    if (callback.data.type !== "payment-invoices") throw new Error("unreachable")
    const { attributes } = callback.data
    expect(callback.data.id).toBe("cpi_i1T5VQhj5IbHHI1P")
    expect(attributes.status).toBe("charged_back")
    expect(attributes.charged_back_amount).toBe(55)
    expect(attributes.refunded_amount).toBeNull()
    expect(attributes.metadata).toEqual({})
    expect(attributes.flow_data).toEqual({})
    expect(attributes.return_urls).toEqual({})
    expect(attributes.payload).toEqual({})
    expect(attributes.test_mode).toBe(true)
    expect(callback.included?.map((resource) => resource.type)).toEqual(["payment-requests", "customers"])
  })

  it("keeps attributes the schema does not name (loose objects)", () => {
    const callback = parsePaycoreCallback(fixture("callback-payment-invoice-charged-back.json"))
    expect((callback.data.attributes as Record<string, unknown>).callback_logs).toEqual([])
    expect((callback.data.attributes as Record<string, unknown>).deposit).toBe(55)
  })

  it.each(["callback-payout-invoice-processed.json", "callback-payout-invoice-failed-exposed.json"])(
    "accepts the payout invoice callback %s with its payouts array",
    (name) => {
      const callback = parsePaycoreCallback(fixture(name))
      expect(callback.data.type).toBe("payout-invoices")
      if (callback.data.type !== "payout-invoices") throw new Error("unreachable")
      expect(callback.data.id).toBe("cpoi_ztg1119SQjlAk1Y2")
      expect(callback.data.attributes.payouts?.map((part) => part.amount)).toEqual([725, 275])
      expect(callback.data.attributes.fields).toEqual({})
    }
  )

  it("accepts the payment pre-request answer", () => {
    const prerequest = paycorePaymentPrerequestDocumentSchema.parse(fixture("prerequest-payment.json")).data
    expect(Object.keys(prerequest.attributes.services)).toContain("qiwi_rub_hpp")
    expect(prerequest.attributes.services.qiwi_rub_hpp.fields?.[0].key).toBe("phone")
    expect(prerequest.attributes.methods?.qiwi.name).toBe("VISA QIWI Wallet")
  })

  it("accepts the payout pre-request answer and reads numeric-string limits as numbers", () => {
    const prerequest = paycorePayoutPrerequestDocumentSchema.parse(fixture("prerequest-payout.json")).data
    const ethereum = prerequest.attributes.services.ethereum_eth
    expect(ethereum.amount_min).toBe(0.00001)
    expect(ethereum.amount_max).toBe(100)
    expect(ethereum.exchange_rate).toBe(0.009457)
  })

  it("accepts the refund answer", () => {
    const refund = paycoreRefundDocumentSchema.parse(fixture("refund-response.json")).data
    expect(refund).toMatchObject({ type: "refunds", id: "ref_spgCbJh7HNH9JzvL" })
    expect(refund.attributes).toMatchObject({ status: "processed", amount: 100, original_id: null })
  })

  it("accepts the attributes of the refund request as refund input", () => {
    const { amount, reference_id, description } = fixture("refund-request.json").data.attributes
    expect(paycoreRefundRequestSchema.parse({ amount, reference_id, description })).toEqual({
      amount: 10,
      reference_id: "8d1b7ba8-9db9-4153-bb61-4c0d72796b9b",
      description: "Refund by order",
    })
  })

  it("accepts the token payment request as create attributes, keeping unknown ones", () => {
    const attributes = paycoreCreatePaymentInvoiceAttributesSchema.parse(
      fixture("payment-invoice-token-request.json").data.attributes
    )
    expect(attributes).toMatchObject({ reference_id: "ORDER1233", currency: "USD", amount: 1, test_mode: true })
    expect(attributes.gateway_options).toEqual({ cardgate: { instant: true } })
  })
})

describe("payment invoice schema tolerance", () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      "numeric-string amounts become numbers",
      { amount: "10.50", processed_amount: "10.5" },
      { amount: 10.5, processed_amount: 10.5 },
    ],
    [
      "null amounts stay null",
      { processed_amount: null, refunded_amount: null },
      { processed_amount: null, refunded_amount: null },
    ],
    ["metadata as an object is kept", { metadata: { cart_id: "cart_1" } }, { metadata: { cart_id: "cart_1" } }],
    ["metadata as [] becomes {}", { metadata: [] }, { metadata: {} }],
    [
      "flow_data as an object is kept",
      { flow_data: { action: "https://pay.example/hpp/cgi_1", method: "GET", params: [] } },
      { flow_data: { action: "https://pay.example/hpp/cgi_1", method: "GET", params: [] } },
    ],
    ["test_mode 1 becomes true", { test_mode: 1 }, { test_mode: true }],
    ["timestamps as strings become numbers", { created: "1622799042" }, { created: 1622799042 }],
    ["an unknown status string is accepted", { status: "brand_new_status" }, { status: "brand_new_status" }],
  ])("%s", (_name, attributes, expected) => {
    const parsed = paycorePaymentInvoiceDocumentSchema.parse(minimalInvoice(attributes))
    expect(parsed.data.attributes).toMatchObject(expected)
  })
})

describe("schemas reject garbage", () => {
  it.each<[string, unknown]>([
    ["null", null],
    ["a string", "processed"],
    ["an empty object", {}],
    ["data as an array", { data: [] }],
    ["a wrong resource type", { data: { ...minimalInvoice().data, type: "payment-requests" } }],
    ["an id without the cpi_ prefix", { data: { ...minimalInvoice().data, id: "prq_abc" } }],
    ["a missing status", { data: { ...minimalInvoice().data, attributes: { currency: "USD" } } }],
    ["a non-numeric amount", minimalInvoice({ amount: "ten" })],
    ["metadata as a non-empty list", minimalInvoice({ metadata: ["a"] })],
    ["a boolean amount", minimalInvoice({ amount: true })],
  ])("payment invoice document: %s", (_name, body) => {
    expect(paycorePaymentInvoiceDocumentSchema.safeParse(body).success).toBe(false)
  })

  it.each<[string, unknown]>([
    [
      "an unknown data.type",
      { data: { type: "customers", id: "cus_1", attributes: { status: "x", currency: "USD" } } },
    ],
    [
      "a payout id under a payment type",
      { data: { type: "payment-invoices", id: "cpoi_1", attributes: { status: "x", currency: "USD" } } },
    ],
    ["no data", { included: [] }],
  ])("callback: %s", (_name, body) => {
    expect(paycoreCallbackSchema.safeParse(body).success).toBe(false)
  })

  it.each<[string, unknown]>([
    ["a zero amount", { amount: 0, reference_id: "r1" }],
    ["a negative amount", { amount: -1, reference_id: "r1" }],
    ["a non-finite amount", { amount: Number.POSITIVE_INFINITY, reference_id: "r1" }],
    ["an amount as a string", { amount: "10", reference_id: "r1" }],
    ["a missing reference_id", { amount: 10 }],
    ["a blank reference_id", { amount: 10, reference_id: "  " }],
  ])("refund request: %s", (_name, body) => {
    expect(paycoreRefundRequestSchema.safeParse(body).success).toBe(false)
  })

  it("upper-cases the currency of a create request (Medusa passes lower case)", () => {
    const parsed = paycoreCreatePaymentInvoiceAttributesSchema.parse({ reference_id: "r1", currency: "usd", amount: 1 })
    expect(parsed.currency).toBe("USD")
  })
})
