// Benchmarks of the plugin against Medusa's own baselines, measured in one run on one machine:
//   checkout with PayCore       vs the same checkout with pp_system_default        target ≤ 1.15×
//   PayCore callback → order    vs Medusa's POST /store/carts/:id/complete           target ≤ 1.25×
//   duplicate callback          vs GET /health                                       target ≤ 3×
//   connections opened to PayCore for 100 sequential initiates                       target ≤ pool size
//   burst: 200 concurrent deliveries over 40 paid carts (5 each, shuffled), one instance  target p99 ≤ 2 s, 40 orders
// and the plugin's own share of callback → order (src/lib/timings.ts: the callback's answer time less Medusa's
// processPaymentWorkflow, plus PayCore's answer inside it), in milliseconds.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { updateRegionsWorkflow } from "@medusajs/medusa/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import diagnostics_channel from "node:diagnostics_channel"
import net from "node:net"
import { Pool, request } from "undici"
import { seedDemoData, type DemoSeedResult } from "../demo/seed"
import { phpJsonEncode, signCallbackBody, startSandbox, type Sandbox } from "../sandbox/src"
import { invoiceIdOf, storeClient, type StoreClient } from "../integration-tests/helpers/store-flow"
import { deliverCallback, inParallel, shuffledDeliveries } from "../integration-tests/helpers/storm"
import { TIMINGS_CHANNEL, type TimedPhase, type Timing } from "../src/lib/timings"

jest.setTimeout(30 * 60 * 1000)

const ROUNDS = Number(process.env.BENCH_ROUNDS || 15)
const POOL_SIZE = 10
const BURST_CARTS = 40
const BURST_COPIES = 5
/** PayCore's limit for a test callback's answer: a delivery not answered by then counts as "no answer". */
const CALLBACK_TIMEOUT_MS = 10_000

/** The plugin's timings (src/lib/timings.ts) since the last `take()`: the sum and the count of each phase. */
const phases = (() => {
  let taken = new Map<TimedPhase, number[]>()
  diagnostics_channel.subscribe(TIMINGS_CHANNEL, (message) => {
    const { phase, ms } = message as Timing
    taken.set(phase, [...(taken.get(phase) ?? []), ms])
  })
  return {
    take() {
      const these = taken
      taken = new Map()
      const sum = (phase: TimedPhase) => (these.get(phase) ?? []).reduce((a, b) => a + b, 0)
      return Object.assign(sum, { all: (phase: TimedPhase) => these.get(phase) ?? [] })
    },
  }
})()
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

let sandbox: Sandbox
let proxy: net.Server
let connectionsToPaycore = 0
/** Connections open at once, and the most seen: the pool bounds these (idle ones close and reopen later). */
let openToPaycore = 0
let mostOpenToPaycore = 0
let appPort = 0

/** PayCore seen through a TCP proxy that counts the connections the plugin opens. */
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, controls: true, callbackMaxAttempts: 1 }, { env: {}, log: () => {} })
  proxy = net.createServer((client) => {
    connectionsToPaycore += 1
    openToPaycore += 1
    mostOpenToPaycore = Math.max(mostOpenToPaycore, openToPaycore)
    client.once("close", () => (openToPaycore -= 1))
    const upstream = net.connect(sandbox.port, "127.0.0.1")
    client.pipe(upstream).pipe(client)
    const close = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on("error", close)
    upstream.on("error", close)
  })
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve))
  appPort = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
  Object.assign(process.env, {
    PORT: String(appPort),
    PAYCORE_BASE_URL: `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`,
    PAYCORE_ACCOUNT_ID: sandbox.config.accountId,
    PAYCORE_API_KEY: sandbox.config.apiKey,
    PAYCORE_PUBLIC_KEY: sandbox.config.testPublicKey,
    PAYCORE_TEST_PRIVATE_KEY: sandbox.config.testPrivateKey,
    PAYCORE_CALLBACK_URL: `http://localhost:${appPort}/hooks/paycore`,
  })
})
afterAll(async () => {
  proxy?.close()
  await sandbox?.close()
})

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}
const time = async (work: () => Promise<unknown>) => {
  const started = process.hrtime.bigint()
  await work()
  return Number(process.hrtime.bigint() - started) / 1e6
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    it("prints the benchmark table", async () => {
      const container = getContainer()
      const seed: DemoSeedResult = await seedDemoData(container)
      await updateRegionsWorkflow(container).run({
        input: {
          selector: { id: seed.regions.usd },
          update: { payment_providers: ["pp_paycore_paycore", "pp_system_default"] },
        },
      })
      const store: StoreClient = storeClient(api, seed)
      // PayCore's own deliveries are held back until the burst is over: each measured callback is the only one.
      sandbox.setCallbackMode({ reorder: { order: "shuffle", count: 1_000_000 } })
      const hook = `http://localhost:${appPort}/hooks/paycore`
      const post = (body: string) =>
        request(hook, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-signature": signCallbackBody(body, sandbox.config.testPrivateKey),
          },
          body,
        }).then(async (response) => {
          await response.body.dump()
          if (response.statusCode !== 200) throw new Error(`callback answered ${response.statusCode}`)
        })
      const systemSession = async (cartId: string) => {
        const { payment_collection } = (await store.call("post", "/store/payment-collections", { cart_id: cartId }))
          .data
        await store.call("post", `/store/payment-collections/${payment_collection.id}/payment-sessions`, {
          provider_id: "pp_system_default",
        })
      }
      const paidBody = (invoiceId: string) => {
        sandbox.payInvoice(invoiceId)
        return phpJsonEncode({ data: sandbox.getPaymentInvoice(invoiceId)!.data })
      }

      // Warm up both paths once, then alternate rounds so that drift hits both sides alike.
      const checkoutSystem: number[] = []
      const checkoutPaycore: number[] = []
      const completeSystem: number[] = []
      const callbackPaycore: number[] = []
      const pluginShare: number[] = []
      const medusaAlone: number[] = []
      const lockWait: number[] = []
      const paycoreRead: number[] = []
      for (let round = -1; round < ROUNDS; round++) {
        let completeMs = 0
        const systemMs = await time(async () => {
          const cart = await store.cartReadyForPayment("usd")
          await systemSession(cart.id)
          completeMs = await time(async () => {
            const done = await store.completeCart(cart.id)
            if (done.data.type !== "order") throw new Error("the system checkout made no order")
          })
        })
        let callbackMs = 0
        let share = 0
        const paycoreMs = await time(async () => {
          const cart = await store.cartReadyForPayment("usd")
          const { session } = await store.startPaycorePayment(cart.id)
          const body = paidBody(invoiceIdOf(session))
          phases.take()
          callbackMs = await time(() => post(body))
          const took = phases.take()
          share = took("callback") - took("medusa_workflow") + took("paycore_read")
          medusaAlone.push(took("medusa_workflow") - took("paycore_read"))
          lockWait.push(took("lock_wait"))
          paycoreRead.push(took("paycore_read"))
        })
        if (round < 0) continue
        pluginShare.push(share)
        checkoutSystem.push(systemMs)
        checkoutPaycore.push(paycoreMs)
        completeSystem.push(completeMs)
        callbackPaycore.push(callbackMs)
      }

      // A duplicate of an applied callback against Medusa's cheapest route.
      const cart = await store.cartReadyForPayment("usd")
      const { session } = await store.startPaycorePayment(cart.id)
      const applied = paidBody(invoiceIdOf(session))
      await post(applied)
      const duplicate: number[] = []
      const health: number[] = []
      for (let i = 0; i < ROUNDS * 10; i++) {
        health.push(await time(() => request(`http://localhost:${appPort}/health`).then((r) => r.body.dump())))
        duplicate.push(await time(() => post(applied)))
      }

      // Connections the provider opens for 100 sequential initiates (keep-alive pool).
      const before = connectionsToPaycore
      const many = await store.cartReadyForPayment("usd")
      for (let i = 0; i < 100; i++) {
        const started = await store.startPaycorePayment(many.id)
        if (!started.session) throw new Error("initiate failed")
      }
      const opened = connectionsToPaycore - before

      // A burst: 40 paid carts, each paid callback 4 times and one older state (5 deliveries each), shuffled, all
      // 200 at once to one instance, as PayCore's retries and a busy moment would bring them.
      const burstCarts = await inParallel(
        Array.from({ length: BURST_CARTS }, (_, i) => i),
        4,
        async (i) => {
          const cart = await store.cartReadyForPayment("usd", 1, `burst-${i}@paycore-tests.com`)
          const { session } = await store.startPaycorePayment(cart.id)
          sandbox.payInvoice(invoiceIdOf(session))
          return { cartId: cart.id, invoiceId: invoiceIdOf(session) }
        }
      )
      const deliveries = shuffledDeliveries(
        sandbox,
        burstCarts.map((cart) => cart.invoiceId),
        BURST_COPIES - 1,
        sandbox.config.testPrivateKey
      )
      phases.take()
      const pool = new Pool(`http://localhost:${appPort}`, {
        connections: deliveries.length,
        headersTimeout: CALLBACK_TIMEOUT_MS,
      })
      const answers = new Map<string, number>()
      const answerMs: number[] = []
      await Promise.all(
        deliveries.map(async (delivery) => {
          const started = Date.now()
          const status = await deliverCallback(pool, delivery).then(String, () => "no answer")
          if (status !== "no answer") answerMs.push(Date.now() - started)
          answers.set(status, (answers.get(status) ?? 0) + 1)
        })
      )
      await pool.close()
      const burstPhases = phases.take()
      // What was not answered 200, PayCore sends again: the sandbox's held deliveries, with its retries, do that.
      sandbox.clearCallbackMode()
      await sandbox.callbacksIdle()
      const { data: burstOrders } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
        entity: "order_cart",
        fields: ["cart_id"],
        filters: { cart_id: burstCarts.map((cart) => cart.cartId) },
      })
      const p99 = percentile(answerMs, 99)
      const unanswered = answers.get("no answer") ?? 0

      const rows = [
        ["checkout, PayCore vs pp_system_default", median(checkoutPaycore), median(checkoutSystem), 1.15],
        ["callback → order vs POST /store/carts/:id/complete", median(callbackPaycore), median(completeSystem), 1.25],
        ["duplicate callback vs GET /health", median(duplicate), median(health), 3],
        // Not the plugin's: the floor of the callback ratio, Medusa's own workflow less the PayCore read inside it.
        [
          "Medusa's processPaymentWorkflow alone vs POST /store/carts/:id/complete",
          median(medusaAlone),
          median(completeSystem),
          Infinity,
        ],
      ] as const
      const lines = [
        "",
        `| benchmark (median of ${ROUNDS} rounds; duplicate/health: ${ROUNDS * 10}) | plugin ms | baseline ms | ratio | target |`,
        "|---|---|---|---|---|",
        ...rows.map(([name, mine, baseline, target]) => {
          const ratio = mine / baseline
          return `| ${name} | ${mine.toFixed(1)} | ${baseline.toFixed(1)} | ${ratio.toFixed(2)}× | ${target === Infinity ? "(for reference)" : `≤ ${target}× ${ratio <= target ? "✓" : "✗"}`} |`
        }),
        `| connections to PayCore: opened for 100 sequential initiates / most open at once in the whole run (${connectionsToPaycore} opened in all) | ${opened} / ${mostOpenToPaycore} | pool ${POOL_SIZE} | | ≤ ${POOL_SIZE} ${mostOpenToPaycore <= POOL_SIZE ? "✓" : "✗"} |`,
        "",
        `callback → order, the plugin's own share (median): ${median(pluginShare).toFixed(1)} ms of ${median(callbackPaycore).toFixed(1)} ms ` +
          `(waiting for the invoice lock ${median(lockWait).toFixed(1)} ms, PayCore's answer to the live read ${median(paycoreRead).toFixed(1)} ms; ` +
          `the rest is Medusa's processPaymentWorkflow)`,
        "",
        `| burst: ${deliveries.length} concurrent deliveries over ${BURST_CARTS} paid carts, one instance | p50 ms | p99 ms | max ms | answers | orders | target |`,
        "|---|---|---|---|---|---|---|",
        `| callback answer time | ${percentile(answerMs, 50)} | ${p99} | ${Math.max(...answerMs)} | ${JSON.stringify(Object.fromEntries(answers))} | ${burstOrders.length} | p99 ≤ 2000 ms, every delivery answered, ${BURST_CARTS} orders ${p99 <= 2000 && !unanswered && burstOrders.length === BURST_CARTS ? "✓" : "✗"} |`,
        `burst: Medusa's processPaymentWorkflow took a median ${median(burstPhases.all("medusa_workflow")).toFixed(0)} ms ` +
          `(max ${Math.max(...burstPhases.all("medusa_workflow")).toFixed(0)} ms) in ${burstPhases.all("medusa_workflow").length} applies`,
        "",
      ]
      process.stdout.write(lines.join("\n") + "\n")
      expect(mostOpenToPaycore).toBeLessThanOrEqual(POOL_SIZE)
      expect(burstOrders).toHaveLength(BURST_CARTS)
      expect(unanswered).toBe(0)
    })
  },
})
