import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"

import { createProvider, expectMedusaError, newSessionId, sessionData, sessionInput } from "./test-utils"
import { driveInvoice, useTestSandbox, UNREACHABLE_URL, type DrivableStatus } from "./sandbox-utils"

describe("PaycoreProviderService.authorizePayment", () => {
  const sandbox = useTestSandbox()

  async function initiated(amount = 10, currency = "usd") {
    const { provider, logger } = createProvider(sandbox)
    const result = await provider.initiatePayment(sessionInput({ amount, currency_code: currency }))
    return { provider, logger, invoiceId: result.id, data: result.data! }
  }

  describe("maps PayCore's live status", () => {
    it.each<[DrivableStatus, PaymentSessionStatus]>([
      ["created", PaymentSessionStatus.PENDING],
      ["processing", PaymentSessionStatus.PENDING],
      ["process_pending", PaymentSessionStatus.PENDING],
      ["processed", PaymentSessionStatus.CAPTURED],
      ["process_failed", PaymentSessionStatus.ERROR],
      ["expired", PaymentSessionStatus.CANCELED],
      ["terminated", PaymentSessionStatus.CANCELED],
      ["charged_back", PaymentSessionStatus.CAPTURED],
    ])("%s → %s", async (status, expected) => {
      const { provider, invoiceId, data } = await initiated()
      driveInvoice(sandbox, invoiceId, status)

      const result = await provider.authorizePayment({ data })

      expect(result.status).toBe(expected)
      expect(result.data).toMatchObject({ paycore_invoice_id: invoiceId, paycore_status: status })
    })
  })

  it("never captures a live session with a paid test invoice: pending, data unchanged, a warning", async () => {
    const { provider, logger, invoiceId, data } = await initiated(20)
    sandbox.payInvoice(invoiceId)
    // The invoice is a test one (the sandbox provider is in test mode); the session claims to be live.
    const live = { ...data, test_mode: false }

    const result = await provider.authorizePayment({ data: live })

    expect(result.status).toBe(PaymentSessionStatus.PENDING)
    expect(result.data).toEqual(live)
    expect(logger.entries.some((entry) => entry.level === "warn" && entry.message.includes("test invoice"))).toBe(true)
  })

  it("answers captured for a paid invoice, because PayCore charged in one step", async () => {
    const { provider, invoiceId, data } = await initiated(49.9)
    sandbox.payInvoice(invoiceId)

    const result = await provider.authorizePayment({ data })

    expect(result.status).toBe(PaymentSessionStatus.CAPTURED)
    expect(result.data).toMatchObject({ processed_amount: 49.9, paycore_status: "processed" })
    expect(result.data).not.toHaveProperty("paycore_problem")
  })

  it("accepts JPY and KWD payments paid in full", async () => {
    for (const [amount, currency] of [
      [1235, "jpy"],
      [1.235, "kwd"],
    ] as const) {
      const { provider, invoiceId, data } = await initiated(amount, currency)
      sandbox.payInvoice(invoiceId)

      await expect(provider.authorizePayment({ data })).resolves.toMatchObject({
        status: PaymentSessionStatus.CAPTURED,
      })
    }
  })

  it("refreshes the stored data: status, resolution, updated, amounts", async () => {
    const { provider, invoiceId, data } = await initiated()
    sandbox.advanceClock(60)
    sandbox.failInvoice(invoiceId, { resolution: "insufficient_funds" })

    const result = await provider.authorizePayment({ data })

    expect(result.status).toBe(PaymentSessionStatus.ERROR)
    expect(result.data).toMatchObject({
      ...data,
      paycore_status: "process_failed",
      paycore_resolution: "insufficient_funds",
      paycore_updated: expect.any(Number),
      processed_amount: null,
      refunded_amount: null,
    })
    expect(result.data!.paycore_updated as number).toBeGreaterThan(data.paycore_updated as number)
  })

  it("asks PayCore every time and ignores a status stored in the session data", async () => {
    const { provider, data } = await initiated()

    const result = await provider.authorizePayment({
      data: { ...data, paycore_status: "processed", processed_amount: 10 },
    })

    expect(result.status).toBe(PaymentSessionStatus.PENDING)
    expect(result.data).toMatchObject({ paycore_status: "created", processed_amount: null })
  })

  it("finds the invoice by reference when the data has no invoice id", async () => {
    const { provider, invoiceId, data } = await initiated()
    sandbox.payInvoice(invoiceId)
    const { paycore_invoice_id: _dropped, ...withoutId } = data

    const result = await provider.authorizePayment({ data: withoutId })

    expect(result.status).toBe(PaymentSessionStatus.CAPTURED)
    expect(result.data).toMatchObject({ paycore_invoice_id: invoiceId })
  })

  describe("never treats the wrong money as this session's payment", () => {
    it("a lower processed amount (partially_processed) is an error with paycore_problem amount_mismatch", async () => {
      const { provider, logger, invoiceId, data } = await initiated(10)
      sandbox.payInvoice(invoiceId, { processedAmount: 9.99 })

      const result = await provider.authorizePayment({ data })

      expect(result.status).toBe(PaymentSessionStatus.ERROR)
      expect(result.data).toMatchObject({ paycore_status: "partially_processed", processed_amount: 9.99 })
      expect(result.data!.paycore_problem).toMatch(/^amount_mismatch: paid 9\.99 USD, expected 10 \(payment_amount\)$/)
      expect(logger.messages("error").some((line) => line.includes(`${invoiceId} was paid but not accepted`))).toBe(
        true
      )
    })

    it("a processed invoice for another amount than the session's is an error, never captured", async () => {
      const { provider, logger, invoiceId, data } = await initiated(10)
      sandbox.payInvoice(invoiceId)

      const result = await provider.authorizePayment({ data: { ...data, amount: 12 } })

      expect(result.status).toBe(PaymentSessionStatus.ERROR)
      expect(result.data!.paycore_problem).toBe("amount_mismatch: the invoice is for 10 USD, expected 12")
      expect(logger.messages("error")).toHaveLength(1)
    })

    it("a processed invoice in another currency than the session's is an error", async () => {
      const { provider, invoiceId, data } = await initiated(10)
      sandbox.payInvoice(invoiceId)

      const result = await provider.authorizePayment({ data: { ...data, currency: "EUR" } })

      expect(result.status).toBe(PaymentSessionStatus.ERROR)
      expect(result.data!.paycore_problem).toMatch(/^currency_mismatch/)
    })

    it("an invoice id pointing at another session's paid invoice is an error (reference_mismatch)", async () => {
      const own = await initiated(10)
      const other = await initiated(10)
      sandbox.payInvoice(other.invoiceId)

      const result = await own.provider.authorizePayment({
        data: { ...own.data, paycore_invoice_id: other.invoiceId },
      })

      expect(result.status).toBe(PaymentSessionStatus.ERROR)
      expect(result.data!.paycore_problem).toBe("reference_mismatch")
    })

    it("a problem recorded earlier is cleared once the invoice is fine", async () => {
      const { provider, invoiceId, data } = await initiated(10)
      sandbox.payInvoice(invoiceId)

      const result = await provider.authorizePayment({ data: { ...data, paycore_problem: "amount_mismatch: old" } })

      expect(result.status).toBe(PaymentSessionStatus.CAPTURED)
      expect(result.data).not.toHaveProperty("paycore_problem")
    })
  })

  it("is an error with paycore_problem invoice_not_found when PayCore has no invoice for the reference", async () => {
    const { provider } = createProvider(sandbox)
    const sessionId = newSessionId()

    const result = await provider.authorizePayment({ data: { session_id: sessionId, paycore_reference_id: sessionId } })

    expect(result.status).toBe(PaymentSessionStatus.ERROR)
    expect(result.data).toMatchObject({ paycore_problem: "invoice_not_found" })
  })

  it("is an error with paycore_problem invoice_not_found when PayCore does not know the stored invoice id", async () => {
    const { provider } = createProvider(sandbox)
    const sessionId = newSessionId()

    const result = await provider.authorizePayment({
      data: { session_id: sessionId, paycore_reference_id: sessionId, paycore_invoice_id: "cpi_UnknownInvoice00" },
    })

    expect(result.status).toBe(PaymentSessionStatus.ERROR)
    expect(result.data).toMatchObject({ paycore_problem: "invoice_not_found" })
  })

  it("refuses session data without a PayCore invoice", async () => {
    const { provider } = createProvider(sandbox)

    const error = await expectMedusaError(
      provider.authorizePayment({ data: { session_id: newSessionId() } }),
      MedusaError.Types.INVALID_DATA
    )
    expect(error.message).toContain("no PayCore invoice")
  })

  describe("an invoice PayCore's page created from a link", () => {
    it("is read through the Private API, whatever the Public API answers", async () => {
      const { provider, invoiceId, data } = await initiated()
      sandbox.payInvoice(invoiceId)
      sandbox.addFault({
        method: "GET",
        path: "/public-api/payment-invoices/*",
        kind: "status",
        status: 500,
        times: 10,
      })

      const result = await provider.authorizePayment({ data: { ...data, paycore_flow: "hpp_link" } })

      expect(result.status).toBe(PaymentSessionStatus.CAPTURED)
    })

    it("falls back to the Public API, with the public key, when the Private API refuses the read", async () => {
      const { provider, invoiceId, data } = await initiated()
      sandbox.payInvoice(invoiceId)
      sandbox.updateConfig({ publicReadRequiresKey: true })
      sandbox.addFault({ method: "GET", path: "/api/payment-invoices/*", kind: "status", status: 403 })
      try {
        const result = await provider.authorizePayment({ data: { ...data, paycore_flow: "hpp_link" } })
        expect(result.status).toBe(PaymentSessionStatus.CAPTURED)
      } finally {
        sandbox.updateConfig({ publicReadRequiresKey: false })
      }
    })

    it("never falls back for an invoice the Private API created: a refused read is an error", async () => {
      const { provider, invoiceId, data } = await initiated()
      sandbox.payInvoice(invoiceId)
      sandbox.addFault({ method: "GET", path: "/api/payment-invoices/*", kind: "status", status: 403 })

      await expect(provider.authorizePayment({ data })).rejects.toThrow()
    })
  })

  describe("when PayCore misbehaves", () => {
    it("retries a 502 and answers from the invoice", async () => {
      const { provider, invoiceId, data } = await initiated()
      sandbox.payInvoice(invoiceId)
      sandbox.addFault({ method: "GET", path: "/api/payment-invoices/*", kind: "status", status: 502 })

      await expect(provider.authorizePayment({ data })).resolves.toMatchObject({
        status: PaymentSessionStatus.CAPTURED,
      })
    })

    it("retries an answer slower than timeoutMs", async () => {
      const { invoiceId, data } = await initiated()
      sandbox.payInvoice(invoiceId)
      const { provider } = createProvider(sandbox, { timeoutMs: 400 })
      sandbox.addFault({ method: "GET", path: "/api/payment-invoices/*", kind: "delay", delayMs: 1_500 })

      await expect(provider.authorizePayment({ data })).resolves.toMatchObject({
        status: PaymentSessionStatus.CAPTURED,
      })
    })

    it("throws a clear 'try again' error, not a status, when PayCore is unreachable", async () => {
      const { data } = await initiated()
      const { provider, logger } = createProvider(sandbox, { baseUrl: UNREACHABLE_URL, retryAttempts: 1 })

      const error = await expectMedusaError(provider.authorizePayment({ data }), MedusaError.Types.UNEXPECTED_STATE)

      expect(error.message).toContain("PayCore could not read the payment invoice right now")
      expect(error.message).toContain("connection refused")
      expect(error.message).toContain("Please try again")
      expect(logger.messages("warn").some((line) => line.includes("could not read the payment invoice"))).toBe(true)
    })

    it("throws a clear error when every attempt times out", async () => {
      const { data } = await initiated()
      const { provider } = createProvider(sandbox, { timeoutMs: 100, retryAttempts: 2 })
      sandbox.addFault({ method: "GET", path: "/api/payment-invoices/*", kind: "delay", delayMs: 400, times: 2 })

      const error = await expectMedusaError(provider.authorizePayment({ data }), MedusaError.Types.UNEXPECTED_STATE)

      expect(error.message).toContain("no complete answer within 100 ms")
    })
  })

  it("answers the same when called again (Medusa authorizes at cart completion and after a callback)", async () => {
    const { provider, invoiceId, data } = await initiated()
    sandbox.payInvoice(invoiceId)

    const first = await provider.authorizePayment({ data })
    const second = await provider.authorizePayment({ data: first.data })

    expect(second).toEqual(first)
    expect(sessionData(second).paycore_invoice_id).toBe(invoiceId)
  })
})
