// A storm: many carts paid at once, each callback delivered 10 times in shuffled order with concurrency.
// Exactly one order per cart and no double capture, whatever the interleaving.
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { Pool } from "undici"
import { seedDemoData } from "../../demo/seed"
import { phpJsonEncode, signCallbackBody } from "../../sandbox/src"
import { CALLBACK_ANSWER_DEADLINE_MS } from "../../src/api/hooks/paycore/handle-callback"
import { usePaycoreSandbox } from "../helpers/paycore-sandbox"
import { invoiceIdOf, storeClient } from "../helpers/store-flow"
import { deliverCallback, inParallel, shuffledDeliveries } from "../helpers/storm"

jest.setTimeout(20 * 60 * 1000)

// 20 carts (220 deliveries), to keep CI short: the two-instance storm of the reliability layer runs 100.
const CARTS = Number(process.env.STORM_CARTS || 20)
const DELIVERIES_PER_CALLBACK = 10
const CONCURRENCY = 16

const sandbox = usePaycoreSandbox()

/** Waits for `done` to hold, looking every 10 ms (at most 60 s). */
async function pollUntil(done: () => boolean | Promise<boolean>, what: string) {
  const until = Date.now() + 60_000
  while (!(await done())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    it(`makes exactly ${CARTS} orders and captures each payment once when every callback arrives ${DELIVERIES_PER_CALLBACK} times, shuffled`, async () => {
      const container = getContainer()
      const store = storeClient(api, await seedDemoData(container))
      const key = sandbox.current.config.testPrivateKey
      // PayCore's own deliveries are held back: the test delivers, in its own order.
      sandbox.current.setCallbackMode({ reorder: { order: "shuffle", count: 1_000_000 } })

      const setupStarted = Date.now()
      const checkouts = await inParallel(
        Array.from({ length: CARTS }, (_, i) => i),
        4,
        async (i) => {
          // One guest per cart: Medusa creates a customer per new email, and parallel carts of one email race.
          const cart = await store.cartReadyForPayment(
            (["usd", "eur", "uah"] as const)[i % 3],
            1,
            `storm-${i}@paycore-tests.com`
          )
          const { session } = await store.startPaycorePayment(cart.id)
          sandbox.current.payInvoice(invoiceIdOf(session))
          return { cartId: cart.id, invoiceId: invoiceIdOf(session) }
        }
      )
      const setupSeconds = (Date.now() - setupStarted) / 1000

      const deliveries = shuffledDeliveries(
        sandbox.current,
        checkouts.map((checkout) => checkout.invoiceId),
        DELIVERIES_PER_CALLBACK,
        key
      )

      const pool = new Pool(`http://localhost:${sandbox.appPort}`, { connections: CONCURRENCY })
      const answers = new Map<number, number>()
      const stormStarted = Date.now()
      await inParallel(deliveries, CONCURRENCY, async (delivery) => {
        const status = await deliverCallback(pool, delivery)
        answers.set(status, (answers.get(status) ?? 0) + 1)
      })
      await pool.close()
      const stormSeconds = (Date.now() - stormStarted) / 1000
      // Whatever was answered 503 PayCore sends again: its own held deliveries (with retries) do that here.
      sandbox.current.clearCallbackMode()
      await sandbox.current.callbacksIdle()

      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data: links } = await query.graph({
        entity: "order_cart",
        fields: ["cart_id", "order_id"],
        filters: { cart_id: checkouts.map((checkout) => checkout.cartId) },
      })
      const { data: payments } = await query.graph({
        entity: "payment",
        fields: ["id", "payment_session_id", "captured_at", "captures.id"],
      })
      console.log(
        `storm: ${CARTS} carts set up in ${setupSeconds.toFixed(1)} s; ${deliveries.length} callbacks in ${stormSeconds.toFixed(1)} s ` +
          `(${(deliveries.length / stormSeconds).toFixed(0)}/s); answers ${JSON.stringify(Object.fromEntries(answers))}`
      )

      const ordersPerCart = new Map<string, number>()
      for (const link of links as any[]) ordersPerCart.set(link.cart_id, (ordersPerCart.get(link.cart_id) ?? 0) + 1)
      expect(ordersPerCart.size).toBe(CARTS)
      expect([...ordersPerCart.values()].every((count) => count === 1)).toBe(true)
      expect(payments).toHaveLength(CARTS)
      expect((payments as any[]).every((payment) => payment.captured_at && payment.captures.length === 1)).toBe(true)
      expect([...answers.keys()].every((status) => status === 200 || status === 503)).toBe(true)
    })

    /** A paid cart whose PayCore deliveries are held back (the test is PayCore), and a way to deliver its callback. */
    async function paidCartDeliveredByTest(email: string) {
      const container = getContainer()
      const store = storeClient(api, await seedDemoData(container))
      const paycore = sandbox.current
      paycore.setCallbackMode({ reorder: { order: "shuffle", count: 1_000_000 } })
      const cart = await store.cartReadyForPayment("usd", 1, email)
      const { session } = await store.startPaycorePayment(cart.id)
      const invoiceId = invoiceIdOf(session)
      paycore.payInvoice(invoiceId)
      const body = phpJsonEncode({ data: paycore.getPaymentInvoice(invoiceId)!.data })
      const deliver = async () => {
        const started = Date.now()
        const response = await fetch(`http://localhost:${sandbox.appPort}/hooks/paycore`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-signature": signCallbackBody(body, paycore.config.testPrivateKey),
          },
          body,
        })
        return { status: response.status, body: (await response.json()) as any, ms: Date.now() - started }
      }
      /** Holds Medusa's live read of the invoice (inside its authorization) for `ms`; resolves once it has begun. */
      const holdNextRead = (ms: number) => {
        const held = paycore.addFault({
          method: "GET",
          path: `/api/payment-invoices/${invoiceId}`,
          kind: "delay",
          delayMs: ms,
        })
        return () => pollUntil(() => !paycore.listFaults().some((rule) => rule.id === held.id), "the held read")
      }
      const orders = async () =>
        (
          await container
            .resolve(ContainerRegistrationKeys.QUERY)
            .graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cart.id } })
        ).data
      return { deliver, holdNextRead, orders }
    }

    it("answers a duplicate of a callback that is being applied within 250 ms with 503 retry_later, and the first still makes one order", async () => {
      const { deliver, holdNextRead, orders } = await paidCartDeliveredByTest("duplicate-in-flight@paycore-tests.com")
      const readBegun = holdNextRead(3000)
      const first = deliver()
      await readBegun()

      const duplicate = await deliver()
      expect(duplicate.status).toBe(503)
      expect(duplicate.body.error).toBe("retry_later")
      expect(duplicate.ms).toBeLessThan(1000)
      const applied = await first
      expect(applied).toMatchObject({ status: 200, body: { outcome: "order_created" } })
      expect(applied.ms).toBeGreaterThanOrEqual(3000)
      // PayCore's next try finds it applied.
      expect(await deliver()).toMatchObject({ status: 200, body: { outcome: "duplicate" } })
      sandbox.current.clearCallbackMode()
      expect(await orders()).toHaveLength(1)
    })

    it("answers a callback still being applied after 8 s with 503 before PayCore's 10 s timeout, and the apply goes on to one order", async () => {
      const { deliver, holdNextRead, orders } = await paidCartDeliveredByTest("slow-apply@paycore-tests.com")
      const readBegun = holdNextRead(9500)
      const first = deliver()
      await readBegun()

      const answer = await first
      expect(answer).toMatchObject({ status: 503, body: { error: "retry_later" } })
      expect(answer.ms).toBeGreaterThanOrEqual(CALLBACK_ANSWER_DEADLINE_MS)
      expect(answer.ms).toBeLessThan(10_000)
      expect(await orders()).toHaveLength(0)
      // The apply was not abandoned: the order appears without another delivery, and PayCore's resend finds it.
      await pollUntil(async () => (await orders()).length > 0, "the order of the apply that went on")
      expect(await deliver()).toMatchObject({ status: 200, body: { outcome: "duplicate" } })
      sandbox.current.clearCallbackMode()
      expect(await orders()).toHaveLength(1)
    })
  },
})
