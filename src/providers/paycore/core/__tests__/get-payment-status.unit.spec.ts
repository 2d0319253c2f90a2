import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"

import { createProvider, expectMedusaError, newSessionId, sessionInput } from "./test-utils"
import { driveInvoice, useTestSandbox, UNREACHABLE_URL, type DrivableStatus } from "./sandbox-utils"

describe("PaycoreProviderService.getPaymentStatus", () => {
  const sandbox = useTestSandbox()

  async function initiated(amount = 20) {
    const { provider, logger } = createProvider(sandbox)
    const result = await provider.initiatePayment(sessionInput({ amount }))
    return { provider, logger, invoiceId: result.id, data: result.data! }
  }

  it.each<[DrivableStatus, PaymentSessionStatus]>([
    ["created", PaymentSessionStatus.PENDING],
    ["processing", PaymentSessionStatus.PENDING],
    ["process_pending", PaymentSessionStatus.PENDING],
    ["processed", PaymentSessionStatus.CAPTURED],
    ["partially_processed", PaymentSessionStatus.ERROR],
    ["process_failed", PaymentSessionStatus.ERROR],
    ["expired", PaymentSessionStatus.CANCELED],
    ["terminated", PaymentSessionStatus.CANCELED],
  ])("maps the live status %s to %s", async (status, expected) => {
    const { provider, invoiceId, data } = await initiated()
    driveInvoice(sandbox, invoiceId, status)

    const result = await provider.getPaymentStatus({ data })

    expect(result.status).toBe(expected)
    expect(result.data).toMatchObject({ paycore_status: status })
  })

  it("follows the invoice as it changes, from pending to captured", async () => {
    const { provider, invoiceId, data } = await initiated()

    const before = await provider.getPaymentStatus({ data })
    sandbox.payInvoice(invoiceId)
    const after = await provider.getPaymentStatus({ data: before.data })

    expect(before.status).toBe(PaymentSessionStatus.PENDING)
    expect(after.status).toBe(PaymentSessionStatus.CAPTURED)
    expect(after.data).toMatchObject({ paycore_status: "processed", paycore_resolution: "ok", processed_amount: 20 })
  })

  it("refreshes resolution and updated from PayCore", async () => {
    const { provider, invoiceId, data } = await initiated()
    sandbox.advanceClock(30)
    sandbox.setInvoicePending(invoiceId, { resolution: "auth_3ds_required" })

    const result = await provider.getPaymentStatus({ data })

    expect(result.data).toMatchObject({ paycore_status: "process_pending", paycore_resolution: "auth_3ds_required" })
    expect(result.data!.paycore_updated as number).toBeGreaterThan(data.paycore_updated as number)
  })

  it("reports a partly paid invoice as an error with paycore_problem amount_mismatch, never as captured", async () => {
    const { provider, invoiceId, data } = await initiated(20)
    sandbox.payInvoice(invoiceId, { processedAmount: 5 })

    const result = await provider.getPaymentStatus({ data })

    expect(result.status).toBe(PaymentSessionStatus.ERROR)
    expect(result.data!.paycore_problem).toMatch(/^amount_mismatch/)
  })

  it("refuses session data without a PayCore invoice", async () => {
    const { provider } = createProvider(sandbox)

    await expectMedusaError(
      provider.getPaymentStatus({ data: { session_id: newSessionId() } }),
      MedusaError.Types.INVALID_DATA
    )
    await expectMedusaError(provider.getPaymentStatus({}), MedusaError.Types.INVALID_DATA)
  })

  it("throws a clear 'try again' error when PayCore is unreachable", async () => {
    const { data } = await initiated()
    const { provider } = createProvider(sandbox, { baseUrl: UNREACHABLE_URL, retryAttempts: 1 })

    const error = await expectMedusaError(provider.getPaymentStatus({ data }), MedusaError.Types.UNEXPECTED_STATE)

    expect(error.message).toContain("PayCore could not read the payment invoice right now")
  })

  it("rides out one dropped connection", async () => {
    const { provider, invoiceId, data } = await initiated()
    sandbox.payInvoice(invoiceId)
    sandbox.addFault({ method: "GET", path: `/api/payment-invoices/${invoiceId}`, kind: "drop" })

    await expect(provider.getPaymentStatus({ data })).resolves.toMatchObject({ status: PaymentSessionStatus.CAPTURED })
  })
})
