// `getBalances`: PayCore publishes no balances path or shape, so the client reads the likely shapes and refuses
// anything that is not a list of balances (a PaycoreResponseError, never a guess).
import { PaycoreClient, type PaycoreClientOptions } from "../client"
import { PaycoreApiError, PaycoreConfigError, PaycoreResponseError } from "../errors"
import { paycoreBalancesDocumentSchema, type PaycoreBalance } from "../index"
import { ScriptedPaycore, answer, type Step } from "./helpers/scripted-paycore"

const BALANCES = "/api/balances"

/** Answers raw JSON text, so that numbers are written exactly as a test spells them. */
const answerRaw =
  (text: string): Step =>
  ({ response }) => {
    response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
    response.end(text)
  }

describe("PaycoreClient.getBalances", () => {
  const paycore = new ScriptedPaycore()
  const clients: PaycoreClient[] = []
  const client = (overrides: Partial<PaycoreClientOptions> = {}) => {
    const instance = new PaycoreClient({
      baseUrl: paycore.url,
      accountId: "coma_TestAccount01",
      apiKey: "TkXDsecretApiKeyf7R0",
      timeoutMs: 10_000,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      ...overrides,
    })
    clients.push(instance)
    return instance
  }

  beforeAll(async () => {
    await paycore.start()
  })
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((instance) => instance.close()))
    paycore.reset()
  })
  afterAll(async () => {
    await paycore.close()
  })

  it("sends GET with the Private API's Basic credentials to the path as named, below the base URL's path", async () => {
    paycore.script("GET /paycore/api/v2/balances", answer(200, { data: [] }))
    await expect(client({ baseUrl: `${paycore.url}/paycore/` }).getBalances("/api/v2/balances")).resolves.toEqual([])
    expect(paycore.requests).toHaveLength(1)
    const [request] = paycore.requests
    expect(request.method).toBe("GET")
    expect(request.headers.authorization).toBe(
      "Basic " + Buffer.from("coma_TestAccount01:TkXDsecretApiKeyf7R0").toString("base64")
    )
  })

  it.each([["balances"], ["/balances"], ["/api"], ["/api/"], ["/apibalances"], ["/api/my balances"], [undefined]])(
    "refuses the path %p with PaycoreConfigError, sending nothing",
    async (path) => {
      const error = await client()
        .getBalances(path as string)
        .catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(PaycoreConfigError)
      expect((error as PaycoreConfigError).operation).toBe("getBalances")
      expect(paycore.requests).toHaveLength(0)
    }
  )

  const shapes: [string, unknown, PaycoreBalance[]][] = [
    [
      "the sandbox's shape",
      {
        data: [
          { type: "balances", id: "USD-test", attributes: { currency: "USD", available: 9990.5, test_mode: true } },
          { type: "balances", id: "USD-live", attributes: { currency: "USD", available: 10000, test_mode: false } },
        ],
      },
      [
        { currency: "USD", available: "9990.5", test_mode: true },
        { currency: "USD", available: "10000", test_mode: false },
      ],
    ],
    [
      "numeric strings, kept as written",
      { data: [{ type: "balance", id: "1", attributes: { currency: "EUR", available: " 10.50 " } }] },
      [{ currency: "EUR", available: "10.50", test_mode: null }],
    ],
    [
      "balance or amount instead of available, a lower-case currency, PHP's 0/1, extra fields, no type or id",
      {
        data: [
          { attributes: { currency: "uah", balance: "1500.00", test_mode: 1, reserved: 3 }, links: {} },
          { id: 7, attributes: { currency: "usdt", amount: -12.5, test_mode: 0 } },
          { type: "balances", id: "x", attributes: { currency: "JPY", available: null, balance: 1200 } },
        ],
        meta: { total: 3 },
      },
      [
        { currency: "UAH", available: "1500.00", test_mode: true },
        { currency: "USDT", available: "-12.5", test_mode: false },
        { currency: "JPY", available: "1200", test_mode: null },
      ],
    ],
    ["an empty list", { data: [] }, []],
  ]

  it.each(shapes)("reads %s", async (_name, body, expected) => {
    paycore.script(`GET ${BALANCES}`, answer(200, body))
    await expect(client().getBalances(BALANCES)).resolves.toEqual(expected)
  })

  it("writes JSON numbers as plain decimal text, never in exponent notation", async () => {
    paycore.script(
      `GET ${BALANCES}`,
      answerRaw(
        '{"data":[' +
          ["9990.50", "1e3", "1E21", "1.5e-7", "-0.000001", "123456789012.34"]
            .map((n) => `{"attributes":{"currency":"USD","available":${n}}}`)
            .join(",") +
          "]}"
      )
    )
    const balances = await client().getBalances(BALANCES)
    expect(balances.map((balance) => balance.available)).toEqual([
      "9990.5",
      "1000",
      "1000000000000000000000",
      "0.00000015",
      "-0.000001",
      "123456789012.34",
    ])
  })

  it.each([
    ["no data", { balances: [] }, /data/],
    ["data as an object", { data: { currency: "USD", available: 1 } }, /data/],
    ["an item without attributes", { data: [{ type: "balances", id: "USD" }] }, /data\.0\.attributes/],
    ["an item without currency", { data: [{ attributes: { available: 1 } }] }, /currency/],
    [
      "an item without available, balance or amount",
      { data: [{ attributes: { currency: "USD", total: 1 } }] },
      /data\.0\.attributes\.available: expected one of available, balance or amount/,
    ],
    ["a non-numeric amount", { data: [{ attributes: { currency: "USD", available: "ten" } }] }, /available/],
    ["a boolean amount", { data: [{ attributes: { currency: "USD", available: true } }] }, /available/],
    ["a bare array", [{ attributes: { currency: "USD", available: 1 } }], /expected object/],
  ])("refuses %s with PaycoreResponseError", async (_name, body, issue) => {
    paycore.script(`GET ${BALANCES}`, answer(200, body))
    const error = await client()
      .getBalances(BALANCES)
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(PaycoreResponseError)
    expect((error as PaycoreResponseError).message).toContain("not a valid list of balances")
    expect((error as PaycoreResponseError).issues.join("\n")).toMatch(issue)
    expect(paycore.count(`GET ${BALANCES}`)).toBe(1)
  })

  it("refuses a body that is not JSON with PaycoreResponseError", async () => {
    paycore.script(`GET ${BALANCES}`, answerRaw("<html>balances</html>"))
    await expect(client().getBalances(BALANCES)).rejects.toBeInstanceOf(PaycoreResponseError)
  })

  it("repeats the read on 5xx and 429, not on 404", async () => {
    paycore.script(
      `GET ${BALANCES}`,
      answer(503, { message: "unavailable" }),
      answer(429, { message: "slow down" }),
      answer(200, { data: [{ attributes: { currency: "USD", available: 1 } }] })
    )
    await expect(client().getBalances(BALANCES)).resolves.toHaveLength(1)
    expect(paycore.count(`GET ${BALANCES}`)).toBe(3)

    paycore.reset()
    paycore.script(`GET ${BALANCES}`, answer(404, { message: "Not Found" }))
    const error = await client()
      .getBalances(BALANCES)
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(PaycoreApiError)
    expect(error).toMatchObject({ status: 404, attempts: 1 })
    expect(paycore.count(`GET ${BALANCES}`)).toBe(1)
  })

  it("exports the schema for callers that read balances themselves", () => {
    expect(
      paycoreBalancesDocumentSchema.parse({ data: [{ attributes: { currency: "usd", amount: "5" } }] }).data
    ).toEqual([{ currency: "USD", available: "5", test_mode: null }])
  })
})
