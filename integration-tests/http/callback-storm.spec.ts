// A storm: many carts paid at once, each callback delivered 10 times in shuffled order with concurrency.
// Exactly one order per cart and no double capture, whatever the interleaving.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { Pool } from "undici"
import { seedDemoData } from "../../demo/seed"
import { usePaycoreSandbox } from "../helpers/paycore-sandbox"
import { invoiceIdOf, storeClient } from "../helpers/store-flow"
import { inParallel, shuffledDeliveries } from "../helpers/storm"

jest.setTimeout(20 * 60 * 1000)

const CARTS = Number(process.env.STORM_CARTS || 200)
const DELIVERIES_PER_CALLBACK = 10
const CONCURRENCY = 16

const sandbox = usePaycoreSandbox()

medusaIntegrationTestRunner({
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
        const response = await pool.request({
          method: "POST",
          path: "/hooks/paycore",
          headers: { "content-type": "application/json", "x-signature": delivery.signature },
          body: delivery.body,
        })
        await response.body.dump()
        answers.set(response.statusCode, (answers.get(response.statusCode) ?? 0) + 1)
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
  },
})
