// The storefront kit (medusa-payment-paycore/storefront) with the real @medusajs/js-sdk against the real app and the
// sandbox: start a payment, read the return in each of its states, and start again after a failure.
import Medusa, { FetchError } from "@medusajs/js-sdk"
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import { seedDemoData, type DemoSeedResult } from "../../demo/seed"
import { createPaycoreCheckout, PaycoreCheckoutError, type PaycoreCheckout } from "../../src/storefront"
import { withCartCompletionLock } from "../../src/payments/cart-completion-lock"
import { eventually, ordersForCart } from "../helpers/medusa-state"
import { RETURN_URL, usePaycoreSandbox } from "../helpers/paycore-sandbox"
import { storeClient, type StoreClient } from "../helpers/store-flow"

jest.setTimeout(180 * 1000)

const sandbox = usePaycoreSandbox()
const cpiOf = (url: string) => new URL(url).searchParams.get("cpi")

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let seed: DemoSeedResult
    let store: StoreClient
    let checkout: PaycoreCheckout

    beforeEach(async () => {
      sandbox.current.reset()
      sandbox.current.clearFaults()
      sandbox.current.clearCallbackMode()
      seed = await seedDemoData(getContainer())
      store = storeClient(api, seed)
      const sdk = new Medusa({
        baseUrl: String(api.defaults.baseURL),
        publishableKey: seed.publishableKey,
        auth: { type: "jwt", jwtTokenStorageMethod: "nostore" },
      })
      checkout = createPaycoreCheckout({ sdk })
    })

    it("starts a payment: PayCore's page for a new invoice, the return URL with the cart, and what the widget needs", async () => {
      const cart = await store.cartReadyForPayment("usd")
      const payment = await checkout.startPayment(cart.id, { returnUrl: `${RETURN_URL}?step=paycore` })

      const invoiceId = cpiOf(payment.redirectUrl)!
      expect(payment.redirectUrl).toBe(`${sandbox.current.url}/hpp/?cpi=${invoiceId}`)
      expect(payment.returnUrl).toBe(`${RETURN_URL}?step=paycore&cart_id=${cart.id}`)
      expect(payment).toMatchObject({ cartId: cart.id, testMode: true, sessionId: expect.stringMatching(/^payses_/) })
      expect(payment.embed).toEqual({
        base_url: `${sandbox.current.url}/hpp/`,
        cpi: invoiceId,
        public_key: sandbox.current.config.testPublicKey,
        amount: cart.total,
        currency: "USD",
      })
      expect(sandbox.current.getPaymentInvoice(invoiceId)!.data.attributes).toMatchObject({
        status: "created",
        amount: cart.total,
        currency: "USD",
      })
      const invoice = sandbox.current.getInvoiceState(invoiceId).invoice as {
        returnUrl?: unknown
        returnUrls?: unknown
      }
      expect(JSON.stringify([invoice.returnUrl, invoice.returnUrls])).toContain(`cart_id=${cart.id}`)
    })

    it("reads the return: pending while PayCore has not decided, then the order, and the same order again", async () => {
      const cart = await store.cartReadyForPayment("eur")
      const payment = await checkout.startPayment(cart.id, { returnUrl: RETURN_URL })
      expect(await checkout.readReturn(cart.id)).toEqual({ state: "pending", retryAfterMs: 2000 })

      sandbox.current.setCallbackMode({ suppress: true }) // the customer is back before PayCore's callback
      sandbox.current.payInvoice(cpiOf(payment.redirectUrl)!)
      const first = await checkout.readReturn(cart.id)
      expect(first.state).toBe("order")
      const again = await checkout.readReturn(cart.id)
      expect(again.state === "order" && first.state === "order" && again.order.id).toBe(
        first.state === "order" && first.order.id
      )
      expect(await ordersForCart(getContainer(), cart.id)).toHaveLength(1)

      // Once paid, the store no longer shows what opens the invoice embedded.
      const { cart: after } = await store.getCart(cart.id)
      expect(JSON.stringify(after)).not.toContain("hpp_embed")
    })

    it("a declined card is failed with PayCore's resolution; the new attempt is a new invoice with the same method", async () => {
      const cart = await store.cartReadyForPayment("usd")
      const first = await checkout.startPayment(cart, { returnUrl: RETURN_URL, service: "payment_card_usd_hpp" })
      sandbox.current.failInvoice(cpiOf(first.redirectUrl)!, { resolution: "insufficient_funds" })
      await sandbox.current.callbacksIdle()

      expect(await checkout.readReturn(cart.id)).toEqual({
        state: "failed",
        reason: "declined",
        resolution: "insufficient_funds",
        message: "The card has insufficient funds.",
      })

      const second = await checkout.startNewAttempt(cart.id, { returnUrl: RETURN_URL })
      const secondInvoice = cpiOf(second.redirectUrl)!
      expect(secondInvoice).not.toBe(cpiOf(first.redirectUrl))
      expect(second.sessionId).not.toBe(first.sessionId)
      expect(sandbox.current.getInvoiceState(secondInvoice).invoice.service).toBe("payment_card_usd_hpp")
      expect(await checkout.readReturn(cart.id)).toMatchObject({ state: "pending" })

      sandbox.current.payInvoice(secondInvoice)
      await sandbox.current.callbacksIdle()
      expect((await checkout.readReturn(cart.id)).state).toBe("order")
      expect(await ordersForCart(getContainer(), cart.id)).toHaveLength(1)
    })

    it("continues the open payment while its invoice can be paid, and starts a new one once it was declined", async () => {
      const cart = await store.cartReadyForPayment("eur")
      const first = await checkout.continuePayment(cart.id, { returnUrl: RETURN_URL })
      const again = await checkout.continuePayment(cart.id, { returnUrl: RETURN_URL })
      expect(again).toEqual(first)
      expect(cpiOf(again.redirectUrl)).toBe(first.embed!.cpi)

      sandbox.current.failInvoice(cpiOf(first.redirectUrl)!)
      await sandbox.current.callbacksIdle()
      const next = await checkout.continuePayment(cart.id, { returnUrl: RETURN_URL })
      expect(next.sessionId).not.toBe(first.sessionId)
      expect(cpiOf(next.redirectUrl)).not.toBe(cpiOf(first.redirectUrl))
    })

    it.each([
      ["expireInvoice", "expired"],
      ["terminateInvoice", "canceled"],
    ] as const)("an invoice PayCore ends with %s is failed as %s", async (action, reason) => {
      const cart = await store.cartReadyForPayment("usd")
      const payment = await checkout.startPayment(cart.id, { returnUrl: RETURN_URL })
      sandbox.current[action](cpiOf(payment.redirectUrl)!)
      await sandbox.current.callbacksIdle()
      expect(await checkout.readReturn(cart.id)).toMatchObject({ state: "failed", reason })
    })

    // Medusa 2.21 alone let both complete the cart at once (two orders): payments/cart-completion-lock.ts.
    it("PayCore's callback waits for a customer's completion of the cart: answered 503, then applied once", async () => {
      const cart = await store.cartReadyForPayment("usd")
      const payment = await checkout.startPayment(cart.id, { returnUrl: RETURN_URL })
      const invoiceId = cpiOf(payment.redirectUrl)!
      sandbox.current.setCallbackMode({ reorder: { order: "reverse", count: 1_000 } }) // hold the callbacks
      sandbox.current.payInvoice(invoiceId)
      const answered = () => sandbox.current.callbackLog({ invoiceId }).map((entry) => entry.responseStatus)

      // The test holds the cart's completion as a customer's POST /store/carts/:id/complete does.
      await withCartCompletionLock(
        getContainer(),
        cart.id,
        async () => {
          sandbox.current.flushCallbacks()
          await eventually(async () => answered().includes(503))
          expect(await ordersForCart(getContainer(), cart.id)).toEqual([])
        },
        1_000
      )
      await eventually(async () => answered().includes(200))
      await sandbox.current.callbacksIdle()
      expect(await ordersForCart(getContainer(), cart.id)).toHaveLength(1)
      expect((await checkout.readReturn(cart.id)).state).toBe("order")
    })

    it("a customer's completion waits while PayCore's callback completes the cart", async () => {
      const cart = await store.cartReadyForPayment("usd")
      await checkout.startPayment(cart.id, { returnUrl: RETURN_URL })
      let answer: Awaited<ReturnType<PaycoreCheckout["readReturn"]>> | undefined
      await withCartCompletionLock(
        getContainer(),
        cart.id,
        async () => {
          const reading = checkout.readReturn(cart.id).then((value) => (answer = value))
          // Nothing to await for "not answered yet": give the request a second and a half to be refused or answered.
          await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 1_500))])
          expect(answer).toBeUndefined()
        },
        1_000
      )
      await eventually(async () => answer)
      expect(answer).toEqual({ state: "pending", retryAfterMs: 2000 })
    })

    it("refuses a return URL that is not absolute before asking Medusa, and Medusa refuses a host not allowed", async () => {
      const cart = await store.cartReadyForPayment("usd")
      await expect(checkout.startPayment(cart.id, { returnUrl: "/checkout/return" })).rejects.toThrow(
        new PaycoreCheckoutError('returnUrl: must be an absolute URL, got "/checkout/return"')
      )
      await expect(checkout.startPayment(cart.id, { returnUrl: "ftp://shop.example/x" })).rejects.toThrow(/returnUrl/)
      const refused = await checkout.startPayment(cart.id, { returnUrl: "https://evil.example/r" }).catch((e) => e)
      expect(refused).toBeInstanceOf(FetchError)
      expect(refused.status).toBe(400)
      expect(refused.message).toMatch(/return_url host "evil.example" is not allowed/)
      const { cart: unchanged } = await store.getCart(cart.id)
      expect(unchanged.payment_collection?.payment_sessions ?? []).toEqual([])
    })
  },
})
