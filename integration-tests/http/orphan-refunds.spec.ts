// With `refundOrphanPayments`, a payment for a session Medusa has deleted is refunded automatically, once.
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import { seedDemoData } from "../../demo/seed"
import { adminHeaders } from "../helpers/admin"
import { paymentSession } from "../helpers/medusa-state"
import { usePaycoreSandbox } from "../helpers/paycore-sandbox"
import { invoiceIdOf, storeClient } from "../helpers/store-flow"

jest.setTimeout(180 * 1000)

const sandbox = usePaycoreSandbox()
beforeAll(() => {
  process.env.PAYCORE_REFUND_ORPHAN_PAYMENTS = "true"
})
afterAll(() => {
  delete process.env.PAYCORE_REFUND_ORPHAN_PAYMENTS
})

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    it("refunds in full, exactly once, a payment made for a session Medusa deleted", async () => {
      const store = storeClient(api, await seedDemoData(getContainer()))
      const admin = await adminHeaders(api, getContainer())
      const cart = await store.cartReadyForPayment("eur")
      const { session } = await store.startPaycorePayment(cart.id)
      const invoiceId = invoiceIdOf(session)
      await store.addItem(cart.id)
      expect(await paymentSession(getContainer(), session.id)).toBeUndefined()

      sandbox.current.payInvoice(invoiceId)
      await sandbox.current.callbacksIdle()
      const [processed] = sandbox.current.callbackLog({ invoiceId, status: "processed" })
      sandbox.current.resendCallback(processed.id)
      await sandbox.current.callbacksIdle()

      const refunds = (sandbox.current.getPaymentInvoice(invoiceId)!.included ?? []).filter(
        (r: any) => r.type === "refunds"
      )
      expect(refunds).toHaveLength(1)
      expect(refunds[0].attributes).toMatchObject({ amount: cart.total, reference_id: `orphan-${invoiceId}` })
      expect(sandbox.current.getPaymentInvoice(invoiceId)!.data.attributes.status).toBe("refunded")

      const { data } = await api.get("/admin/paycore/orphans", admin)
      expect(data.orphan_payments).toEqual([
        expect.objectContaining({ invoice_id: invoiceId, orphan_status: "refunded", cart_id: cart.id }),
      ])
    })
  },
})
