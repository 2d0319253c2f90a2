import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"

import { createProvider, expectMedusaError, sessionData, sessionInput } from "./test-utils"
import { invoiceAttributes, listInvoicesByReference, useTestSandbox } from "./sandbox-utils"

describe("PaycoreProviderService.updatePayment", () => {
  const sandbox = useTestSandbox()

  async function initiated(options: Parameters<typeof sessionInput>[0] = {}) {
    const { provider, logger } = createProvider(sandbox, { allowedReturnHosts: ["shop.example"] })
    const input = sessionInput({ amount: 10, currency_code: "usd", ...options })
    const result = await provider.initiatePayment(input)
    return { provider, logger, input, sessionId: input.data.session_id, invoiceId: result.id, data: result.data! }
  }

  describe("with the same amount and currency", () => {
    it("returns the same data and makes no new invoice (this is how a callback sets a session's status)", async () => {
      const { provider, logger, sessionId, data } = await initiated()
      const callsBefore = logger.paycoreCalls()

      const result = await provider.updatePayment({ data, amount: 10, currency_code: "usd", context: {} })

      expect(result.data).toBe(data)
      expect(result).not.toHaveProperty("status")
      expect(logger.paycoreCalls()).toBe(callsBefore)
      expect(await listInvoicesByReference(sandbox, `${sessionId}-r2`)).toHaveLength(0)
    })

    it("treats amounts that round to the same cents as the same", async () => {
      const { provider, data } = await initiated()

      const result = await provider.updatePayment({ data, amount: "10.004", currency_code: "USD" })

      expect(result.data).toBe(data)
    })
  })

  describe("with another amount", () => {
    it("refuses to replace an invoice that is already paid, and makes no second invoice", async () => {
      const { provider, sessionId, invoiceId, data } = await initiated()
      sandbox.payInvoice(invoiceId)
      await sandbox.callbacksIdle()

      const error = await expectMedusaError(
        provider.updatePayment({ data, amount: 12.5, currency_code: "usd" }),
        MedusaError.Types.NOT_ALLOWED
      )

      expect(error.message).toContain("already paid")
      expect(await listInvoicesByReference(sandbox, `${sessionId}-r2`)).toHaveLength(0)
    })

    it("creates a new invoice with reference <session>-r2 and a new HPP link", async () => {
      const { provider, sessionId, invoiceId, data } = await initiated()

      const result = await provider.updatePayment({ data, amount: 12.5, currency_code: "usd" })

      const updated = sessionData(result)
      expect(result.status).toBe(PaymentSessionStatus.PENDING)
      expect(updated).toMatchObject({
        session_id: sessionId,
        paycore_reference_id: `${sessionId}-r2`,
        paycore_attempt: 2,
        amount: 12.5,
        currency: "USD",
        paycore_status: "created",
      })
      expect(updated.paycore_invoice_id).not.toBe(invoiceId)
      expect(updated.hpp_url).toBe(sandbox.hppUrl(updated.paycore_invoice_id))
      expect(updated.hpp_url).not.toBe(data.hpp_url)
      expect(invoiceAttributes(sandbox, updated.paycore_invoice_id)).toMatchObject({
        reference_id: `${sessionId}-r2`,
        amount: 12.5,
        metadata: { medusa_session_id: sessionId },
      })
    })

    it("leaves the first invoice untouched and counts attempts on: -r2, then -r3", async () => {
      const { provider, sessionId, invoiceId, data } = await initiated()

      const second = await provider.updatePayment({ data, amount: 11, currency_code: "usd" })
      const third = await provider.updatePayment({ data: second.data, amount: 13, currency_code: "usd" })

      expect(sessionData(third)).toMatchObject({
        paycore_reference_id: `${sessionId}-r3`,
        paycore_attempt: 3,
        amount: 13,
      })
      expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({
        status: "created",
        amount: 10,
        reference_id: sessionId,
      })
      expect(await listInvoicesByReference(sandbox, `${sessionId}-r2`)).toHaveLength(1)
      expect(await listInvoicesByReference(sandbox, `${sessionId}-r3`)).toHaveLength(1)
    })

    it("keeps the cart id and the storefront's return_url for the new invoice", async () => {
      const returnUrl = "https://shop.example/return"
      const { provider, data } = await initiated({ data: { cart_id: "cart_01ABC", return_url: returnUrl } })

      const result = await provider.updatePayment({ data, amount: 14, currency_code: "usd" })

      const updated = sessionData(result)
      expect(updated).toMatchObject({ cart_id: "cart_01ABC", return_url: returnUrl })
      expect(invoiceAttributes(sandbox, updated.paycore_invoice_id)).toMatchObject({
        metadata: { medusa_cart_id: "cart_01ABC" },
        return_urls: { success: `${returnUrl}?paycore_result=success` },
      })
    })

    it("creates a new invoice when only the currency changes", async () => {
      const { provider, sessionId, data } = await initiated()

      const result = await provider.updatePayment({ data, amount: 10, currency_code: "eur" })

      expect(sessionData(result)).toMatchObject({
        paycore_reference_id: `${sessionId}-r2`,
        currency: "EUR",
        amount: 10,
      })
    })

    it("adopts the new invoice when the same update is retried with the old data", async () => {
      const { provider, sessionId, data } = await initiated()

      const first = await provider.updatePayment({ data, amount: 12, currency_code: "usd" })
      const retried = await provider.updatePayment({ data, amount: 12, currency_code: "usd" })

      expect(sessionData(retried).paycore_invoice_id).toBe(sessionData(first).paycore_invoice_id)
      expect(await listInvoicesByReference(sandbox, `${sessionId}-r2`)).toHaveLength(1)
    })

    it("refuses when the next reference is already taken by an invoice for another amount", async () => {
      const { provider, data } = await initiated()
      await provider.updatePayment({ data, amount: 12, currency_code: "usd" })

      const error = await expectMedusaError(
        provider.updatePayment({ data, amount: 15, currency_code: "usd" }),
        MedusaError.Types.INVALID_DATA
      )
      expect(error.message).toContain("-r2 is already used")
    })
  })

  it("creates the session's first invoice when the data has none yet", async () => {
    const { provider } = createProvider(sandbox)
    const input = sessionInput()

    const result = await provider.updatePayment({
      data: input.data,
      amount: 9,
      currency_code: "usd",
      context: input.context,
    })

    expect(sessionData(result)).toMatchObject({
      paycore_reference_id: input.data.session_id,
      paycore_attempt: 1,
      amount: 9,
    })
  })

  it("refuses a session without any session id", async () => {
    const { provider } = createProvider(sandbox)

    await expectMedusaError(
      provider.updatePayment({ data: {}, amount: 9, currency_code: "usd" }),
      MedusaError.Types.INVALID_DATA
    )
  })
})
