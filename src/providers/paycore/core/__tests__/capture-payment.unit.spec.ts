import { createProvider, sessionInput } from "./test-utils"
import { invoiceAttributes, useTestSandbox, UNREACHABLE_URL } from "./sandbox-utils"

describe("PaycoreProviderService.capturePayment", () => {
  const sandbox = useTestSandbox()

  async function paid() {
    const { provider, logger } = createProvider(sandbox)
    const initiated = await provider.initiatePayment(sessionInput({ amount: 30 }))
    sandbox.payInvoice(initiated.id)
    const authorized = await provider.authorizePayment({ data: initiated.data })
    return { provider, logger, invoiceId: initiated.id, data: authorized.data! }
  }

  it("returns the payment data unchanged: PayCore already took the money when the invoice was processed", async () => {
    const { provider, data } = await paid()
    const snapshot = structuredClone(data)

    const result = await provider.capturePayment({ data, context: { idempotency_key: "capt_01" } })

    expect(result).toEqual({ data: snapshot })
    expect(data).toEqual(snapshot)
  })

  it("does not call PayCore at all", async () => {
    const { provider, logger, invoiceId, data } = await paid()
    const callsBefore = logger.paycoreCalls()
    const before = invoiceAttributes(sandbox, invoiceId)

    await provider.capturePayment({ data })
    await provider.capturePayment({ data })

    expect(logger.paycoreCalls()).toBe(callsBefore)
    expect(invoiceAttributes(sandbox, invoiceId)).toEqual(before)
  })

  it("works while PayCore is unreachable and is safe to repeat", async () => {
    const { data } = await paid()
    const { provider } = createProvider(sandbox, { baseUrl: UNREACHABLE_URL, retryAttempts: 1 })

    const first = await provider.capturePayment({ data })
    const second = await provider.capturePayment({ data: first.data })

    expect(second).toEqual({ data })
  })
})
