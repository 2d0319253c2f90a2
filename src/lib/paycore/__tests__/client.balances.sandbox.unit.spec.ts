import { startSandbox, type Sandbox } from "../../../../sandbox/src"
import { PaycoreClient, type PaycoreClientOptions } from "../client"
import { PaycoreApiError, PaycoreConfigError } from "../errors"
import type { PaycoreBalance } from "../index"

/**
 * `getBalances` against the PayCore sandbox, which serves the account's balances at `balancesEndpoint` (a path PayCore
 * does not publish; sandbox/README.md, "Balances"): starting balances, less payouts, plus paid payments, per mode.
 */
describe("PaycoreClient.getBalances against the PayCore sandbox", () => {
  let sandbox: Sandbox
  const clients: PaycoreClient[] = []

  function client(overrides: Partial<PaycoreClientOptions> = {}): PaycoreClient {
    const instance = new PaycoreClient({
      baseUrl: sandbox.url,
      accountId: sandbox.config.accountId,
      apiKey: sandbox.config.apiKey,
      timeoutMs: 2_000,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      ...overrides,
    })
    clients.push(instance)
    return instance
  }

  let sequence = 0
  const reference = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${++sequence}`
  const find = (balances: PaycoreBalance[], currency: string, testMode: boolean) =>
    balances.find((balance) => balance.currency === currency && balance.test_mode === testMode)?.available

  beforeAll(async () => {
    sandbox = await startSandbox(
      { port: 0, controls: true, expirySweepIntervalMs: 0, balancesEndpoint: "/api/balances" },
      { env: {}, log: () => undefined }
    )
  })

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((instance) => instance.close()))
    sandbox.clearFaults()
    sandbox.reset()
  })

  afterAll(async () => {
    await sandbox.close()
  })

  it("reads one balance per currency and mode, amounts as decimal text", async () => {
    const balances = await client().getBalances("/api/balances")

    expect(balances).toHaveLength(10)
    expect(balances.slice(0, 2)).toEqual([
      { currency: "USD", available: "10000", test_mode: true },
      { currency: "USD", available: "10000", test_mode: false },
    ])
    expect(find(balances, "KWD", true)).toBe("3000")
  })

  it("sees a payout taken off and a paid payment added, each in its own mode", async () => {
    const paycore = client()
    await paycore.createPayoutInvoice({
      reference_id: reference("bal_po"),
      service: "payment_card_usd",
      currency: "usd",
      amount: 10.5,
      test_mode: true,
      fields: { card_number: "5519283812030000" },
    })
    const live = await paycore.createPaymentInvoice({
      reference_id: reference("bal_pay"),
      service: "payment_card_usd_hpp",
      currency: "usd",
      amount: 49.9,
      test_mode: false,
    })
    sandbox.payInvoice(live.id)

    const balances = await paycore.getBalances("/api/balances")

    expect(find(balances, "USD", true)).toBe("9989.5")
    expect(find(balances, "USD", false)).toBe("10049.9")
    expect(find(balances, "EUR", true)).toBe("10000")
  })

  it("repeats the read after a passing failure", async () => {
    sandbox.addFault({ method: "GET", path: "/api/balances", kind: "status", status: 503, times: 2 })
    const balances = await client().getBalances("/api/balances")
    expect(balances).toHaveLength(10)
  })

  it("throws PaycoreApiError 404 where the sandbox has no balances endpoint, 401 for wrong credentials", async () => {
    const missing = await client()
      .getBalances("/api/account/balances")
      .catch((caught: unknown) => caught)
    expect(missing).toBeInstanceOf(PaycoreApiError)
    expect(missing).toMatchObject({ status: 404, attempts: 1 })
    const refused = await client({ apiKey: "wrong" })
      .getBalances("/api/balances")
      .catch((caught: unknown) => caught)
    expect(refused).toBeInstanceOf(PaycoreApiError)
    expect(refused).toMatchObject({ status: 401 })
  })

  it("refuses a path outside the Private API before sending anything", async () => {
    await expect(client().getBalances("/balances")).rejects.toBeInstanceOf(PaycoreConfigError)
  })
})
