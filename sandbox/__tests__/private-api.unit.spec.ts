import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Sandbox } from "../src"
import { basicAuth, call, createInvoice, invoiceBody, start } from "./helpers"

describe("Private API: payment invoices", () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await start()
  })
  afterAll(() => sandbox.close())

  describe("authentication", () => {
    it("answers 401 without credentials, with a Basic challenge", async () => {
      const res = await call(sandbox, "GET", "/api/payment-invoices", { auth: false })
      expect(res.status).toBe(401)
      expect(res.headers["www-authenticate"]).toMatch(/^Basic /)
      expect(res.json).toMatchObject({ error_type: "unauthorized" })
    })

    it("answers 401 for a wrong API key, a wrong account id, or a non-Basic scheme", async () => {
      for (const auth of [
        basicAuth(sandbox, sandbox.config.accountId, "wrong"),
        basicAuth(sandbox, "coma_Other", sandbox.config.apiKey),
        `Bearer ${sandbox.config.apiKey}`,
        "Basic !!!",
      ]) {
        const res = await call(sandbox, "POST", "/api/payment-invoices", { json: invoiceBody(), auth })
        expect(res.status).toBe(401)
      }
    })
  })

  describe("POST /api/payment-invoices", () => {
    it("creates an invoice: 201 with the attributes of PayCore's examples", async () => {
      const res = await call(sandbox, "POST", "/api/payment-invoices", {
        json: invoiceBody({
          reference_id: "order_create_1",
          amount: 100.55,
          metadata: { cart_id: "cart_1" },
          customer: { reference_id: "cus_local_1", email: "jane@example.com", name: "Jane Doe" },
          return_urls: {
            success: "https://shop.example/ok",
            pending: "https://shop.example/pending",
            fail: "https://shop.example/fail",
          },
          callback_url: "https://shop.example/hooks/paycore",
          locale: "uk",
        }),
      })
      expect(res.status).toBe(201)
      expect(res.headers["content-type"]).toBe("application/json")
      const { data, included } = res.json
      expect(data.type).toBe("payment-invoices")
      expect(data.id).toMatch(/^cpi_[A-Za-z0-9]{16}$/)
      expect(data.links).toEqual({ self: `/api/payment-invoices/${data.id}` })
      expect(data.attributes).toMatchObject({
        status: "created",
        serial_number: data.id.slice(4),
        resolution: "ok",
        amount: 100.55,
        payment_amount: 100.55,
        currency: "USD",
        service_currency: "USD",
        reference_id: "order_create_1",
        test_mode: true,
        description: "Order #1042",
        fee: 0,
        deposit: 100.55,
        processed: null,
        processed_amount: null,
        refunded_amount: null,
        metadata: { cart_id: "cart_1" },
        flow: "hpp",
        payment_flow: "charge",
        flow_data: { action: `${sandbox.url}/hpp/?cpi=${data.id}`, method: "GET", params: [] },
        return_url: null,
        return_urls: {
          success: "https://shop.example/ok",
          pending: "https://shop.example/pending",
          fail: "https://shop.example/fail",
        },
        callback_url: "https://shop.example/hooks/paycore",
        payload: [],
        source: "merchant_api",
      })
      expect(data.attributes.created).toBe(data.attributes.updated)
      expect(Math.abs(data.attributes.created - Date.now() / 1000)).toBeLessThan(5)
      expect(data.attributes).not.toHaveProperty("hpp_url")
      expect(data.relationships["payment-service"]).toEqual({
        data: { type: "payment-services", id: "payment_card_usd_hpp" },
      })
      expect(data.relationships["payment-method"]).toEqual({ data: { type: "payment-methods", id: "payment_card" } })
      expect(included).toEqual([
        expect.objectContaining({
          type: "customers",
          id: data.relationships.customer.data.id,
          attributes: { reference_id: "cus_local_1", email: "jane@example.com", name: "Jane Doe" },
        }),
      ])
    })

    it("answers in PHP's JSON style (escaped slashes, [] for empty objects)", async () => {
      const res = await call(sandbox, "POST", "/api/payment-invoices", {
        json: invoiceBody({ return_url: "https://shop.example/r" }),
      })
      expect(res.text).toContain('"return_url":"https:\\/\\/shop.example\\/r"')
      expect(res.text).toContain('"metadata":[]')
      expect(res.text).toContain('"return_urls":[]')
    })

    it("defaults test_mode to false (live)", async () => {
      const doc = await createInvoice(sandbox, { test_mode: undefined })
      expect(doc.data.attributes.test_mode).toBe(false)
    })

    it("accepts an invoice without service; the HPP then shows a method picker", async () => {
      const doc = await createInvoice(sandbox, { service: undefined })
      expect(doc.data.attributes.status).toBe("created")
      expect(doc.data.relationships).toEqual([])
    })

    it("keeps exact minor units for 0- and 3-decimal currencies", async () => {
      const jpy = await createInvoice(sandbox, { currency: "JPY", service: "payment_card_jpy_hpp", amount: 1500 })
      expect(jpy.data.attributes.amount).toBe(1500)
      const kwd = await createInvoice(sandbox, { currency: "KWD", service: "payment_card_kwd_hpp", amount: 12.345 })
      expect(kwd.data.attributes.amount).toBe(12.345)
      const res = await call(sandbox, "POST", "/api/payment-invoices", {
        json: invoiceBody({ currency: "JPY", service: "payment_card_jpy_hpp", amount: 10.5 }),
      })
      expect(res.status).toBe(422)
      expect(res.json.error_codes).toEqual([expect.objectContaining({ code: "too_many_decimals", field: "amount" })])
    })

    it("answers 422 with request_id, error_type and error_codes listing every problem", async () => {
      const res = await call(sandbox, "POST", "/api/payment-invoices", {
        json: { data: { type: "payment-invoices", attributes: { amount: "10", customer: { email: "not-an-email" } } } },
      })
      expect(res.status).toBe(422)
      expect(res.json.request_id).toMatch(/^req_/)
      expect(res.headers["x-request-id"]).toBe(res.json.request_id)
      expect(res.json.error_type).toBe("validation_error")
      const byField = Object.fromEntries(
        res.json.error_codes.map((c: { field: string; code: string }) => [c.field, c.code])
      )
      expect(byField).toEqual({
        reference_id: "required",
        currency: "required",
        amount: "invalid_type",
        "customer.reference_id": "required",
        "customer.email": "invalid",
      })
      for (const code of res.json.error_codes) expect(typeof code.message).toBe("string")
    })

    it.each([
      ["a missing envelope", { reference_id: "x" }, "data"],
      ["a wrong data.type", { data: { type: "payout-invoices", attributes: {} } }, "type"],
      ["a missing reference_id", invoiceBody({ reference_id: undefined }), "reference_id"],
      ["an unknown service", invoiceBody({ service: "nope_usd_hpp" }), "service"],
      ["a service of another currency", invoiceBody({ service: "payment_card_eur_hpp" }), "service"],
      ["a currency not enabled", invoiceBody({ currency: "GBP", service: undefined }), "currency"],
      ["a zero amount", invoiceBody({ amount: 0 }), "amount"],
      ["an amount above the service limit", invoiceBody({ amount: 2_000_000 }), "amount"],
      [
        "more than 20 metadata keys",
        invoiceBody({ metadata: Object.fromEntries([...Array(21).keys()].map((i) => [`k${i}`, "v"])) }),
        "metadata",
      ],
      ["a relative return_url", invoiceBody({ return_url: "/thanks" }), "return_url"],
      ["a non-boolean test_mode", invoiceBody({ test_mode: "true" }), "test_mode"],
    ])("answers 422 for %s", async (_name, body, field) => {
      const res = await call(sandbox, "POST", "/api/payment-invoices", { json: body })
      expect(res.status).toBe(422)
      expect(res.json.error_codes.map((c: { field: string }) => c.field)).toContain(field)
    })

    it("answers 422 for a body that is not JSON", async () => {
      const res = await call(sandbox, "POST", "/api/payment-invoices", {
        raw: "{nope",
        headers: { "content-type": "application/json" },
      })
      expect(res.status).toBe(422)
      expect(res.json.error_codes[0].code).toBe("invalid_json")
    })

    it("answers a reused reference_id with the duplicate error (default 429)", async () => {
      await createInvoice(sandbox, { reference_id: "order_dup_429" })
      const res = await call(sandbox, "POST", "/api/payment-invoices", {
        json: invoiceBody({ reference_id: "order_dup_429" }),
      })
      expect(res.status).toBe(429)
      expect(res.json).toMatchObject({
        error_type: "duplicate_request",
        error_codes: [{ code: "duplicate", field: "reference_id" }],
      })
    })

    it("answers the duplicate error with 422 when configured so", async () => {
      sandbox.updateConfig({ duplicateReferenceStatus: 422 })
      try {
        await createInvoice(sandbox, { reference_id: "order_dup_422" })
        const res = await call(sandbox, "POST", "/api/payment-invoices", {
          json: invoiceBody({ reference_id: "order_dup_422" }),
        })
        expect(res.status).toBe(422)
        expect(res.json.error_type).toBe("duplicate_request")
      } finally {
        sandbox.updateConfig({ duplicateReferenceStatus: 429 })
      }
    })

    it("can require service (requireServiceOnPrivateCreate) and expose hpp_url (includeHppUrl)", async () => {
      sandbox.updateConfig({ requireServiceOnPrivateCreate: true, includeHppUrl: true })
      try {
        const res = await call(sandbox, "POST", "/api/payment-invoices", { json: invoiceBody({ service: undefined }) })
        expect(res.status).toBe(422)
        expect(res.json.error_codes).toEqual([expect.objectContaining({ field: "service", code: "required" })])
        const doc = await createInvoice(sandbox)
        expect(doc.data.attributes.hpp_url).toBe(`${sandbox.url}/hpp/?cpi=${doc.data.id}`)
      } finally {
        sandbox.updateConfig({ requireServiceOnPrivateCreate: false, includeHppUrl: false })
      }
    })

    it("writes errors as a JSON:API errors array when errorFormat is jsonapi", async () => {
      sandbox.updateConfig({ errorFormat: "jsonapi" })
      try {
        const res = await call(sandbox, "POST", "/api/payment-invoices", { json: invoiceBody({ amount: 1.001 }) })
        expect(res.status).toBe(422)
        expect(res.json).toEqual({
          errors: [
            expect.objectContaining({
              status: "422",
              code: "too_many_decimals",
              source: { pointer: "/data/attributes/amount" },
            }),
          ],
          meta: { request_id: expect.stringMatching(/^req_/) },
        })
      } finally {
        sandbox.updateConfig({ errorFormat: "paycore" })
      }
    })
  })

  describe("GET", () => {
    it("returns an invoice by id, 404 for an unknown id", async () => {
      const created = await createInvoice(sandbox)
      const res = await call(sandbox, "GET", `/api/payment-invoices/${created.data.id}`)
      expect(res.status).toBe(200)
      expect(res.json.data).toEqual(created.data)
      const missing = await call(sandbox, "GET", "/api/payment-invoices/cpi_doesNotExist0000")
      expect(missing.status).toBe(404)
      expect(missing.json.error_type).toBe("not_found")
    })

    it("lists invoices by filter[reference_id] (and filter[status])", async () => {
      const created = await createInvoice(sandbox, { reference_id: "order_list_1" })
      const res = await call(sandbox, "GET", "/api/payment-invoices?filter%5Breference_id%5D=order_list_1")
      expect(res.status).toBe(200)
      expect(res.json.data.map((d: { id: string }) => d.id)).toEqual([created.data.id])
      const none = await call(
        sandbox,
        "GET",
        "/api/payment-invoices?filter[reference_id]=order_list_1&filter[status]=processed"
      )
      expect(none.json.data).toEqual([])
      expect(none.text).toBe('{"data":[]}')
    })

    it("answers 405 for a wrong method on a known path and 404 for an unknown path", async () => {
      expect((await call(sandbox, "DELETE", "/api/payment-invoices")).status).toBe(405)
      expect((await call(sandbox, "GET", "/api/nothing-here")).status).toBe(404)
    })
  })
})

describe("Private API: refunds", () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await start()
  })
  afterAll(() => sandbox.close())

  const paidInvoice = async (amount = 100) => {
    const doc = await createInvoice(sandbox, { amount })
    sandbox.payInvoice(doc.data.id)
    return doc.data.id as string
  }
  const refund = (id: string, attributes: Record<string, unknown>) =>
    call(sandbox, "POST", `/api/payment-invoices/${id}/refund`, {
      json: {
        data: { type: "refund", attributes: { invoiceId: id, reference_id: `rf_${Math.random()}`, ...attributes } },
      },
    })

  it("refunds a processed invoice fully: 201 refund resource, invoice refunded", async () => {
    const id = await paidInvoice()
    const res = await refund(id, { amount: 100, reference_id: "rf_full_1", description: "Refund by order" })
    expect(res.status).toBe(201)
    expect(res.json.data).toEqual({
      type: "refunds",
      id: expect.stringMatching(/^ref_[A-Za-z0-9]{16}$/),
      attributes: {
        reference_id: "rf_full_1",
        original_id: null,
        description: "Refund by order",
        status: "processed",
        amount: 100,
        fee: 0,
        currency: "USD",
        created: expect.any(Number),
      },
      links: { self: `/refunds/${res.json.data.id}` },
    })
    const inv = sandbox.getPaymentInvoice(id)!
    expect(inv.data.attributes).toMatchObject({ status: "refunded", refunded_amount: 100 })
  })

  it("allows repeated partial refunds until nothing is left, then refuses more", async () => {
    const id = await paidInvoice(100.55)
    expect((await refund(id, { amount: 30.5 })).status).toBe(201)
    expect(sandbox.getPaymentInvoice(id)!.data.attributes).toMatchObject({
      status: "partially_refunded",
      refunded_amount: 30.5,
    })
    expect((await refund(id, { amount: 70.05 })).status).toBe(201)
    expect(sandbox.getPaymentInvoice(id)!.data.attributes).toMatchObject({
      status: "refunded",
      refunded_amount: 100.55,
    })
    const more = await refund(id, { amount: 0.01 })
    expect(more.status).toBe(422)
    expect(more.json.error_codes[0]).toMatchObject({ field: "invoiceId", code: "invalid_status" })
  })

  it("answers 422 for more than what is left", async () => {
    const id = await paidInvoice(50)
    await refund(id, { amount: 20 })
    const res = await refund(id, { amount: 30.01 })
    expect(res.status).toBe(422)
    expect(res.json.error_codes[0]).toMatchObject({ field: "amount", code: "exceeds_refundable" })
  })

  it("answers 422 for a missing reference_id, a bad amount, a wrong type or a mismatched invoiceId", async () => {
    const id = await paidInvoice()
    const missingRef = await call(sandbox, "POST", `/api/payment-invoices/${id}/refund`, {
      json: { data: { type: "refund", attributes: { invoiceId: id, amount: 1 } } },
    })
    expect(missingRef.status).toBe(422)
    expect(missingRef.json.error_codes).toEqual([expect.objectContaining({ field: "reference_id", code: "required" })])
    expect((await refund(id, { amount: 1.001 })).json.error_codes[0].code).toBe("too_many_decimals")
    expect((await refund(id, { invoiceId: "cpi_other", amount: 1 })).json.error_codes[0].field).toBe("invoiceId")
    const wrongType = await call(sandbox, "POST", `/api/payment-invoices/${id}/refund`, {
      json: { data: { type: "payment-invoices", attributes: { invoiceId: id, amount: 1, reference_id: "x" } } },
    })
    expect(wrongType.status).toBe(422)
  })

  it("answers a reused refund reference_id with the duplicate error", async () => {
    const id = await paidInvoice()
    expect((await refund(id, { amount: 10, reference_id: "rf_dup" })).status).toBe(201)
    const again = await refund(id, { amount: 10, reference_id: "rf_dup" })
    expect(again.status).toBe(429)
    expect(again.json.error_type).toBe("duplicate_request")
  })

  it("refuses refunds of unpaid invoices (422) and of unknown invoices (404)", async () => {
    const doc = await createInvoice(sandbox)
    expect((await refund(doc.data.id, { amount: 1 })).status).toBe(422)
    expect((await refund("cpi_unknown000000000", { amount: 1 })).status).toBe(404)
  })

  it("answers 403 or 404 like an account without the refund API", async () => {
    const id = await paidInvoice()
    sandbox.updateConfig({ refundApi: "forbidden" })
    expect((await refund(id, { amount: 1 })).status).toBe(403)
    sandbox.updateConfig({ refundApi: "not_found" })
    expect((await refund(id, { amount: 1 })).status).toBe(404)
    sandbox.updateConfig({ refundApi: "enabled" })
    expect((await refund(id, { amount: 1 })).status).toBe(201)
  })

  it("leaves a refund refunding until a control completes it", async () => {
    sandbox.updateConfig({ refundOutcome: "refunding" })
    try {
      const id = await paidInvoice()
      const res = await refund(id, { amount: 40 })
      expect(res.json.data.attributes.status).toBe("processing")
      expect(sandbox.getPaymentInvoice(id)!.data.attributes).toMatchObject({
        status: "refunding",
        refunded_amount: null,
      })
      expect((await refund(id, { amount: 1 })).status).toBe(422) // one refund at a time
      sandbox.completeRefund(res.json.data.id)
      expect(sandbox.getPaymentInvoice(id)!.data.attributes).toMatchObject({
        status: "partially_refunded",
        refunded_amount: 40,
      })
    } finally {
      sandbox.updateConfig({ refundOutcome: "processed" })
    }
  })

  it("can leave a refund refund_pending and then fail it (refund_failed, nothing refunded)", async () => {
    sandbox.updateConfig({ refundOutcome: "refund_pending" })
    try {
      const id = await paidInvoice()
      const res = await refund(id, { amount: 40 })
      expect(res.json.data.attributes.status).toBe("process_pending")
      expect(sandbox.getPaymentInvoice(id)!.data.attributes.status).toBe("refund_pending")
      sandbox.failRefund(res.json.data.id)
      expect(sandbox.getPaymentInvoice(id)!.data.attributes).toMatchObject({
        status: "refund_failed",
        refunded_amount: null,
      })
      expect(() => sandbox.failRefund(res.json.data.id)).toThrow(/already process_failed/)
    } finally {
      sandbox.updateConfig({ refundOutcome: "processed" })
    }
  })

  it("can make refunds fail at once, and a later refund may still succeed", async () => {
    sandbox.updateConfig({ refundOutcome: "failed" })
    const id = await paidInvoice()
    const res = await refund(id, { amount: 10 })
    sandbox.updateConfig({ refundOutcome: "processed" })
    expect(res.json.data.attributes.status).toBe("process_failed")
    expect(sandbox.getPaymentInvoice(id)!.data.attributes.status).toBe("refund_failed")
    expect((await refund(id, { amount: 10 })).status).toBe(201)
    expect(sandbox.getPaymentInvoice(id)!.data.attributes).toMatchObject({
      status: "partially_refunded",
      refunded_amount: 10,
    })
  })

  it("lists an invoice's refunds in relationships and included, and serves GET /api/refunds/{id}", async () => {
    const id = await paidInvoice()
    const first = await refund(id, { amount: 10 })
    const second = await refund(id, { amount: 15 })
    const res = await call(sandbox, "GET", `/api/payment-invoices/${id}`)
    const ids = [first.json.data.id, second.json.data.id]
    expect(res.json.data.relationships.refunds.data).toEqual(ids.map((rid) => ({ type: "refunds", id: rid })))
    expect(
      res.json.included.filter((r: { type: string }) => r.type === "refunds").map((r: { id: string }) => r.id)
    ).toEqual(ids)
    const one = await call(sandbox, "GET", `/api/refunds/${first.json.data.id}`)
    expect(one.json.data).toEqual(first.json.data)
  })
})

describe("Private API: payout invoices", () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await start()
  })
  afterAll(() => sandbox.close())

  const payoutAttributes = (attributes: Record<string, unknown> = {}) => ({
    service: "payment_card_usd",
    reference_id: `po_ref_${Math.random()}`,
    currency: "USD",
    amount: 25.5,
    fields: { card_number: "5404367504475264" },
    test_mode: true,
    description: "Seller payout",
    options: { auto_process: true },
    ...attributes,
  })

  it("creates a payout (JSON:API): 201 created, then processing → processed with a payouts part", async () => {
    const res = await call(sandbox, "POST", "/api/payout-invoices", {
      json: { data: { type: "payout-invoice", attributes: payoutAttributes({ reference_id: "po_1" }) } },
    })
    expect(res.status).toBe(201)
    const { data } = res.json
    expect(data.id).toMatch(/^cpoi_[A-Za-z0-9]{16}$/)
    expect(data.attributes).toMatchObject({
      status: "created",
      amount: 25.5,
      currency: "USD",
      reference_id: "po_1",
      fields: { card_number: "540436******5264" },
      payouts: [],
    })
    expect(res.text).not.toContain("5404367504475264")
    await sandbox.callbacksIdle()
    const after = await call(sandbox, "GET", `/api/payout-invoices/${data.id}`)
    expect(after.json.data.attributes).toMatchObject({ status: "processed", processed_amount: 25.5 })
    expect(after.json.data.attributes.payouts).toEqual([
      {
        id: expect.stringMatching(/^po_/),
        rrn: expect.stringMatching(/^\d{12}$/),
        amount: 25.5,
        currency: "USD",
        status: "processed",
      },
    ])
    expect(JSON.stringify(sandbox.getInvoiceState(data.id))).not.toContain("5404367504475264")
  })

  // docs/paycore-notes.md, "Payouts" (the test name keeps the section in the team's earlier PayCore reference).
  it("accepts the type payout-invoice and PayCore's flat payout body", async () => {
    const singular = await call(sandbox, "POST", "/api/payout-invoices", {
      json: { data: { type: "payout-invoice", attributes: payoutAttributes() } },
    })
    expect(singular.status).toBe(201)
    const flat = await call(sandbox, "POST", "/api/payout-invoices", { json: payoutAttributes() })
    expect(flat.status).toBe(201)
    expect(flat.json.data.type).toBe("payout-invoices")
  })

  it("fails payouts to PayCore's failing test cards (process_failed)", async () => {
    const res = await call(sandbox, "POST", "/api/payout-invoices", {
      json: {
        data: {
          type: "payout-invoice",
          attributes: payoutAttributes({ fields: { card_number: "4302912837020000" } }),
        },
      },
    })
    await sandbox.callbacksIdle()
    expect(sandbox.getPayoutInvoice(res.json.data.id)!.data.attributes).toMatchObject({
      status: "process_failed",
      resolution: "general_fatal_error",
    })
  })

  it("validates service fields against their regexp and required flag", async () => {
    const bad = await call(sandbox, "POST", "/api/payout-invoices", {
      json: { data: { type: "payout-invoice", attributes: payoutAttributes({ fields: { card_number: "1234" } }) } },
    })
    expect(bad.status).toBe(422)
    expect(bad.json.error_codes).toEqual([
      expect.objectContaining({ field: "fields.card_number", code: "invalid_format" }),
    ])
    const missing = await call(sandbox, "POST", "/api/payout-invoices", {
      json: { data: { type: "payout-invoice", attributes: payoutAttributes({ fields: {} }) } },
    })
    expect(missing.json.error_codes).toEqual([
      expect.objectContaining({ field: "fields.card_number", code: "required" }),
    ])
    const limits = await call(sandbox, "POST", "/api/payout-invoices", {
      json: { data: { type: "payout-invoice", attributes: payoutAttributes({ amount: 0.5 }) } },
    })
    expect(limits.json.error_codes).toEqual([expect.objectContaining({ field: "amount", code: "out_of_limits" })])
    const service = await call(sandbox, "POST", "/api/payout-invoices", {
      json: { data: { type: "payout-invoice", attributes: payoutAttributes({ service: "payment_card_eur" }) } },
    })
    expect(service.json.error_codes).toEqual([expect.objectContaining({ field: "service", code: "currency_mismatch" })])
  })

  it("answers a reused payout reference_id with the duplicate error", async () => {
    await call(sandbox, "POST", "/api/payout-invoices", { json: payoutAttributes({ reference_id: "po_dup" }) })
    const again = await call(sandbox, "POST", "/api/payout-invoices", {
      json: payoutAttributes({ reference_id: "po_dup" }),
    })
    expect(again.status).toBe(429)
  })

  it("waits for controls when payoutAutoProcess is off: process, fail, cancel", async () => {
    sandbox.updateConfig({ payoutAutoProcess: false })
    try {
      const create = async () =>
        (await call(sandbox, "POST", "/api/payout-invoices", { json: payoutAttributes() })).json.data.id as string
      const a = await create()
      await sandbox.callbacksIdle()
      expect(sandbox.getPayoutInvoice(a)!.data.attributes.status).toBe("created")
      expect(sandbox.processPayout(a).data.attributes.status).toBe("processed")
      const b = await create()
      expect(sandbox.failPayout(b, { resolution: "invalid_card" }).data.attributes).toMatchObject({
        status: "process_failed",
        resolution: "invalid_card",
      })
      const c = await create()
      expect(sandbox.cancelPayout(c).data.attributes.status).toBe("canceled")
      expect(sandbox.cancelPayout(a).data.attributes.status).toBe("canceled") // processed → canceling → canceled
      expect(() => sandbox.cancelPayout(a)).toThrow(/status canceled/)
    } finally {
      sandbox.updateConfig({ payoutAutoProcess: true })
    }
  })

  it("takes PayCore's documented payout bodies (singular envelope, flat) and refuses the plural no source shows", async () => {
    const { options, ...flat } = payoutAttributes()
    expect((await call(sandbox, "POST", "/api/payout-invoices", { json: flat })).status).toBe(201)
    const singular = { data: { type: "payout-invoice", attributes: payoutAttributes() } }
    expect((await call(sandbox, "POST", "/api/payout-invoices", { json: singular })).status).toBe(201)
    const plural = { data: { type: "payout-invoices", attributes: payoutAttributes() } }
    const refused = await call(sandbox, "POST", "/api/payout-invoices", { json: plural })
    expect(refused.status).toBe(422)
    expect(refused.json.error_codes[0]).toMatchObject({ field: "data.type", code: "invalid" })
    expect(refused.json.error_codes[0].message).toContain('type:"payout-invoice"')
    expect(options).toEqual({ auto_process: true })
  })

  it("keeps a payout without auto_process created until its /process confirmation, unless the account autoprocesses", async () => {
    const { options: _, ...waiting } = payoutAttributes()
    const created = await call(sandbox, "POST", "/api/payout-invoices", { json: waiting })
    const id = created.json.data.id as string
    await sandbox.callbacksIdle()
    expect(sandbox.getPayoutInvoice(id)!.data.attributes.status).toBe("created")
    const confirmed = await call(sandbox, "POST", `/api/payout-invoices/${id}/process`)
    expect(confirmed.status).toBe(200)
    await sandbox.callbacksIdle()
    expect(sandbox.getPayoutInvoice(id)!.data.attributes.status).toBe("processed")
    expect((await call(sandbox, "POST", `/api/payout-invoices/${id}/process`)).status).toBe(409)

    sandbox.updateConfig({ accountPayoutAutoprocessing: true })
    try {
      const auto = await call(sandbox, "POST", "/api/payout-invoices", {
        json: { ...waiting, reference_id: "po_acct" },
      })
      await sandbox.callbacksIdle()
      expect(sandbox.getPayoutInvoice(auto.json.data.id)!.data.attributes.status).toBe("processed")
    } finally {
      sandbox.updateConfig({ accountPayoutAutoprocessing: false })
    }
  })

  it("keeps a payout with options.auto_process created until /process when the account ignores the option", async () => {
    sandbox.updateConfig({ payoutAutoProcessOption: "ignored" })
    try {
      const created = await call(sandbox, "POST", "/api/payout-invoices", {
        json: payoutAttributes({ reference_id: "po_ignored_auto" }),
      })
      const id = created.json.data.id as string
      await sandbox.callbacksIdle()
      expect(sandbox.getPayoutInvoice(id)!.data.attributes.status).toBe("created")
      expect((await call(sandbox, "POST", `/api/payout-invoices/${id}/process`)).status).toBe(200)
      await sandbox.callbacksIdle()
      expect(sandbox.getPayoutInvoice(id)!.data.attributes.status).toBe("processed")
    } finally {
      sandbox.updateConfig({ payoutAutoProcessOption: "honoured" })
    }
  })

  it("lists payouts by filter[reference_id] and answers 404 for unknown ids", async () => {
    const res = await call(sandbox, "POST", "/api/payout-invoices", {
      json: payoutAttributes({ reference_id: "po_list" }),
    })
    const list = await call(sandbox, "GET", "/api/payout-invoices?filter[reference_id]=po_list")
    expect(list.json.data.map((d: { id: string }) => d.id)).toEqual([res.json.data.id])
    expect((await call(sandbox, "GET", "/api/payout-invoices/cpoi_nope")).status).toBe(404)
  })
})

describe("state file", () => {
  it("persists invoices across restarts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "paycore-sandbox-"))
    const stateFile = join(dir, "state.json")
    try {
      const first = await start({ stateFile })
      const doc = await createInvoice(first, { reference_id: "persisted_1" })
      first.payInvoice(doc.data.id)
      await first.close()
      const second = await start({ stateFile })
      try {
        const res = await call(second, "GET", `/api/payment-invoices/${doc.data.id}`)
        expect(res.json.data.attributes).toMatchObject({ status: "processed", reference_id: "persisted_1" })
        const dup = await call(second, "POST", "/api/payment-invoices", {
          json: invoiceBody({ reference_id: "persisted_1" }),
        })
        expect(dup.status).toBe(429)
      } finally {
        await second.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
