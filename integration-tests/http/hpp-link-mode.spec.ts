// HPP link mode, for PayCore accounts without Private API access: the customer opens a payment link built with
// the public key, PayCore creates the invoice, and its callback completes the order.
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import { seedDemoData } from "../../demo/seed"
import { payOnHpp, TEST_CARDS } from "../helpers/hpp"
import { adminHeaders } from "../helpers/admin"
import { ordersForCart, paymentSession } from "../helpers/medusa-state"
import { RETURN_URL, usePaycoreSandbox } from "../helpers/paycore-sandbox"
import { storeClient, type StoreClient } from "../helpers/store-flow"

jest.setTimeout(180 * 1000)

const sandbox = usePaycoreSandbox()
beforeAll(() => {
  process.env.PAYCORE_INVOICE_CREATION = "hpp_link"
  // A link cannot carry a callback URL: PayCore uses the account's, as a shop sets it in the dashboard.
  sandbox.current.updateConfig({ callbackUrl: `http://localhost:${sandbox.appPort}/hooks/paycore` })
})
afterAll(() => {
  delete process.env.PAYCORE_INVOICE_CREATION
})

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let store: StoreClient

    beforeEach(async () => {
      store = storeClient(api, await seedDemoData(getContainer()))
    })

    it("sends the customer to a public-key link, and PayCore's callback makes the order", async () => {
      const cart = await store.cartReadyForPayment("usd")
      const { session } = await store.startPaycorePayment(cart.id, { return_url: RETURN_URL, locale: "en" })
      const link = new URL(session.data.hpp_url)
      expect(link.searchParams.get("public_key")).toBe(sandbox.current.config.testPublicKey)
      expect(link.searchParams.get("reference_id")).toBe(session.id)
      expect(link.searchParams.get("amount")).toBe(String(cart.total))
      expect((await paymentSession(getContainer(), session.id)).data.paycore_flow).toBe("hpp_link")
      expect(JSON.stringify(session.data)).not.toContain(sandbox.current.config.apiKey)

      const paid = await payOnHpp(session.data.hpp_url, TEST_CARDS.success)
      expect(new URL(paid.returnUrl).searchParams.get("paycore_result")).toBe("success")
      await sandbox.current.callbacksIdle()
      expect(await ordersForCart(getContainer(), cart.id)).toHaveLength(1)
    })

    it("tells the admin to allow PayCore's public invoice creation, until a link became an invoice", async () => {
      const admin = await adminHeaders(api, getContainer())
      const item = async () =>
        (await api.get("/admin/paycore/status", admin)).data.checklist.find(
          (entry: any) => entry.id === "public_creation"
        )
      const before = await item()
      expect(before.status).toBe("pending")
      expect(before.detail).toContain("Forbid creation")
      const cart = await store.cartReadyForPayment("usd")
      const { session } = await store.startPaycorePayment(cart.id)
      await payOnHpp(session.data.hpp_url, TEST_CARDS.success)
      await sandbox.current.callbacksIdle()
      expect((await item()).status).toBe("ok")
      const services = (await api.get("/admin/paycore/status", admin)).data.checklist.find(
        (entry: any) => entry.id === "payment_services"
      )
      expect(services.detail).toContain("method picker")
    })

    it("refuses the payment of a link whose amount the customer lowered", async () => {
      const cart = await store.cartReadyForPayment("usd")
      const { session } = await store.startPaycorePayment(cart.id)
      const edited = new URL(session.data.hpp_url)
      edited.searchParams.set("amount", "1")
      await payOnHpp(edited.toString(), TEST_CARDS.success)
      await sandbox.current.callbacksIdle()

      expect(await ordersForCart(getContainer(), cart.id)).toEqual([])
      const refused = await paymentSession(getContainer(), session.id)
      expect(refused.status).toBe("error")
      expect(refused.data.paycore_problem).toContain("amount_mismatch")
      expect((await store.completeCart(cart.id)).status).toBe(400)
    })
  },
})
