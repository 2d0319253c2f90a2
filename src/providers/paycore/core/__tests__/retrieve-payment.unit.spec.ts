import { MedusaError } from "@medusajs/framework/utils"

import { createProvider, expectMedusaError, newRefundId, newSessionId, sessionInput } from "./test-utils"
import { useTestSandbox, UNREACHABLE_URL } from "./sandbox-utils"

describe("PaycoreProviderService.retrievePayment", () => {
  const sandbox = useTestSandbox()

  async function initiated(amount = 15) {
    const { provider } = createProvider(sandbox)
    const result = await provider.initiatePayment(sessionInput({ amount }))
    return { provider, invoiceId: result.id, data: result.data! }
  }

  it("returns the session data refreshed from PayCore's live invoice, and only data", async () => {
    const { provider, invoiceId, data } = await initiated()
    sandbox.payInvoice(invoiceId)

    const result = await provider.retrievePayment({ data })

    expect(Object.keys(result)).toEqual(["data"])
    expect(result.data).toMatchObject({
      ...data,
      paycore_status: "processed",
      paycore_resolution: "ok",
      paycore_updated: expect.any(Number),
      processed_amount: 15,
      refunded_amount: null,
    })
  })

  it("shows refunds made since the payment", async () => {
    const { provider, invoiceId, data } = await initiated()
    sandbox.payInvoice(invoiceId)
    await provider.refundPayment({ data, amount: 5, context: { idempotency_key: newRefundId() } })

    const result = await provider.retrievePayment({ data })

    expect(result.data).toMatchObject({
      paycore_status: "partially_refunded",
      processed_amount: 15,
      refunded_amount: 5,
    })
  })

  it("records why a paid invoice is not accepted", async () => {
    const { provider, invoiceId, data } = await initiated(15)
    sandbox.payInvoice(invoiceId, { processedAmount: 14 })

    const result = await provider.retrievePayment({ data })

    expect(result.data).toMatchObject({
      paycore_status: "partially_processed",
      paycore_problem: expect.stringMatching(/^amount_mismatch/),
    })
  })

  it("refuses session data without a PayCore invoice", async () => {
    const { provider } = createProvider(sandbox)

    await expectMedusaError(
      provider.retrievePayment({ data: { session_id: newSessionId() } }),
      MedusaError.Types.INVALID_DATA
    )
  })

  it("throws a clear 'try again' error when PayCore is unreachable", async () => {
    const { data } = await initiated()
    const { provider } = createProvider(sandbox, { baseUrl: UNREACHABLE_URL, retryAttempts: 1 })

    const error = await expectMedusaError(provider.retrievePayment({ data }), MedusaError.Types.UNEXPECTED_STATE)

    expect(error.message).toContain("Please try again")
  })

  it("retries a 429 from PayCore", async () => {
    const { provider, invoiceId, data } = await initiated()
    sandbox.addFault({ method: "GET", path: `/api/payment-invoices/${invoiceId}`, kind: "status", status: 429 })

    await expect(provider.retrievePayment({ data })).resolves.toMatchObject({ data: { paycore_status: "created" } })
  })
})
