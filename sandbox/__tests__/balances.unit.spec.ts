import { ConfigError, DEFAULT_CONFIG, type Sandbox, resolveConfig } from "../src"
import { call, createInvoice, start } from "./helpers"

/** The account's balances at `balancesEndpoint`, a path PayCore does not publish (README "Balances"). */

const PATH = "/api/balances"

let sequence = 0
const reference = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${++sequence}`

/** A card payout through the Private API (it waits for confirmation: no `options.auto_process`). */
async function createPayout(sandbox: Sandbox, attributes: Record<string, unknown> = {}) {
  const res = await call(sandbox, "POST", "/api/payout-invoices", {
    json: {
      data: {
        type: "payout-invoice",
        attributes: {
          reference_id: reference("po"),
          service: "payment_card_usd",
          currency: "USD",
          amount: 10.5,
          test_mode: true,
          fields: { card_number: "5519283812030000" },
          ...attributes,
        },
      },
    },
  })
  if (res.status !== 201) throw new Error(`payout failed: ${res.status} ${res.text}`)
  return res.json.data.id as string
}

/** `{ "USD-test": 10000, … }` from GET <path>. */
async function balances(sandbox: Sandbox, path = PATH): Promise<Record<string, number>> {
  const res = await call(sandbox, "GET", path)
  expect(res.status).toBe(200)
  return Object.fromEntries(
    res.json.data.map((item: { id: string; attributes: { available: number } }) => [item.id, item.attributes.available])
  )
}

describe("balances: without balancesEndpoint (the default)", () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await start()
  })
  afterAll(() => sandbox.close())

  it("has no such endpoint: 404 like any unknown route", async () => {
    expect(DEFAULT_CONFIG.balancesEndpoint).toBeNull()
    const res = await call(sandbox, "GET", PATH)
    expect(res.status).toBe(404)
    expect(res.json).toMatchObject({ error_type: "not_found" })
    expect((await call(sandbox, "GET", PATH, { auth: false })).status).toBe(404)
  })

  it("leaves the router's answers to other /api paths as they were", async () => {
    expect((await call(sandbox, "POST", PATH)).status).toBe(404)
    expect((await call(sandbox, "DELETE", "/api/payment-invoices")).status).toBe(405)
    expect((await call(sandbox, "PUT", "/api/payout-invoices/cpoi_x/process")).status).toBe(405)
    expect((await call(sandbox, "GET", "/api/payment-invoices/cpi_x/refund")).status).toBe(405)
    expect((await call(sandbox, "GET", "/api/a/b/c/d/e/f/g/h/i")).status).toBe(404)
    expect((await call(sandbox, "GET", "/api/balances/")).status).toBe(404)
  })
})

describe("balances: GET <balancesEndpoint>", () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await start({ balancesEndpoint: PATH })
  })
  beforeEach(() => sandbox.reset())
  afterAll(() => sandbox.close())

  it("answers 401 without credentials, with a Basic challenge", async () => {
    const res = await call(sandbox, "GET", PATH, { auth: false })
    expect(res.status).toBe(401)
    expect(res.headers["www-authenticate"]).toMatch(/^Basic /)
  })

  it("answers one balance per enabled currency and mode, the starting balances in major units", async () => {
    const res = await call(sandbox, "GET", PATH)
    expect(res.status).toBe(200)
    expect(res.headers["content-type"]).toBe("application/json")
    const item = (currency: string, available: number, testMode: boolean) => ({
      type: "balances",
      id: `${currency}-${testMode ? "test" : "live"}`,
      attributes: { currency, available, test_mode: testMode },
    })
    expect(res.json).toEqual({
      data: [
        item("USD", 10000, true),
        item("USD", 10000, false),
        item("EUR", 10000, true),
        item("EUR", 10000, false),
        item("UAH", 500000, true),
        item("UAH", 500000, false),
        item("JPY", 1000000, true),
        item("JPY", 1000000, false),
        item("KWD", 3000, true),
        item("KWD", 3000, false),
      ],
    })
    expect(res.text.startsWith('{"data":[{"type":"balances","id":"USD-test","attributes":{"currency":"USD"')).toBe(true)
  })

  it("answers 405 for another method on the path", async () => {
    expect((await call(sandbox, "POST", PATH, { json: {} })).status).toBe(405)
    expect((await call(sandbox, "DELETE", PATH)).status).toBe(405)
  })

  it("takes a payout off at once, whatever its status up to processed; a failed or canceled one gives it back", async () => {
    const waiting = await createPayout(sandbox)
    expect(sandbox.getPayoutInvoice(waiting)!.data.attributes.status).toBe("created")
    expect(await balances(sandbox)).toMatchObject({ "USD-test": 9989.5, "USD-live": 10000 })

    sandbox.processPayout(waiting)
    const failing = await createPayout(sandbox, { amount: 100 })
    expect((await balances(sandbox))["USD-test"]).toBe(9889.5)
    sandbox.failPayout(failing)
    expect((await balances(sandbox))["USD-test"]).toBe(9989.5)
    sandbox.cancelPayout(waiting)
    expect((await balances(sandbox))["USD-test"]).toBe(10000)
  })

  it("adds a paid payment invoice's processed amount, less refunds and chargebacks", async () => {
    const invoice = await createInvoice(sandbox, { amount: 49.9, test_mode: true })
    expect((await balances(sandbox))["USD-test"]).toBe(10000)
    sandbox.payInvoice(invoice.data.id)
    expect(await balances(sandbox)).toMatchObject({ "USD-test": 10049.9, "USD-live": 10000 })

    const refund = await call(sandbox, "POST", `/api/payment-invoices/${invoice.data.id}/refund`, {
      json: {
        data: {
          type: "refund",
          attributes: { invoiceId: invoice.data.id, amount: 9.9, reference_id: reference("rf") },
        },
      },
    })
    expect(refund.status).toBe(201)
    expect((await balances(sandbox))["USD-test"]).toBe(10040)
    sandbox.chargeBack(invoice.data.id, { amount: 15 })
    expect((await balances(sandbox))["USD-test"]).toBe(10025)
  })

  it("keeps test and live mode apart", async () => {
    const live = await createInvoice(sandbox, { amount: 20, test_mode: false })
    sandbox.payInvoice(live.data.id)
    await createPayout(sandbox, { amount: 5, test_mode: false })
    await createPayout(sandbox, { service: "payment_card_eur", currency: "EUR", amount: 7 })
    expect(await balances(sandbox)).toMatchObject({
      "USD-test": 10000,
      "USD-live": 10015,
      "EUR-test": 9993,
      "EUR-live": 10000,
    })
  })

  it("leaves unpaid, failed and expired payment invoices out", async () => {
    await createInvoice(sandbox, { amount: 30 })
    sandbox.failInvoice((await createInvoice(sandbox, { amount: 31 })).data.id)
    sandbox.expireInvoice((await createInvoice(sandbox, { amount: 32 })).data.id)
    expect((await balances(sandbox))["USD-test"]).toBe(10000)
  })

  it("adds in minor units: 0.1 + 0.2 is 0.3, a partial payment counts what was taken", async () => {
    sandbox.updateConfig({ startingBalances: { USD: 0.1, KWD: 1.5 } })
    try {
      sandbox.payInvoice((await createInvoice(sandbox, { amount: 0.2 })).data.id)
      const kwd = await createInvoice(sandbox, { service: "payment_card_kwd_hpp", currency: "KWD", amount: 10 })
      sandbox.payInvoice(kwd.data.id, { processedAmount: 0.125 })
      expect(await balances(sandbox)).toMatchObject({ "USD-test": 0.3, "EUR-test": 0, "KWD-test": 1.625 })
    } finally {
      sandbox.updateConfig({ startingBalances: DEFAULT_CONFIG.startingBalances })
    }
  })
})

describe("balances: configuration", () => {
  it("follows balancesEndpoint at run time: updateConfig and profiles", async () => {
    const sandbox = await start()
    try {
      sandbox.updateConfig({ balancesEndpoint: "/api/v2/commerce-account/balances" })
      expect((await call(sandbox, "GET", "/api/v2/commerce-account/balances")).status).toBe(200)
      expect((await call(sandbox, "GET", PATH)).status).toBe(404)

      const switched = await call(sandbox, "POST", "/_sandbox/profile", { json: { name: "balances-endpoint" } })
      expect(switched.json).toMatchObject({ profile: "balances-endpoint", balancesEndpoint: PATH })
      expect((await call(sandbox, "GET", PATH)).status).toBe(200)
      expect((await call(sandbox, "GET", "/api/v2/commerce-account/balances")).status).toBe(404)

      sandbox.updateConfig({ startingBalances: { USD: 1 } })
      expect(sandbox.applyProfile("documented")).toMatchObject({
        balancesEndpoint: null,
        startingBalances: DEFAULT_CONFIG.startingBalances,
      })
      expect((await call(sandbox, "GET", PATH)).status).toBe(404)
    } finally {
      await sandbox.close()
    }
  })

  it("lists only enabled currencies; one without a starting balance starts at 0", async () => {
    const sandbox = await start({
      balancesEndpoint: PATH,
      currencies: { USD: 2, GBP: 2 },
      paymentServices: [],
      payoutServices: [],
      startingBalances: { USD: 12.34, CHF: 5 },
    })
    try {
      expect(await balances(sandbox)).toEqual({ "USD-test": 12.34, "USD-live": 12.34, "GBP-test": 0, "GBP-live": 0 })
    } finally {
      await sandbox.close()
    }
  })

  it("reads both options from the environment", () => {
    const config = resolveConfig({
      env: {
        PAYCORE_SANDBOX_BALANCES_ENDPOINT: "/api/account/balances",
        PAYCORE_SANDBOX_STARTING_BALANCES: '{"USD":1}',
      },
    })
    expect(config).toMatchObject({ balancesEndpoint: "/api/account/balances", startingBalances: { USD: 1 } })
    expect(resolveConfig({ env: { PAYCORE_SANDBOX_BALANCES_ENDPOINT: "" } }).balancesEndpoint).toBeNull()
  })

  it.each([
    ["/balances", /starting with \/api\//],
    ["/api/", /segments/],
    ["/api/balances/", /segments/],
    ["/api/balances?mode=test", /segments/],
    ["/api/a/../balances", /segments/],
    ["/api/1/2/3/4/5/6/7/8/9", /at most 8/],
    ["/api/payment-invoices/balances", /no other Private API route/],
    ["/api/refunds", /no other Private API route/],
  ])("refuses balancesEndpoint %s", (path, message) => {
    expect(() => resolveConfig({ overrides: { balancesEndpoint: path } })).toThrow(message)
  })

  it("refuses a negative starting balance, and one with more decimals than the currency has", () => {
    expect(() => resolveConfig({ overrides: { startingBalances: { USD: -1 } } })).toThrow(ConfigError)
    expect(() => resolveConfig({ overrides: { startingBalances: { JPY: 1.5 } } })).toThrow(
      /startingBalances\.JPY: 1\.5 is not an amount of JPY/
    )
    expect(() => resolveConfig({ overrides: { startingBalances: { usd: 1 } } })).toThrow(ConfigError)
  })
})
