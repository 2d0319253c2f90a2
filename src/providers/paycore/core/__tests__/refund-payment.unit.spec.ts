import { MedusaError } from "@medusajs/framework/utils"

import { createProvider, expectMedusaError, newRefundId, sessionData, sessionInput } from "./test-utils"
import { invoiceAttributes, useTestSandbox } from "./sandbox-utils"

describe("PaycoreProviderService.refundPayment", () => {
  const sandbox = useTestSandbox()

  afterEach(() => {
    sandbox.updateConfig({ refundApi: "enabled", refundOutcome: "processed" })
  })

  /** A session paid in full and authorized, as Medusa holds it in `payment.data`. */
  async function paid(amount = 30, currency = "usd") {
    const { provider, logger } = createProvider(sandbox)
    const initiated = await provider.initiatePayment(sessionInput({ amount, currency_code: currency }))
    sandbox.payInvoice(initiated.id)
    const authorized = await provider.authorizePayment({ data: initiated.data })
    return { provider, logger, invoiceId: initiated.id, data: authorized.data! }
  }

  function sandboxRefunds(invoiceId: string) {
    return sandbox.getInvoiceState(invoiceId).refunds.map((refund) => refund.attributes)
  }

  it("refunds the full amount with the Medusa refund id as reference", async () => {
    const { provider, invoiceId, data } = await paid(30)
    const refundId = newRefundId()

    const result = await provider.refundPayment({ data, amount: 30, context: { idempotency_key: refundId } })

    expect(sessionData(result).paycore_refunds).toEqual([
      { id: expect.stringMatching(/^ref_/), reference_id: refundId, amount: 30, status: "processed" },
    ])
    expect(sandboxRefunds(invoiceId)).toEqual([expect.objectContaining({ reference_id: refundId, amount: 30 })])
    expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({ status: "refunded", refunded_amount: 30 })
    expect(result.data).toMatchObject({ ...data, paycore_refunds: expect.any(Array) })
  })

  it("accepts Medusa's raw BigNumber amount ({ value, precision })", async () => {
    const { provider, invoiceId, data } = await paid(30)

    await provider.refundPayment({
      data,
      amount: { value: "5", precision: 20 },
      context: { idempotency_key: newRefundId() },
    })

    expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({ status: "partially_refunded", refunded_amount: 5 })
  })

  it("refunds in several partial refunds up to the captured amount, then refuses more", async () => {
    const { provider, invoiceId, data } = await paid(30)
    const references = [newRefundId(), newRefundId(), newRefundId()]

    let current = data
    for (const [index, amount] of [10, 15.5, 4.5].entries()) {
      const result = await provider.refundPayment({
        data: current,
        amount,
        context: { idempotency_key: references[index] },
      })
      current = result.data!
    }

    expect(sessionData({ data: current }).paycore_refunds).toEqual([
      expect.objectContaining({ reference_id: references[0], amount: 10 }),
      expect.objectContaining({ reference_id: references[1], amount: 15.5 }),
      expect.objectContaining({ reference_id: references[2], amount: 4.5 }),
    ])
    expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({ status: "refunded", refunded_amount: 30 })

    const error = await expectMedusaError(
      provider.refundPayment({ data: current, amount: 0.01, context: { idempotency_key: newRefundId() } }),
      MedusaError.Types.INVALID_DATA
    )
    expect(error.message).toContain("PayCore refused to refund")
    expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({ refunded_amount: 30 })
  })

  it("rounds the refund to the currency's precision (KWD has three decimals)", async () => {
    const { provider, invoiceId, data } = await paid(2.5, "kwd")

    const result = await provider.refundPayment({ data, amount: 1.2345, context: { idempotency_key: newRefundId() } })

    expect(sessionData(result).paycore_refunds?.[0]).toMatchObject({ amount: 1.235 })
    expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({ refunded_amount: 1.235 })
  })

  describe("never refunds twice", () => {
    it("a retried refund with the same reference leaves the refunded amount as it was", async () => {
      const { provider, invoiceId, data } = await paid(30)
      const refundId = newRefundId()

      const first = await provider.refundPayment({ data, amount: 10, context: { idempotency_key: refundId } })
      const retried = await provider.refundPayment({ data, amount: 10, context: { idempotency_key: refundId } })

      expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({ refunded_amount: 10 })
      expect(sandboxRefunds(invoiceId)).toHaveLength(1)
      expect(sessionData(first).paycore_refunds).toHaveLength(1)
      expect(sessionData(retried).paycore_refunds).toEqual([
        expect.objectContaining({ reference_id: refundId, amount: 10 }),
      ])
    })

    it("a retry on data that already records the refund keeps what it knew about it", async () => {
      const { provider, invoiceId, data } = await paid(30)
      const refundId = newRefundId()

      const first = await provider.refundPayment({ data, amount: 10, context: { idempotency_key: refundId } })
      const retried = await provider.refundPayment({
        data: first.data,
        amount: 10,
        context: { idempotency_key: refundId },
      })

      expect(sessionData(retried).paycore_refunds).toEqual(sessionData(first).paycore_refunds)
      expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({ refunded_amount: 10 })
    })

    it("an answer lost after PayCore made the refund gives exactly one refund, and its id", async () => {
      const { provider, invoiceId, data } = await paid(30)
      const refundId = newRefundId()
      sandbox.addFault({
        method: "POST",
        path: `/api/payment-invoices/${invoiceId}/refund`,
        kind: "drop",
        phase: "after",
      })

      const result = await provider.refundPayment({ data, amount: 12, context: { idempotency_key: refundId } })

      const refunds = sandbox.getInvoiceState(invoiceId).refunds
      expect(refunds).toHaveLength(1)
      expect(sessionData(result).paycore_refunds).toEqual([
        { id: refunds[0].id, reference_id: refundId, amount: 12, status: "processed" },
      ])
      expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({ refunded_amount: 12 })
    })

    it("a 502 before PayCore made the refund is retried into exactly one refund", async () => {
      const { provider, invoiceId, data } = await paid(30)
      sandbox.addFault({
        method: "POST",
        path: `/api/payment-invoices/${invoiceId}/refund`,
        kind: "status",
        status: 502,
      })

      await provider.refundPayment({ data, amount: 7, context: { idempotency_key: newRefundId() } })

      expect(sandboxRefunds(invoiceId)).toHaveLength(1)
      expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({ refunded_amount: 7 })
    })
  })

  it("records a refund PayCore is still working on with its own status", async () => {
    sandbox.updateConfig({ refundOutcome: "refund_pending" })
    const { provider, invoiceId, data } = await paid(30)

    const result = await provider.refundPayment({ data, amount: 30, context: { idempotency_key: newRefundId() } })

    expect(sessionData(result).paycore_refunds?.[0]).toMatchObject({ status: "process_pending" })
    expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({ status: "refund_pending" })
  })

  it.each([
    ["forbidden", 403],
    ["not_found", 404],
  ] as const)(
    "says to refund in the PayCore dashboard when the account has no refund API (%s → HTTP %i)",
    async (refundApi, status) => {
      const { provider, invoiceId, data } = await paid(30)
      sandbox.updateConfig({ refundApi })

      const error = await expectMedusaError(
        provider.refundPayment({ data, amount: 30, context: { idempotency_key: newRefundId() } }),
        MedusaError.Types.NOT_ALLOWED
      )

      expect(error.message).toContain(`HTTP ${status}`)
      expect(error.message).toContain("PayCore dashboard")
      expect(error.message).toContain(invoiceId)
      expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({ status: "processed", refunded_amount: null })
    }
  )

  it("refuses a refund without Medusa's refund id (the idempotency key)", async () => {
    const { provider, invoiceId, data } = await paid(30)

    const error = await expectMedusaError(provider.refundPayment({ data, amount: 30 }), MedusaError.Types.INVALID_DATA)
    await expectMedusaError(provider.refundPayment({ data, amount: 30, context: {} }), MedusaError.Types.INVALID_DATA)

    expect(error.message).toContain("refund id")
    expect(sandboxRefunds(invoiceId)).toHaveLength(0)
  })

  it("refuses payment data without a PayCore invoice", async () => {
    const { provider } = createProvider(sandbox)

    const error = await expectMedusaError(
      provider.refundPayment({
        data: { session_id: "payses_x" },
        amount: 1,
        context: { idempotency_key: newRefundId() },
      }),
      MedusaError.Types.INVALID_DATA
    )
    expect(error.message).toContain("no PayCore invoice to refund")
  })

  it("passes on PayCore's refusal to refund an unpaid invoice as a clear 4xx error", async () => {
    const { provider } = createProvider(sandbox)
    const initiated = await provider.initiatePayment(sessionInput({ amount: 30 }))

    const error = await expectMedusaError(
      provider.refundPayment({ data: initiated.data, amount: 30, context: { idempotency_key: newRefundId() } }),
      MedusaError.Types.INVALID_DATA
    )
    expect(error.message).toContain("PayCore refused to refund")
  })
})
