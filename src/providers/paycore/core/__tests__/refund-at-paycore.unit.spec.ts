import { claimRefundAtPaycore, releaseRefundAtPaycore, REFUND_AT_PAYCORE_MARKER } from "../refund-at-paycore"
import { createProvider, newRefundId, sessionInput } from "./test-utils"
import { invoiceAttributes, useTestSandbox } from "./sandbox-utils"

describe("PaycoreProviderService.refundPayment for a refund already made at PayCore", () => {
  const sandbox = useTestSandbox()

  async function refundedAtPaycore(amount: number) {
    const { provider } = createProvider(sandbox)
    const initiated = await provider.initiatePayment(sessionInput({ amount: 30, currency_code: "usd" }))
    sandbox.payInvoice(initiated.id)
    const authorized = await provider.authorizePayment({ data: initiated.data })
    sandbox.refundAtDashboard(initiated.id, { amount })
    return { provider, invoiceId: initiated.id, data: authorized.data! }
  }

  it("records a claimed refund without asking PayCore, and answers the data without the marker", async () => {
    const { provider, invoiceId, data } = await refundedAtPaycore(10)
    const key = `${invoiceId}@10.00`
    claimRefundAtPaycore(invoiceId, { key, amount: 10, currency: "usd" })
    const refundId = newRefundId()

    const result = await provider.refundPayment({
      data: { ...data, [REFUND_AT_PAYCORE_MARKER]: { key, amount: 10 } },
      amount: { value: "10", precision: 20 },
      context: { idempotency_key: refundId },
    })

    expect(result.data).not.toHaveProperty(REFUND_AT_PAYCORE_MARKER)
    expect(result.data).toMatchObject({ paycore_refunds_at_paycore: [{ key, amount: 10, refund_id: refundId }] })
    expect(sandbox.getInvoiceState(invoiceId).refunds).toHaveLength(1) // the dashboard's only
    expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({ refunded_amount: 10 })
  })

  it("lets one refund take a claim: the next refund of the same amount goes to PayCore", async () => {
    const { provider, invoiceId, data } = await refundedAtPaycore(10)
    claimRefundAtPaycore(invoiceId, { key: `${invoiceId}@10.00`, amount: 10, currency: "usd" })

    await provider.refundPayment({ data, amount: 10, context: { idempotency_key: newRefundId() } })
    const real = await provider.refundPayment({ data, amount: 10, context: { idempotency_key: newRefundId() } })

    expect(real.data).toMatchObject({ paycore_refunds: [expect.objectContaining({ amount: 10 })] })
    expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({ refunded_amount: 20 })
  })

  it("sends a refund of another amount, or after the claim was released, to PayCore and drops a stale marker", async () => {
    const { provider, invoiceId, data } = await refundedAtPaycore(10)
    const key = `${invoiceId}@10.00`
    claimRefundAtPaycore(invoiceId, { key, amount: 10, currency: "usd" })
    const marked = { ...data, [REFUND_AT_PAYCORE_MARKER]: { key, amount: 10 } }

    const other = await provider.refundPayment({ data: marked, amount: 4, context: { idempotency_key: newRefundId() } })
    releaseRefundAtPaycore(invoiceId, key)
    const released = await provider.refundPayment({
      data: marked,
      amount: 10,
      context: { idempotency_key: newRefundId() },
    })

    expect(other.data).not.toHaveProperty(REFUND_AT_PAYCORE_MARKER)
    expect(released.data).not.toHaveProperty(REFUND_AT_PAYCORE_MARKER)
    expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({ refunded_amount: 24 })
  })
})
