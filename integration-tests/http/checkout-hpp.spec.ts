// Checkout through PayCore's hosted payment page, completed by PayCore's signed callbacks: a real Medusa app
// on real PostgreSQL, the PayCore sandbox over HTTP, the HPP driven over plain HTTP as a browser would.
import net from "node:net"
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import { request } from "undici"
import { seedDemoData, type DemoSeedResult } from "../../demo/seed"
import { phpJsonEncode, signCallbackBody } from "../../sandbox/src"
import { payOnHpp, TEST_CARDS } from "../helpers/hpp"
import { eventually, orderPayments, ordersForCart, paymentSession } from "../helpers/medusa-state"
import { RETURN_URL, usePaycoreSandbox } from "../helpers/paycore-sandbox"
import { invoiceIdOf, storeClient, type StoreClient } from "../helpers/store-flow"

jest.setTimeout(180 * 1000)

const sandbox = usePaycoreSandbox()

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let seed: DemoSeedResult
    let store: StoreClient

    const postCallback = async (path: string, body: string, signature?: string) => {
      const response = await request(`http://localhost:${sandbox.appPort}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(signature ? { "x-signature": signature } : {}) },
        body,
      })
      return { status: response.statusCode, body: (await response.body.json()) as any }
    }

    /** Holds the sandbox's callbacks until released, so a test decides when (and in which order) they arrive. */
    const holdCallbacks = () => sandbox.current.setCallbackMode({ reorder: { order: "reverse", count: 1_000 } })
    const releaseCallbacks = async () => {
      sandbox.current.clearCallbackMode()
      await sandbox.current.callbacksIdle()
    }

    /** The exact body PayCore sends for the invoice's current state, and its signature. */
    const signedState = (invoiceId: string, key = sandbox.current.config.testPrivateKey) => {
      const document = sandbox.current.getPaymentInvoice(invoiceId)!
      const body = phpJsonEncode({ data: document.data })
      return { body, signature: signCallbackBody(body, key) }
    }

    beforeEach(async () => {
      sandbox.current.reset()
      seed = await seedDemoData(getContainer())
      store = storeClient(api, seed)
    })

    it.each([
      ["a card without 3DS", TEST_CARDS.success, ["hpp", "method"]],
      ["a 3DS card after its confirmation step", TEST_CARDS.success3ds, ["hpp", "method", "3ds"]],
    ])(
      "creates the order from PayCore's callback when %s pays, without the customer coming back",
      async (_name, card, steps) => {
        const cart = await store.cartReadyForPayment("usd")
        const { session } = await store.startPaycorePayment(cart.id, { return_url: RETURN_URL })
        expect(session.status).toBe("pending")
        expect(session.data.hpp_url).toBe(`${sandbox.current.url}/hpp/?cpi=${invoiceIdOf(session)}`)
        expect((await paymentSession(getContainer(), session.id)).data.amount).toBe(cart.total)

        const paid = await payOnHpp(session.data.hpp_url, card)
        expect(paid.steps).toEqual(steps)
        expect(new URL(paid.returnUrl).searchParams.get("paycore_result")).toBe("success")
        await sandbox.current.callbacksIdle()

        const orders = await ordersForCart(getContainer(), cart.id)
        expect(orders).toHaveLength(1)
        const order = await orderPayments(getContainer(), orders[0])
        const [collection] = order.payment_collections
        expect(collection.status).toBe("completed")
        expect(collection.payments).toHaveLength(1)
        expect(collection.payments[0].provider_id).toBe("pp_paycore_paycore")
        expect(collection.payments[0].captured_at).toBeTruthy()
        expect(Number(collection.captured_amount)).toBe(cart.total)

        const deliveries = sandbox.current.callbackLog({ invoiceId: invoiceIdOf(session) })
        expect(deliveries.every((entry) => entry.responseStatus === 200)).toBe(true)
      }
    )

    it("keeps keys and secrets out of the session data the storefront sees", async () => {
      const cart = await store.cartReadyForPayment("eur")
      const { session } = await store.startPaycorePayment(cart.id)
      const visible = JSON.stringify(session)
      for (const secret of [
        sandbox.current.config.apiKey,
        sandbox.current.config.testPrivateKey,
        sandbox.current.config.livePrivateKey,
        Buffer.from(`${sandbox.current.config.accountId}:${sandbox.current.config.apiKey}`).toString("base64"),
      ]) {
        expect(visible).not.toContain(secret)
      }
    })

    it("refuses a return_url whose host is not allowed, with a 400 that names the option", async () => {
      const cart = await store.cartReadyForPayment("usd")
      const result = await store.startPaycorePayment(cart.id, { return_url: "https://evil.example/steal" })
      expect(result.status).toBe(400)
      expect(result.error.message).toContain("allowedReturnHosts")
    })

    it("leaves no order after a declined card, shows the session as failed, and a new session then succeeds", async () => {
      const cart = await store.cartReadyForPayment("usd")
      const first = await store.startPaycorePayment(cart.id, { return_url: RETURN_URL })
      const declined = await payOnHpp(first.session.data.hpp_url, TEST_CARDS.declined)
      expect(new URL(declined.returnUrl).searchParams.get("paycore_result")).toBe("fail")
      await sandbox.current.callbacksIdle()

      expect(await ordersForCart(getContainer(), cart.id)).toEqual([])
      const failed = await paymentSession(getContainer(), first.session.id)
      expect(failed.status).toBe("error")
      expect(failed.data.paycore_resolution).toBe("issuer_decline")
      expect((await store.completeCart(cart.id)).status).toBe(400)

      const second = await store.startPaycorePayment(cart.id, { return_url: RETURN_URL })
      expect(invoiceIdOf(second.session)).not.toBe(invoiceIdOf(first.session))
      await payOnHpp(second.session.data.hpp_url, TEST_CARDS.success)
      await sandbox.current.callbacksIdle()
      expect(await ordersForCart(getContainer(), cart.id)).toHaveLength(1)
    })

    it("makes one order when the customer completes the cart before the callback and again after it", async () => {
      const cart = await store.cartReadyForPayment("uah")
      const { session } = await store.startPaycorePayment(cart.id, { return_url: RETURN_URL })
      holdCallbacks()
      await payOnHpp(session.data.hpp_url, TEST_CARDS.success)

      const early = await store.completeCart(cart.id)
      expect(early.status).toBe(200)
      expect(early.data.type).toBe("order")

      await releaseCallbacks()
      const late = await store.completeCart(cart.id)
      expect(late.status).toBe(200)
      expect(late.data.order.id).toBe(early.data.order.id)
      expect(await ordersForCart(getContainer(), cart.id)).toEqual([early.data.order.id])
      const deliveries = sandbox.current.callbackLog({ invoiceId: invoiceIdOf(session) })
      expect(deliveries.length).toBeGreaterThan(0)
      expect(deliveries.every((entry) => entry.responseStatus === 200)).toBe(true)
    })

    it("answers 401 to forged, unsigned and wrong-mode callbacks and changes nothing", async () => {
      const cart = await store.cartReadyForPayment("usd")
      const { session } = await store.startPaycorePayment(cart.id)
      const invoiceId = invoiceIdOf(session)
      // A body claiming the invoice was paid, though nobody paid it.
      const forged = phpJsonEncode({
        data: {
          type: "payment-invoices",
          id: invoiceId,
          attributes: {
            status: "processed",
            resolution: "ok",
            amount: cart.total,
            processed_amount: cart.total,
            currency: "USD",
            reference_id: session.id,
            test_mode: true,
            metadata: [],
            updated: Math.floor(Date.now() / 1000),
          },
        },
      })

      const unsigned = await postCallback("/hooks/paycore", forged)
      const wrongKey = await postCallback("/hooks/paycore", forged, signCallbackBody(forged, "sk_test_guessed_key"))
      const liveKeyForTestInvoice = await postCallback(
        "/hooks/paycore",
        forged,
        signCallbackBody(forged, sandbox.current.config.livePrivateKey)
      )
      const tampered = signedState(invoiceId)
      const altered = await postCallback(
        "/hooks/paycore",
        tampered.body.replace('"created"', '"processed"'),
        tampered.signature
      )

      for (const answer of [unsigned, wrongKey, liveKeyForTestInvoice, altered]) {
        expect(answer.status).toBe(401)
        expect(answer.body.error).toBe("unauthorized")
      }
      expect(unsigned.body.message).toContain("missing")
      expect(liveKeyForTestInvoice.body.message).toContain("signed with the live key")

      expect(await ordersForCart(getContainer(), cart.id)).toEqual([])
      expect((await paymentSession(getContainer(), session.id)).status).toBe("pending")
      expect(sandbox.current.getPaymentInvoice(invoiceId)!.data.attributes.status).toBe("created")
    })

    it("does not create an order from a correctly signed callback that PayCore's live invoice contradicts", async () => {
      const cart = await store.cartReadyForPayment("usd")
      const { session } = await store.startPaycorePayment(cart.id)
      const body = phpJsonEncode({
        data: {
          type: "payment-invoices",
          id: invoiceIdOf(session),
          attributes: {
            status: "processed",
            amount: cart.total,
            processed_amount: cart.total,
            currency: "USD",
            reference_id: session.id,
            test_mode: true,
            updated: Math.floor(Date.now() / 1000),
          },
        },
      })
      const answer = await postCallback(
        "/hooks/paycore",
        body,
        signCallbackBody(body, sandbox.current.config.testPrivateKey)
      )
      expect(answer.status).toBe(503)
      expect(await ordersForCart(getContainer(), cart.id)).toEqual([])
    })

    it("acknowledges a signed callback for a reference it did not create, and ignores it", async () => {
      const body = phpJsonEncode({
        data: {
          type: "payment-invoices",
          id: "cpi_NotFromThisShop1",
          attributes: { status: "processed", amount: 10, currency: "USD", reference_id: "invoice-42", test_mode: true },
        },
      })
      const answer = await postCallback(
        "/hooks/paycore",
        body,
        signCallbackBody(body, sandbox.current.config.testPrivateKey)
      )
      expect(answer).toEqual({ status: 200, body: { received: true, outcome: "not_ours" } })
    })

    it("acknowledges a signed callback of another type (a refund) with 200 so PayCore does not retry it", async () => {
      const { session } = await store.startPaycorePayment((await store.cartReadyForPayment("usd")).id)
      const body = phpJsonEncode({
        data: {
          type: "refunds",
          id: "ref_FromTheDashboard1",
          attributes: { status: "processed", amount: 10, currency: "USD", reference_id: session.id, test_mode: true },
        },
      })
      const key = sandbox.current.config.testPrivateKey
      const answer = await postCallback("/hooks/paycore", body, signCallbackBody(body, key))
      expect(answer).toEqual({ status: 200, body: { received: true, outcome: "ignored", type: "refunds" } })
      expect((await postCallback("/hooks/paycore", body, signCallbackBody(body, "sk_test_guessed"))).status).toBe(401)
      expect((await paymentSession(getContainer(), session.id)).status).toBe("pending")
    })

    it("refuses a callback body over the size limit with 413 before reading it", async () => {
      const huge = "x".repeat(300 * 1024)
      const answer = await postCallback(
        "/hooks/paycore",
        huge,
        signCallbackBody(huge, sandbox.current.config.testPrivateKey)
      )
      expect(answer.status).toBe(413)
    })

    it("closes the connection of an oversize callback instead of reading the rest of its body", async () => {
      const declared = 64 * 1024 * 1024
      const socket = net.connect(sandbox.appPort, "localhost")
      await new Promise((resolve) => socket.once("connect", resolve))
      let answer = ""
      socket.on("data", (chunk) => (answer += chunk.toString("latin1")))
      socket.on("error", () => undefined)
      const closed = new Promise<number>((resolve) => {
        const started = Date.now()
        socket.once("close", () => resolve(Date.now() - started))
      })
      socket.write(
        `POST /hooks/paycore HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${declared}\r\nX-Signature: x\r\n\r\n`
      )
      socket.write(Buffer.alloc(300 * 1024, 0x7b))
      const milliseconds = await closed
      expect(answer).toMatch(/^HTTP\/1\.1 413 /)
      expect(milliseconds).toBeLessThan(10_000)
    })

    it("makes exactly one order from the same callback delivered 10 times at once and out of order: copies that arrive while it is applied get 503 at once, their resends 200", async () => {
      const cart = await store.cartReadyForPayment("eur")
      const { session } = await store.startPaycorePayment(cart.id)
      const invoiceId = invoiceIdOf(session)
      holdCallbacks()
      await payOnHpp(session.data.hpp_url, TEST_CARDS.success)
      const paid = signedState(invoiceId)
      // An older state, as PayCore may deliver it after the newer one.
      const olderBody = paid.body
        .replace(/"status":"processed"/, '"status":"processing"')
        .replace(/"updated":(\d+)/, (_, updated) => `"updated":${Number(updated) - 5}`)
      const older = { body: olderBody, signature: signCallbackBody(olderBody, sandbox.current.config.testPrivateKey) }
      const deliveries = [...Array.from({ length: 10 }, () => paid), older]
      const timed = async (delivery: { body: string; signature: string }) => {
        const started = Date.now()
        const answer = await postCallback("/hooks/paycore", delivery.body, delivery.signature)
        return { ...answer, ms: Date.now() - started }
      }

      const answers = await Promise.all(deliveries.map(timed))
      expect(answers.every((answer) => answer.status === 200 || answer.status === 503)).toBe(true)
      const outcomes = answers.map((answer) => answer.body.outcome)
      expect(outcomes.filter((outcome) => outcome === "order_created")).toHaveLength(1)
      // A copy that came while the first was being applied did not wait for it (at most 250 ms, then 503).
      const busy = answers.filter((answer) => answer.status === 503)
      expect(busy.every((answer) => answer.body.error === "retry_later" && answer.ms < 2000)).toBe(true)

      // PayCore sends what was not answered 200 again: now every resend finds the state applied.
      const resent = await Promise.all(
        deliveries.filter((_, i) => answers[i].status === 503).map((delivery) => timed(delivery))
      )
      expect(resent.every((answer) => answer.status === 200)).toBe(true)
      const all = [...answers.filter((answer) => answer.status === 200), ...resent].map((answer) => answer.body.outcome)
      expect(all.filter((outcome) => outcome === "order_created")).toHaveLength(1)
      expect(all.filter((outcome) => outcome === "duplicate")).toHaveLength(9)
      expect(all.filter((outcome) => outcome === "stale")).toHaveLength(1)

      await releaseCallbacks()
      const orders = await ordersForCart(getContainer(), cart.id)
      expect(orders).toHaveLength(1)
      const order = await orderPayments(getContainer(), orders[0])
      expect(order.payment_collections[0].payments).toHaveLength(1)
      expect(order.payment_collections[0].payments[0].captures).toHaveLength(1)
    })

    it("never captures a payment of less than the cart total", async () => {
      const cart = await store.cartReadyForPayment("usd")
      const { session } = await store.startPaycorePayment(cart.id)
      sandbox.current.payInvoice(invoiceIdOf(session), { processedAmount: cart.total - 1 })
      await sandbox.current.callbacksIdle()

      expect(await ordersForCart(getContainer(), cart.id)).toEqual([])
      const refused = await paymentSession(getContainer(), session.id)
      expect(refused.status).toBe("error")
      expect(refused.payment).toBeFalsy()
      expect(refused.data.paycore_problem).toContain("amount_mismatch")
      expect((await store.completeCart(cart.id)).status).toBe(400)
      const deliveries = sandbox.current.callbackLog({ invoiceId: invoiceIdOf(session) })
      expect(deliveries.at(-1)?.responseStatus).toBe(200)
    })

    it("makes the order when PayCore adds its fee for the customer, capturing the cart total", async () => {
      sandbox.current.updateConfig({ feeStrategy: "external" })
      try {
        const cart = await store.cartReadyForPayment("usd")
        const { session } = await store.startPaycorePayment(cart.id)
        const paid = sandbox.current.payInvoice(invoiceIdOf(session)).data.attributes as any
        expect(paid.payment_amount).toBeGreaterThan(cart.total)
        await sandbox.current.callbacksIdle()

        const [orderId] = await ordersForCart(getContainer(), cart.id)
        expect(orderId).toBeDefined()
        const order = await orderPayments(getContainer(), orderId)
        expect(order.payment_collections[0].captured_amount).toBe(cart.total)
        expect(order.payment_collections[0].payments[0].captures).toHaveLength(1)
      } finally {
        sandbox.current.updateConfig({ feeStrategy: "none" })
      }
    })

    it("also creates the order from a callback sent to Medusa's built-in webhook route", async () => {
      const cart = await store.cartReadyForPayment("usd")
      const { session } = await store.startPaycorePayment(cart.id)
      holdCallbacks()
      await payOnHpp(session.data.hpp_url, TEST_CARDS.success)
      const paid = signedState(invoiceIdOf(session))

      const answer = await request(`http://localhost:${sandbox.appPort}/hooks/payment/paycore_paycore`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-signature": paid.signature },
        body: paid.body,
      })
      await answer.body.dump()
      expect(answer.statusCode).toBe(200)
      // Medusa's built-in route queues the event with a 5 s delay before its subscriber runs.
      const orders = await eventually(async () => {
        const found = await ordersForCart(getContainer(), cart.id)
        return found.length ? found : null
      })
      expect(orders).toHaveLength(1)
    })
  },
})
