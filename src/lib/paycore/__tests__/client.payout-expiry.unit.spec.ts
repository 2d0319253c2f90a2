// A card payout's expiry (docs/paycore-notes.md, "Payouts"): `context.card.{exp_month, exp_year}` goes to PayCore
// in both payout body formats, is checked before anything is sent, and never reaches a log line.
import { PaycoreClient, type PaycoreClientOptions, type PaycoreLogger } from "../client"
import { PaycoreInvalidRequestError } from "../errors"
import { ScriptedPaycore, answer, payoutInvoiceResource } from "./helpers/scripted-paycore"

const PAYOUTS = "/api/payout-invoices"
const CARD_NUMBER = "5404367504475264"
const EXPIRY = { exp_month: "09", exp_year: "2031" }

const payout = (overrides: Record<string, unknown> = {}) => ({
  reference_id: "pcpo_expiry_1",
  service: "payment_card_usd",
  currency: "USD",
  amount: 25,
  fields: { card_number: CARD_NUMBER },
  context: { card: EXPIRY },
  ...overrides,
})

function capturingLogger(): PaycoreLogger & { lines: string[] } {
  const lines: string[] = []
  const record = (level: string) => (message: string, meta?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`)
  }
  return { lines, debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") }
}

describe("PaycoreClient: card payouts with expiry", () => {
  const paycore = new ScriptedPaycore()
  const clients: PaycoreClient[] = []
  const client = (overrides: Partial<PaycoreClientOptions> = {}) => {
    const instance = new PaycoreClient({
      baseUrl: paycore.url,
      accountId: "coma_TestAccount01",
      apiKey: "TkXDsecretApiKeyf7R0",
      timeoutMs: 10_000,
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 5 },
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

  it.each([
    ["envelope", (body: any) => body.data.attributes],
    ["flat", (body: any) => body],
  ] as const)("sends context.card with the %s payout body", async (format, attributesOf) => {
    paycore.script(`POST ${PAYOUTS}`, answer(201, { data: payoutInvoiceResource({ currency: "USD", amount: 25 }) }))
    await client({ payoutRequestFormat: format }).createPayoutInvoice(payout())
    expect(paycore.requests).toHaveLength(1)
    const sent = attributesOf(paycore.requests[0].body)
    expect(sent.context).toEqual({ card: EXPIRY })
    expect(sent.fields).toEqual({ card_number: CARD_NUMBER })
    if (format === "envelope") expect(paycore.requests[0].body.data.type).toBe("payout-invoice")
    else expect(paycore.requests[0].body.data).toBeUndefined()
  })

  it("never logs the card's expiry, in context.card or in fields", async () => {
    const logger = capturingLogger()
    paycore.script(`POST ${PAYOUTS}`, answer(201, { data: payoutInvoiceResource({ currency: "USD", amount: 25 }) }))
    await client({ logger }).createPayoutInvoice(
      payout({ fields: { card_number: CARD_NUMBER, exp_month: "09", "card.exp_year": "2031" } })
    )
    const logged = logger.lines.join("\n")
    expect(logged).toContain("creating payout invoice")
    expect(logged).toContain("[redacted]")
    expect(logged).not.toContain("2031")
    expect(logged).not.toMatch(/"exp_month":"09"/)
    expect(logged).not.toContain(CARD_NUMBER)
  })

  it.each([
    [{ card: { exp_month: "9", exp_year: "2031" } }, "context.card.exp_month"],
    [{ card: { exp_month: "13", exp_year: "2031" } }, "context.card.exp_month"],
    [{ card: { exp_month: "09", exp_year: "31" } }, "context.card.exp_year"],
    [{ card: { exp_month: 9, exp_year: 2031 } }, "context.card.exp_month"],
  ])("refuses %j before sending anything, naming %s", async (context, path) => {
    const error = await client()
      .createPayoutInvoice(payout({ context }) as any)
      .then(
        () => null,
        (caught: unknown) => caught
      )
    expect(error).toBeInstanceOf(PaycoreInvalidRequestError)
    expect(String((error as Error).message)).toContain(path)
    expect(paycore.requests).toHaveLength(0)
  })
})
