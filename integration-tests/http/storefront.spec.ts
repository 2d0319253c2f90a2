// What a storefront needs besides the session: PayCore's payment methods for a cart, and the session options
// that choose the method, language and look of PayCore's hosted page.
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import { seedDemoData, type DemoSeedResult } from "../../demo/seed"
import { STOREFRONT_VISIBLE_KEYS } from "../../src/providers/paycore/session-data"
import { payOnHpp, TEST_CARDS } from "../helpers/hpp"
import { ordersForCart, paymentSession } from "../helpers/medusa-state"
import { RETURN_URL, usePaycoreSandbox } from "../helpers/paycore-sandbox"
import { invoiceIdOf, storeClient, type StoreClient } from "../helpers/store-flow"

jest.setTimeout(180 * 1000)

const sandbox = usePaycoreSandbox()

/** The `data` of every PayCore session and payment nested in a store answer. */
function paycoreDataIn(value: unknown): Record<string, unknown>[] {
  if (!value || typeof value !== "object") return []
  if (Array.isArray(value)) return value.flatMap(paycoreDataIn)
  const record = value as Record<string, unknown>
  const own = String(record.provider_id ?? "").startsWith("pp_paycore_") && record.data ? [record.data as any] : []
  return [...own, ...Object.entries(record).flatMap(([key, item]) => (key === "data" ? [] : paycoreDataIn(item)))]
}

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let seed: DemoSeedResult
    let store: StoreClient

    beforeEach(async () => {
      sandbox.current.reset()
      sandbox.current.clearFaults()
      seed = await seedDemoData(getContainer())
      store = storeClient(api, seed)
    })

    describe("GET /store/paycore/payment-methods", () => {
      it("lists PayCore's methods for the cart's currency and total, with no key in the answer", async () => {
        const cart = await store.cartReadyForPayment("usd")
        const answer = await store.call("get", `/store/paycore/payment-methods?cart_id=${cart.id}`)
        expect(answer.status).toBe(200)
        expect(answer.data).toMatchObject({
          provider_id: "pp_paycore_paycore",
          currency_code: "usd",
          amount: cart.total,
        })
        const card = answer.data.payment_methods.find((method: any) => method.code === "payment_card_usd_hpp")
        expect(card).toMatchObject({ method: "payment_card", name: expect.any(String), fields: expect.any(Array) })
        expect(answer.data.payment_methods.every((method: any) => !method.code.includes("_eur_"))).toBe(true)
        const text = JSON.stringify(answer.data)
        for (const secret of [
          sandbox.current.config.testPublicKey,
          sandbox.current.config.testPrivateKey,
          sandbox.current.config.apiKey,
        ]) {
          expect(text).not.toContain(secret)
        }
      })

      it("needs a publishable key, a well-formed cart id, and an existing cart", async () => {
        const cart = await store.cartReadyForPayment("usd")
        const withoutKey = await api.get(`/store/paycore/payment-methods?cart_id=${cart.id}`, {
          validateStatus: () => true,
        })
        expect(withoutKey.status).toBe(400)
        expect(withoutKey.data.message).toContain("Publishable API key")
        const malformed = await store.call("get", "/store/paycore/payment-methods?cart_id=nope")
        expect(malformed.status).toBe(400)
        expect(malformed.data.message).toContain("cart_id")
        const unknown = await store.call(
          "get",
          "/store/paycore/payment-methods?cart_id=cart_01UNKNOWN00000000000000000"
        )
        expect(unknown.status).toBe(404)
      })

      it("answers 502 with a clear message when PayCore fails, and recovers after", async () => {
        const cart = await store.cartReadyForPayment("uah", 2)
        sandbox.current.addFault({
          method: "POST",
          path: "/public-api/payment-prerequest",
          kind: "status",
          status: 502,
          times: 10,
        })
        const failed = await store.call("get", `/store/paycore/payment-methods?cart_id=${cart.id}`)
        expect(failed.status).toBe(502)
        expect(failed.data).toEqual({ type: "paycore_unavailable", message: expect.stringContaining("try again") })
        sandbox.current.clearFaults()
        const recovered = await store.call("get", `/store/paycore/payment-methods?cart_id=${cart.id}`)
        expect(recovered.status).toBe(200)
      })
    })

    describe("payment session options", () => {
      it("opens the chosen service directly, in the chosen language and look", async () => {
        const cart = await store.cartReadyForPayment("usd")
        const { session } = await store.startPaycorePayment(cart.id, {
          service: "payment_card_usd_hpp",
          locale: "uk",
          display: { hide_footer: true },
          style: { theme: "dark", pay_button_label: "donate" },
        })
        const { invoice } = sandbox.current.getInvoiceState(invoiceIdOf(session)) as any
        expect(invoice).toMatchObject({
          service: "payment_card_usd_hpp",
          locale: "uk",
          display: { hide_footer: true },
          style: { theme: "dark", pay_button_label: "donate" },
        })
        const paid = await payOnHpp(session.data.hpp_url, TEST_CARDS.success)
        expect(paid.steps).toEqual(["hpp"]) // no method picker
        await sandbox.current.callbacksIdle()
        expect(await ordersForCart(getContainer(), cart.id)).toHaveLength(1)
      })

      it("takes the session's cart from its payment collection, not from the storefront", async () => {
        const cart = await store.cartReadyForPayment("usd")
        const other = await store.cartReadyForPayment("usd")
        const { session } = await store.startPaycorePayment(cart.id, { cart_id: other.id })
        expect((await paymentSession(getContainer(), session.id)).data.cart_id).toBe(cart.id)
        const { invoice } = sandbox.current.getInvoiceState(invoiceIdOf(session)) as any
        expect(JSON.stringify(invoice)).toContain(cart.id)
        expect(JSON.stringify(invoice)).not.toContain(other.id)
      })

      it("sends PayCore the cart's billing phone and address as the customer's, never what the storefront claims", async () => {
        const cart = await store.cartReadyForPayment("usd")
        await store.call("post", `/store/carts/${cart.id}`, {
          billing_address: {
            first_name: "Jane",
            last_name: "Doe",
            address_1: "1 Test Street",
            address_2: "Flat 2",
            city: "Testville",
            province: "TX",
            postal_code: "12345",
            country_code: "us",
            phone: "+1 555 0100",
          },
        })
        const planted = { phone: "+44 000", address: { country: "GB" } }
        const { session } = await store.startPaycorePayment(cart.id, { cart_customer: planted })
        const { invoice } = sandbox.current.getInvoiceState(invoiceIdOf(session)) as any
        expect(invoice.customer).toMatchObject({
          email: "customer@paycore-tests.com",
          phone: "+1 555 0100",
          address: {
            country: "US",
            region: "TX",
            city: "Testville",
            street: "1 Test Street, Flat 2",
            post_code: "12345",
          },
        })
        expect(JSON.stringify(invoice)).not.toContain("+44 000")
      })

      it("shows a storefront only the hosted-page link, status and resolution of a session, in every store answer", async () => {
        const cart = await store.cartReadyForPayment("usd")
        const email = "private-person@paycore-tests.com"
        const { session } = await store.startPaycorePayment(cart.id, { email, return_url: RETURN_URL, locale: "en" })
        const invoiceId = invoiceIdOf(session)
        const stored = (await paymentSession(getContainer(), session.id)).data
        expect(stored).toMatchObject({ paycore_invoice_id: invoiceId, email, return_url: RETURN_URL })
        // What a storefront needs, from the answer that created the session; hpp_embed only while it can be paid.
        expect(Object.keys(session.data).sort()).toEqual([
          "hpp_embed",
          "hpp_url",
          "locale",
          "paycore_status",
          "test_mode",
        ])
        expect(session.data.hpp_embed).toMatchObject({ cpi: invoiceId, amount: cart.total, currency: "USD" })

        sandbox.current.failInvoice(invoiceId, { resolution: "insufficient_funds" })
        await sandbox.current.callbacksIdle()
        const failed = await store.call("get", `/store/carts/${cart.id}?fields=*payment_collection.payment_sessions`)
        const failedData = failed.data.cart.payment_collection.payment_sessions[0].data
        expect(failedData).toMatchObject({ paycore_resolution: "insufficient_funds", paycore_status: "process_failed" })
        expect(failedData.paycore_resolution_message).toEqual(expect.any(String))

        const retry = await store.startPaycorePayment(cart.id, { email, return_url: RETURN_URL })
        sandbox.current.payInvoice(invoiceIdOf(retry.session))
        await sandbox.current.callbacksIdle()
        const [orderId] = await ordersForCart(getContainer(), cart.id)
        const answers = [
          (await store.call("get", `/store/carts/${cart.id}?fields=*payment_collection.payment_sessions`)).data,
          (await store.completeCart(cart.id)).data,
          (
            await store.call(
              "get",
              `/store/orders/${orderId}?fields=*payment_collections.payments,*payment_collections.payment_sessions`
            )
          ).data,
        ]
        expect(answers[2].order.payment_collections[0].payments[0].data.hpp_url).toEqual(expect.any(String))
        const shown = answers.flatMap(paycoreDataIn)
        expect(shown.length).toBeGreaterThanOrEqual(3) // the session in the cart and in the order, the order's payment
        for (const data of shown) {
          expect(
            Object.keys(data).filter((key) => !(STOREFRONT_VISIBLE_KEYS as readonly string[]).includes(key))
          ).toEqual([])
          const text = JSON.stringify(data)
          // The hosted-page link names its invoice (`?cpi=`); no field holds an invoice id of its own.
          for (const hidden of [`"${invoiceId}"`, `"${invoiceIdOf(retry.session)}"`, email, RETURN_URL]) {
            expect(text).not.toContain(hidden)
          }
        }
      })

      it.each([
        [{ service: "bitcoin_btc_hpp" }, 'service "bitcoin_btc_hpp" is not available for USD'],
        [{ service: "payment_card_eur_hpp" }, "choose one of"],
        [{ locale: "fr" }, "locale"],
        [{ display: { hide_everything: true } }, "display"],
        [{ style: { primary: "red" } }, "style.primary"],
        [
          { paycore_refunds: [{ id: "re_x", amount: 5, status: "refunded" }] },
          "paycore_refunds: is not a field a storefront may set",
        ],
        // Stored session data, which the provider accepts from Medusa's own recreate, never from a storefront.
        [
          { paycore_reference_id: "payses_planted", test_mode: false },
          "paycore_reference_id, test_mode: is not a field a storefront may set",
        ],
      ])("refuses %j with a 400 that says what is wrong", async (data, message) => {
        const cart = await store.cartReadyForPayment("usd")
        const result = await store.startPaycorePayment(cart.id, data)
        expect(result.status).toBe(400)
        expect(result.error.message).toContain(message)
      })
    })
  },
})
