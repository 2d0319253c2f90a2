import { createProvider, sessionInput } from "./test-utils"
import { invoiceAttributes, useTestSandbox, UNREACHABLE_URL } from "./sandbox-utils"

describe("PaycoreProviderService.cancelPayment", () => {
  const sandbox = useTestSandbox()

  async function initiated() {
    const { provider, logger } = createProvider(sandbox)
    const result = await provider.initiatePayment(sessionInput({ amount: 12 }))
    return { provider, logger, invoiceId: result.id, data: result.data! }
  }

  it("returns the data unchanged and is safe to call twice", async () => {
    const { provider, data } = await initiated()
    const snapshot = structuredClone(data)

    const first = await provider.cancelPayment({ data, context: { idempotency_key: "pay_01" } })
    const second = await provider.cancelPayment({ data: first.data, context: { idempotency_key: "pay_01" } })

    expect(first).toEqual({ data: snapshot })
    expect(second).toEqual({ data: snapshot })
  })

  it("leaves an unpaid invoice alone at PayCore (it expires there by itself)", async () => {
    const { provider, logger, invoiceId, data } = await initiated()
    const callsBefore = logger.paycoreCalls()
    const before = invoiceAttributes(sandbox, invoiceId)

    await provider.cancelPayment({ data })
    await provider.cancelPayment({ data })

    expect(logger.paycoreCalls()).toBe(callsBefore)
    expect(invoiceAttributes(sandbox, invoiceId)).toEqual(before)
    expect(before.status).toBe("created")
  })

  it("never undoes a paid invoice: the payment stays processed and nothing is refunded", async () => {
    const { provider, invoiceId, data } = await initiated()
    sandbox.payInvoice(invoiceId)

    await provider.cancelPayment({ data })
    await provider.cancelPayment({ data })

    expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({ status: "processed", refunded_amount: null })
    expect(sandbox.getInvoiceState(invoiceId).refunds).toHaveLength(0)
  })

  it("works while PayCore is unreachable and without any data", async () => {
    const { data } = await initiated()
    const { provider } = createProvider(sandbox, { baseUrl: UNREACHABLE_URL, retryAttempts: 1 })

    await expect(provider.cancelPayment({ data })).resolves.toEqual({ data })
    await expect(provider.cancelPayment({})).resolves.toEqual({ data: undefined })
  })
})
