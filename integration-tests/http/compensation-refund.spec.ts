// A cart that cannot become an order after PayCore took the money: Medusa's own compensation refunds the capture
// (through the provider, so at PayCore) and recreates the cart's session from the old one's data; the storefront
// tells the customer their money went back.
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import { PAYCORE_PROVIDER_ID, seedDemoData } from "../../demo/seed"
import { returnFromCart } from "../../src/storefront"
import { adminHeaders } from "../helpers/admin"
import { ordersForCart, paymentRefunds } from "../helpers/medusa-state"
import { RETURN_URL, usePaycoreSandbox } from "../helpers/paycore-sandbox"
import { invoiceIdOf, storeClient } from "../helpers/store-flow"

jest.setTimeout(180 * 1000)

const sandbox = usePaycoreSandbox()

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    it("refunds at PayCore once, lists the payment for the admin and gives the cart a fresh PayCore session, when the paid cart cannot become an order", async () => {
      const seed = await seedDemoData(getContainer())
      const store = storeClient(api, seed)
      const admin = await adminHeaders(api, getContainer())
      const cart = await store.cartReadyForPayment("eur")
      const { session } = await store.startPaycorePayment(cart.id, { locale: "uk", return_url: RETURN_URL })
      const invoiceId = invoiceIdOf(session)
      // The shop withdraws the cart's shipping option while the customer pays: Medusa's cart completion refuses the
      // cart after processPaymentWorkflow has captured the payment, and its compensation refunds it.
      await api.delete(`/admin/shipping-options/${seed.shippingOptionId}`, admin)

      sandbox.current.payInvoice(invoiceId)
      await sandbox.current.callbacksIdle()
      const [processed] = sandbox.current.callbackLog({ invoiceId, status: "processed" })
      sandbox.current.resendCallback(processed.id)
      await sandbox.current.callbacksIdle()

      expect(await ordersForCart(getContainer(), cart.id)).toEqual([])
      // PayCore: one refund, Medusa's (its reference is Medusa's refund id), for the whole amount.
      const invoice = sandbox.current.getPaymentInvoice(invoiceId)!
      const refunds = (invoice.included ?? []).filter((r: any) => r.type === "refunds")
      expect(refunds).toEqual([
        expect.objectContaining({ attributes: expect.objectContaining({ amount: cart.total, status: "processed" }) }),
      ])
      expect(invoice.data.attributes.status).toBe("refunded")
      // Medusa: the captured payment carries that one refund.
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data: payments } = await query.graph({
        entity: "payment",
        fields: ["id", "captured_at"],
        filters: { payment_session_id: session.id },
      })
      expect(payments).toHaveLength(1)
      const medusaRefunds = await paymentRefunds(getContainer(), (payments[0] as any).id)
      expect(medusaRefunds).toEqual([expect.objectContaining({ amount: cart.total })])
      expect(refunds[0].attributes.reference_id).toBe(medusaRefunds[0].id)

      // Every delivery answered 200 at the first try: the outcome is final, nothing for PayCore to resend.
      const answers = sandbox.current.callbackLog({ invoiceId }).map((entry) => [entry.status, entry.responseStatus])
      expect(answers.every(([, status]) => status === 200)).toBe(true)
      expect(JSON.parse(processed.responseBody!)).toEqual({ received: true, outcome: "payment_refunded" })

      // The admin sees money that came and went without an order.
      const { data } = await api.get("/admin/paycore/orphans", admin)
      expect(data.orphan_payments).toEqual([
        expect.objectContaining({
          invoice_id: invoiceId,
          cart_id: cart.id,
          orphan_status: "refunded",
          detail: `cart ${cart.id} could not become an order; Medusa refunded the payment`,
        }),
      ])

      // The cart stays open with a new PayCore session (a new invoice), made from the customer's choices.
      const { cart: open } = await store.getCart(cart.id)
      expect(open.completed_at).toBeNull()
      const fresh = (open.payment_collection?.payment_sessions ?? []) as any[]
      expect(fresh).toHaveLength(1)
      expect(fresh[0].id).not.toBe(session.id)
      const freshInvoiceId = invoiceIdOf(fresh[0])
      expect(freshInvoiceId).not.toBe(invoiceId)
      expect(sandbox.current.getPaymentInvoice(freshInvoiceId)!.data.attributes).toMatchObject({
        reference_id: fresh[0].id,
        amount: cart.total,
        status: "created",
        return_url: RETURN_URL,
      })
      expect(fresh[0].data.locale).toBe("uk")
      // The customer coming back from PayCore's page is told their money went back (the storefront kit's answer).
      expect(returnFromCart(open, PAYCORE_PROVIDER_ID)).toMatchObject({ state: "failed", reason: "refunded" })
    })
  },
})
