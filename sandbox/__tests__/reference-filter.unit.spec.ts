import type { Sandbox } from "../src"
import { parseCliArgs } from "../src/cli"
import { resolveConfig } from "../src/config"
import { call, createInvoice, start } from "./helpers"

const PAYOUT_CARD = { card_number: "5519283812030000" }

describe("Private API: filter[reference_id] (referenceFilter)", () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await start()
    await createInvoice(sandbox, { reference_id: "rf_pay_old" })
    await createInvoice(sandbox, { reference_id: "rf_pay_asked" })
    sandbox.advanceClock(5)
    await createInvoice(sandbox, { reference_id: "rf_pay_new" })
    for (const reference_id of ["rf_po_asked", "rf_po_other"]) {
      const res = await call(sandbox, "POST", "/api/payout-invoices", {
        json: {
          data: {
            type: "payout-invoice",
            attributes: {
              reference_id,
              service: "payment_card_usd",
              currency: "USD",
              amount: 10,
              test_mode: true,
              fields: PAYOUT_CARD,
            },
          },
        },
      })
      expect(res.status).toBe(201)
      sandbox.advanceClock(5)
    }
  })
  afterAll(() => sandbox.close())
  afterEach(() => {
    sandbox.updateConfig({ referenceFilter: "supported", errorFormat: "paycore" })
  })

  const references = (res: { json: { data: { attributes: { reference_id: string } }[] } }) =>
    res.json.data.map((item) => item.attributes.reference_id)

  it("supported (the default): lists only the invoice and the payout with the asked reference", async () => {
    expect(sandbox.config.referenceFilter).toBe("supported")
    const payments = await call(sandbox, "GET", "/api/payment-invoices?filter[reference_id]=rf_pay_asked")
    const payouts = await call(sandbox, "GET", "/api/payout-invoices?filter%5Breference_id%5D=rf_po_asked")
    expect(payments.status).toBe(200)
    expect(references(payments)).toEqual(["rf_pay_asked"])
    expect(references(payouts)).toEqual(["rf_po_asked"])
  })

  it("ignored: answers 200 with the account's invoices unfiltered, newest first", async () => {
    sandbox.updateConfig({ referenceFilter: "ignored" })
    const payments = await call(sandbox, "GET", "/api/payment-invoices?filter[reference_id]=rf_pay_asked")
    const payouts = await call(sandbox, "GET", "/api/payout-invoices?filter[reference_id]=rf_po_asked")
    expect(payments.status).toBe(200)
    expect(references(payments)[0]).toBe("rf_pay_new")
    expect(references(payments)).toEqual(expect.arrayContaining(["rf_pay_old", "rf_pay_asked", "rf_pay_new"]))
    expect(references(payouts)).toEqual(["rf_po_other", "rf_po_asked"])
  })

  it("ignored: an unknown reference still lists the account's invoices", async () => {
    sandbox.updateConfig({ referenceFilter: "ignored" })
    const res = await call(sandbox, "GET", "/api/payment-invoices?filter[reference_id]=nobody_uses_this")
    expect(res.status).toBe(200)
    expect(references(res).length).toBeGreaterThanOrEqual(3)
  })

  it("refused: answers 400 naming filter[reference_id] in PayCore's error body, for payments and payouts", async () => {
    sandbox.updateConfig({ referenceFilter: "refused" })
    for (const path of ["/api/payment-invoices", "/api/payout-invoices"]) {
      const res = await call(sandbox, "GET", `${path}?filter[reference_id]=rf_pay_asked`)
      expect(res.status).toBe(400)
      expect(res.json).toMatchObject({
        error_type: "bad_request",
        error_codes: [{ code: "not_allowed", field: "filter[reference_id]" }],
      })
      expect(res.json.request_id).toBe(res.headers["x-request-id"])
    }
  })

  it("refused: names the query parameter as a JSON:API source parameter with errorFormat jsonapi", async () => {
    sandbox.updateConfig({ referenceFilter: "refused", errorFormat: "jsonapi" })
    const res = await call(sandbox, "GET", "/api/payment-invoices?filter[reference_id]=rf_pay_asked")
    expect(res.status).toBe(400)
    expect(res.json.errors[0]).toMatchObject({ status: "400", source: { parameter: "filter[reference_id]" } })
  })

  it("refused: lists without the reference filter still answer 200", async () => {
    sandbox.updateConfig({ referenceFilter: "refused" })
    expect((await call(sandbox, "GET", "/api/payment-invoices")).status).toBe(200)
    expect((await call(sandbox, "GET", "/api/payout-invoices")).status).toBe(200)
  })

  it("is set by --reference-filter and PAYCORE_SANDBOX_REFERENCE_FILTER, and validated", () => {
    expect(parseCliArgs(["--reference-filter", "ignored"]).overrides.referenceFilter).toBe("ignored")
    expect(resolveConfig({ env: { PAYCORE_SANDBOX_REFERENCE_FILTER: "refused" } }).referenceFilter).toBe("refused")
    expect(() => resolveConfig({ overrides: { referenceFilter: "maybe" as never } })).toThrow(/referenceFilter/)
  })
})
