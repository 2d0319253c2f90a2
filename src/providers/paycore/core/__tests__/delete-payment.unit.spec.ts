import { createProvider, sessionInput } from "./test-utils"
import { invoiceAttributes, listInvoicesByReference, useTestSandbox, UNREACHABLE_URL } from "./sandbox-utils"

describe("PaycoreProviderService.deletePayment", () => {
  const sandbox = useTestSandbox()

  async function initiated() {
    const { provider, logger } = createProvider(sandbox)
    const input = sessionInput({ amount: 8 })
    const result = await provider.initiatePayment(input)
    return { provider, logger, sessionId: input.data.session_id, invoiceId: result.id, data: result.data! }
  }

  it("returns the data unchanged and is safe to call twice (Medusa deletes sessions whenever the cart changes)", async () => {
    const { provider, data } = await initiated()
    const snapshot = structuredClone(data)

    const first = await provider.deletePayment({ data })
    const second = await provider.deletePayment({ data: first.data })

    expect(first).toEqual({ data: snapshot })
    expect(second).toEqual({ data: snapshot })
  })

  it("does not call PayCore: the unpaid invoice stays as it is and expires there", async () => {
    const { provider, logger, sessionId, invoiceId, data } = await initiated()
    const callsBefore = logger.paycoreCalls()
    const before = invoiceAttributes(sandbox, invoiceId)

    await provider.deletePayment({ data })
    await provider.deletePayment({ data })

    expect(logger.paycoreCalls()).toBe(callsBefore)
    expect(invoiceAttributes(sandbox, invoiceId)).toEqual(before)
    expect(await listInvoicesByReference(sandbox, sessionId)).toHaveLength(1)
  })

  it("does not touch an invoice that was paid meanwhile", async () => {
    const { provider, invoiceId, data } = await initiated()
    sandbox.payInvoice(invoiceId)

    await provider.deletePayment({ data })

    expect(invoiceAttributes(sandbox, invoiceId)).toMatchObject({ status: "processed", refunded_amount: null })
  })

  it("works while PayCore is unreachable and for a session that never got an invoice", async () => {
    const { data } = await initiated()
    const { provider } = createProvider(sandbox, { baseUrl: UNREACHABLE_URL, retryAttempts: 1 })

    await expect(provider.deletePayment({ data })).resolves.toEqual({ data })
    await expect(provider.deletePayment({ data: { session_id: data.session_id } })).resolves.toEqual({
      data: { session_id: data.session_id },
    })
  })
})
