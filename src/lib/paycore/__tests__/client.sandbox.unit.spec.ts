import { startSandbox, type Sandbox } from "../../../../sandbox/src"
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
      { port: 0, controls: true, expirySweepIntervalMs: 0 },
      { env: {}, log: () => undefined }
    )
  })

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((instance) => instance.close()))
    sandbox.clearFaults()
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

  it("lists payment and payout services through the Public API pre-requests", async () => {
    const paycore = client()

    const payment = await paycore.paymentPrerequest({ currency: "USD", amount: 10 })
    const payout = await paycore.payoutPrerequest({ currency: "USD", amount: 10 })

    expect(Object.keys(payment.attributes.services)).toContain("payment_card_usd_hpp")
    expect(payment.attributes.methods?.payment_card?.name).toBe("Payment card")
    expect(Object.keys(payout.attributes.services)).toContain("payment_card_usd")
  })
})
