import { Agent, type Dispatcher } from "undici"

import { DEFAULT_CONFIG, startSandbox, type Sandbox } from "../../../../sandbox/src"
import { PaycoreClient, type PaycoreClientOptions } from "../client"
import { PaycoreApiError, PaycoreErrorCode } from "../errors"

/**
 * The client against the project's PayCore sandbox (sandbox/), which models PayCore's
 * documented behaviour: JSON:API documents, PHP-style `[]`, Basic auth, duplicate
 * references, refunds listed in `included`, and fault injection for lost answers.
 */
describe("PaycoreClient against the PayCore sandbox", () => {
  let sandbox: Sandbox
  const clients: PaycoreClient[] = []
  const agents: Agent[] = []
  /** The sandbox's request log: "METHOD /path status" (status "applied+dropped" for a lost answer). */
  const requestLog: string[] = []
  const answers = (route: string) =>
    requestLog.filter((line) => line.startsWith(`${route} `)).map((line) => line.split(" ")[2])

  function client(overrides: Partial<PaycoreClientOptions> = {}): PaycoreClient {
    const instance = new PaycoreClient({
      baseUrl: sandbox.url,
      accountId: sandbox.config.accountId,
      apiKey: sandbox.config.apiKey,
      publicKey: sandbox.config.testPublicKey,
      timeoutMs: 2_000,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      ...overrides,
    })
    clients.push(instance)
    return instance
  }

  let sequence = 0
  const reference = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${++sequence}`

  const newInvoice = (referenceId: string, amount = 49.9) => ({
    reference_id: referenceId,
    service: "payment_card_usd_hpp",
    currency: "usd",
    amount,
    test_mode: true,
    description: "Order #1042",
    metadata: { medusa_session_id: referenceId },
  })

  beforeAll(async () => {
    sandbox = await startSandbox(
      { port: 0, controls: true, expirySweepIntervalMs: 0, logRequests: true },
      { env: {}, log: (line) => requestLog.push(line) }
    )
  })

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((instance) => instance.close()))
    await Promise.all(agents.splice(0).map((agent) => agent.close()))
    sandbox.clearFaults()
    requestLog.length = 0
  })

  afterAll(async () => {
    await sandbox.close()
  })

  it("creates a payment invoice, reads it back by id and by reference", async () => {
    const paycore = client()
    const ref = reference("payses")

    const created = await paycore.createPaymentInvoice(newInvoice(ref))
    const byId = await paycore.getPaymentInvoice(created.id)
    const byReference = await paycore.findPaymentInvoiceByReference(ref)

    expect(created.id).toMatch(/^cpi_/)
    expect(created.attributes).toMatchObject({ reference_id: ref, currency: "USD", amount: 49.9, test_mode: true })
    expect(byId.id).toBe(created.id)
    expect(byReference?.id).toBe(created.id)
    await expect(paycore.findPaymentInvoiceByReference(reference("nobody"))).resolves.toBeNull()
  })

  it("sees the paid status and processed amount after the sandbox marks the invoice paid", async () => {
    const paycore = client()
    const created = await paycore.createPaymentInvoice(newInvoice(reference("payses"), 10.05))

    sandbox.payInvoice(created.id)
    const paid = await paycore.getPaymentInvoice(created.id)

    expect(paid.attributes).toMatchObject({ status: "processed", processed_amount: 10.05 })
  })

  it("reads an invoice through the Public API", async () => {
    const paycore = client()
    const created = await paycore.createPaymentInvoice(newInvoice(reference("payses")))

    await expect(paycore.getPublicPaymentInvoice(created.id)).resolves.toMatchObject({ id: created.id })
  })

  it("returns the one existing invoice when the sandbox applies a create but drops the answer", async () => {
    const paycore = client()
    const ref = reference("payses")
    sandbox.addFault({ method: "POST", path: "/api/payment-invoices", kind: "drop", phase: "after" })

    const invoice = await paycore.createPaymentInvoice(newInvoice(ref))

    const stored = sandbox.findPaymentInvoiceByReference(ref)
    expect(stored?.data).toMatchObject({ id: invoice.id })
    const all = await fetch(`${sandbox.url}/api/payment-invoices?filter%5Breference_id%5D=${encodeURIComponent(ref)}`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${sandbox.config.accountId}:${sandbox.config.apiKey}`).toString("base64")}`,
      },
    }).then((response) => response.json() as Promise<{ data: unknown[] }>)
    expect(all.data).toHaveLength(1)
  })

  it("recovers from a 502 after the create was applied", async () => {
    const paycore = client()
    const ref = reference("payses")
    sandbox.addFault({ method: "POST", path: "/api/payment-invoices", kind: "status", status: 502, phase: "after" })

    const invoice = await paycore.createPaymentInvoice(newInvoice(ref))

    expect(sandbox.findPaymentInvoiceByReference(ref)?.data).toMatchObject({ id: invoice.id })
  })

  it("reports a reference used before this call as a duplicate", async () => {
    const paycore = client()
    const ref = reference("payses")
    await paycore.createPaymentInvoice(newInvoice(ref))

    const error = await paycore.createPaymentInvoice(newInvoice(ref)).catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(PaycoreApiError)
    expect((error as PaycoreApiError).isDuplicateReference).toBe(true)
    expect((error as PaycoreApiError).status).toBe(sandbox.config.duplicateReferenceStatus)
  })

  it("surfaces the sandbox's validation error as a PaycoreApiError with error codes", async () => {
    const error = await client()
      .createPaymentInvoice({ ...newInvoice(reference("payses")), currency: "GBP", service: undefined })
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(PaycoreApiError)
    expect((error as PaycoreApiError).status).toBe(422)
    expect((error as PaycoreApiError).errorCodes.length + (error as PaycoreApiError).messages.length).toBeGreaterThan(0)
  })

  it("gets 401 with a wrong API key, without retrying and without leaking the key", async () => {
    const error = await client({ apiKey: "wrong_api_key_123" })
      .getPaymentInvoice("cpi_doesnotmatter")
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(PaycoreApiError)
    expect(error).toMatchObject({ status: 401, attempts: 1, code: PaycoreErrorCode.API })
    expect((error as Error).message).not.toContain("wrong_api_key_123")
  })

  it("refunds a paid invoice, and a lost refund answer does not refund twice", async () => {
    const paycore = client()
    const invoice = await paycore.createPaymentInvoice(newInvoice(reference("payses"), 100))
    sandbox.payInvoice(invoice.id)

    const first = await paycore.refundPaymentInvoice(invoice.id, {
      amount: 10,
      reference_id: reference("refund"),
      description: "Refund by order",
    })
    sandbox.addFault({
      method: "POST",
      path: `/api/payment-invoices/${invoice.id}/refund`,
      kind: "drop",
      phase: "after",
    })
    const secondReference = reference("refund")
    const second = await paycore.refundPaymentInvoice(invoice.id, { amount: 15, reference_id: secondReference })

    expect(first).toMatchObject({ type: "refunds", attributes: { amount: 10 } })
    expect(first.id).toMatch(/^ref_/)
    expect(second.attributes.reference_id).toBe(secondReference)
    const after = await paycore.getPaymentInvoice(invoice.id)
    expect(after.attributes.refunded_amount).toBe(25)
  })

  it("creates a payout invoice and reads it back by id and by reference", async () => {
    const paycore = client()
    const ref = reference("payout")

    const payout = await paycore.createPayoutInvoice({
      reference_id: ref,
      service: "payment_card_usd",
      currency: "USD",
      amount: 100,
      test_mode: true,
      fields: { card_number: "5519283812030000" },
    })

    expect(payout.id).toMatch(/^cpoi_/)
    await expect(paycore.getPayoutInvoice(payout.id)).resolves.toMatchObject({ id: payout.id })
    await expect(paycore.findPayoutInvoiceByReference(ref)).resolves.toMatchObject({ id: payout.id })
  })

  it.each([
    ["envelope", "documented", true],
    ["envelope", "envelope", true],
    ["flat", "documented", true],
    ["flat", "flat", true],
    ["envelope", "flat", false],
    ["flat", "envelope", false],
    ["envelope", "envelope_plural", false],
  ] as const)(
    "sends payouts as %s: a PayCore that takes %s bodies answers it %s",
    async (format, accepted, created) => {
      sandbox.updateConfig({ payoutBody: accepted })
      try {
        const attempt = client({ payoutRequestFormat: format }).createPayoutInvoice({
          reference_id: reference("payout"),
          service: "payment_card_usd",
          currency: "USD",
          amount: 10,
          test_mode: true,
          fields: { card_number: "5519283812030000" },
        })
        if (created) await expect(attempt).resolves.toMatchObject({ id: expect.stringMatching(/^cpoi_/) })
        else await expect(attempt).rejects.toMatchObject({ status: 422 })
      } finally {
        sandbox.updateConfig({ payoutBody: "documented" })
      }
    }
  )

  it("confirms a payout that waits for the confirmation step, once; a second confirmation is refused", async () => {
    const paycore = client()
    const payout = await paycore.createPayoutInvoice({
      reference_id: reference("payout"),
      service: "payment_card_usd",
      currency: "USD",
      amount: 12,
      test_mode: true,
      fields: { card_number: "5519283812030000" },
      options: { auto_process: false },
    })
    await sandbox.callbacksIdle()
    await expect(paycore.getPayoutInvoice(payout.id)).resolves.toMatchObject({ attributes: { status: "created" } })

    const confirmed = await paycore.confirmPayoutInvoice(payout.id)
    expect(confirmed.id).toBe(payout.id)
    expect(answers(`POST /api/payout-invoices/${payout.id}/process`)).toEqual(["200"])
    await sandbox.callbacksIdle()
    await expect(paycore.getPayoutInvoice(payout.id)).resolves.toMatchObject({ attributes: { status: "processed" } })
    await expect(paycore.confirmPayoutInvoice(payout.id)).rejects.toBeInstanceOf(PaycoreApiError)
    expect(answers(`POST /api/payout-invoices/${payout.id}/process`)).toEqual(["200", "409"])
  })

  it("lists payment and payout services through the Public API pre-requests", async () => {
    const paycore = client()

    const payment = await paycore.paymentPrerequest({ currency: "USD", amount: 10 })
    const payout = await paycore.payoutPrerequest({ currency: "USD", amount: 10 })

    expect(Object.keys(payment.attributes.services)).toContain("payment_card_usd_hpp")
    expect(payment.attributes.methods?.payment_card?.name).toBe("Payment card")
    expect(Object.keys(payout.attributes.services)).toContain("payment_card_usd")
  })

  describe.each([409, 422, 429] as const)('duplicate references answered HTTP %i "Request refused"', (status) => {
    const PAYOUT = { service: "payment_card_usd", currency: "USD", amount: 10, test_mode: true }
    const CARD = { card_number: "5519283812030000" }

    beforeEach(() => {
      sandbox.updateConfig({ duplicateReferenceStatus: status, duplicateReferenceMessage: "Request refused" })
    })

    afterEach(() => {
      sandbox.updateConfig({
        duplicateReferenceStatus: DEFAULT_CONFIG.duplicateReferenceStatus,
        duplicateReferenceMessage: DEFAULT_CONFIG.duplicateReferenceMessage,
      })
    })

    /** A client whose first reference lookup sees an empty list, as if PayCore's search lagged behind a create. */
    function clientWithLaggingLookup(): PaycoreClient {
      let lagging = 1
      const agent = new Agent()
      agents.push(agent)
      const dispatcher = agent.compose((dispatch) => (options: Dispatcher.DispatchOptions, handler) => {
        const url = new URL(options.path, "http://paycore")
        if (options.method === "GET" && url.searchParams.has("filter[reference_id]") && lagging-- > 0) {
          url.searchParams.set("filter[reference_id]", "not_listed_yet")
          return dispatch({ ...options, path: `${url.pathname}${url.search}` }, handler)
        }
        return dispatch(options, handler)
      })
      return client({ dispatcher })
    }

    it("returns the existing invoice, once, when the lost create is re-sent and refused as a duplicate", async () => {
      const ref = reference("payses")
      sandbox.addFault({ method: "POST", path: "/api/payment-invoices", kind: "drop", phase: "after" })

      const invoice = await clientWithLaggingLookup().createPaymentInvoice(newInvoice(ref))

      expect(sandbox.findPaymentInvoiceByReference(ref)?.data).toMatchObject({ id: invoice.id })
      expect(answers("POST /api/payment-invoices")).toEqual(["applied+dropped", String(status)])
    })

    it("returns the existing payout, once, when the lost create is re-sent and refused as a duplicate", async () => {
      const ref = reference("payout")
      sandbox.addFault({ method: "POST", path: "/api/payout-invoices", kind: "drop", phase: "after" })

      const payout = await clientWithLaggingLookup().createPayoutInvoice({ ...PAYOUT, reference_id: ref, fields: CARD })

      await expect(client().findPayoutInvoiceByReference(ref)).resolves.toMatchObject({ id: payout.id })
      expect(answers("POST /api/payout-invoices")).toEqual(["applied+dropped", String(status)])
    })

    it("reports a payment reference used before this call as a duplicate", async () => {
      const paycore = client()
      const ref = reference("payses")
      await paycore.createPaymentInvoice(newInvoice(ref))

      const error = await paycore.createPaymentInvoice(newInvoice(ref)).catch((caught: unknown) => caught)

      expect(error).toBeInstanceOf(PaycoreApiError)
      expect(error).toMatchObject({ status, isDuplicateReference: true, attempts: 1 })
    })

    it("reports a payout reference used before this call as a duplicate", async () => {
      const paycore = client()
      const payout = { ...PAYOUT, reference_id: reference("payout"), fields: CARD }
      await paycore.createPayoutInvoice(payout)

      const error = await paycore.createPayoutInvoice(payout).catch((caught: unknown) => caught)

      expect(error).toBeInstanceOf(PaycoreApiError)
      expect(error).toMatchObject({ status, isDuplicateReference: true, attempts: 1 })
    })

    it("reports a refund reference used before this call as a duplicate", async () => {
      const paycore = client()
      const invoice = await paycore.createPaymentInvoice(newInvoice(reference("payses"), 100))
      sandbox.payInvoice(invoice.id)
      const refund = { amount: 10, reference_id: reference("refund") }
      await paycore.refundPaymentInvoice(invoice.id, refund)

      const error = await paycore.refundPaymentInvoice(invoice.id, refund).catch((caught: unknown) => caught)

      expect(error).toBeInstanceOf(PaycoreApiError)
      expect(error).toMatchObject({ status, isDuplicateReference: true, attempts: 1 })
      expect((await paycore.getPaymentInvoice(invoice.id)).attributes.refunded_amount).toBe(10)
    })

    it("does not take a payment validation error (422, nothing under the reference) for a duplicate, nor retry it", async () => {
      const ref = reference("payses")

      const error = await client()
        .createPaymentInvoice({ ...newInvoice(ref), currency: "GBP", service: undefined })
        .catch((caught: unknown) => caught)

      expect(error).toMatchObject({ status: 422, isDuplicateReference: false, attempts: 1 })
      expect(answers("POST /api/payment-invoices")).toEqual(["422"])
    })

    it("does not take a payout validation error (422, nothing under the reference) for a duplicate, nor retry it", async () => {
      const payout = { ...PAYOUT, reference_id: reference("payout"), fields: { card_number: "12" } }

      const error = await client()
        .createPayoutInvoice(payout)
        .catch((caught: unknown) => caught)

      expect(error).toMatchObject({ status: 422, isDuplicateReference: false, attempts: 1 })
      expect(answers("POST /api/payout-invoices")).toEqual(["422"])
    })
  })
})
