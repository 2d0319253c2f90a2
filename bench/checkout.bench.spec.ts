// Benchmarks of the plugin against Medusa's own baselines, measured in one run on one machine:
//   checkout with PayCore       vs the same checkout with pp_system_default        target ≤ 1.15×
//   PayCore callback → order    vs Medusa's POST /store/carts/:id/complete           target ≤ 1.2×
//   duplicate callback          vs GET /health                                       target ≤ 3×
//   connections opened to PayCore for 100 sequential initiates                       target ≤ pool size
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { updateRegionsWorkflow } from "@medusajs/medusa/core-flows"
import net from "node:net"
import { request } from "undici"
import { seedDemoData, type DemoSeedResult } from "../demo/seed"
import { phpJsonEncode, signCallbackBody, startSandbox, type Sandbox } from "../sandbox/src"
import { invoiceIdOf, storeClient, type StoreClient } from "../integration-tests/helpers/store-flow"

jest.setTimeout(30 * 60 * 1000)

const ROUNDS = Number(process.env.BENCH_ROUNDS || 15)
const POOL_SIZE = 10

let sandbox: Sandbox
let proxy: net.Server
let connectionsToPaycore = 0
let appPort = 0

/** PayCore seen through a TCP proxy that counts the connections the plugin opens. */
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, controls: true, callbackMaxAttempts: 1 }, { env: {}, log: () => {} })
  proxy = net.createServer((client) => {
    connectionsToPaycore += 1
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
        const paycoreMs = await time(async () => {
          const cart = await store.cartReadyForPayment("usd")
          const { session } = await store.startPaycorePayment(cart.id)
          const body = paidBody(invoiceIdOf(session))
          callbackMs = await time(() => post(body))
        })
        if (round < 0) continue
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

      const rows = [
        ["checkout, PayCore vs pp_system_default", median(checkoutPaycore), median(checkoutSystem), 1.15],
        ["callback → order vs POST /store/carts/:id/complete", median(callbackPaycore), median(completeSystem), 1.2],
        ["duplicate callback vs GET /health", median(duplicate), median(health), 3],
      ] as const
      const lines = [
        "",
        `| benchmark (median of ${ROUNDS} rounds; duplicate/health: ${ROUNDS * 10}) | plugin ms | baseline ms | ratio | target |`,
        "|---|---|---|---|---|",
        ...rows.map(([name, mine, baseline, target]) => {
          const ratio = mine / baseline
          return `| ${name} | ${mine.toFixed(1)} | ${baseline.toFixed(1)} | ${ratio.toFixed(2)}× | ≤ ${target}× ${ratio <= target ? "✓" : "✗"} |`
        }),
        `| connections opened to PayCore: for 100 sequential initiates / in the whole run | ${opened} / ${connectionsToPaycore} | pool ${POOL_SIZE} | | ≤ ${POOL_SIZE} ${connectionsToPaycore <= POOL_SIZE ? "✓" : "✗"} |`,
        "",
      ]
      process.stdout.write(lines.join("\n") + "\n")
      expect(connectionsToPaycore).toBeLessThanOrEqual(POOL_SIZE)
    })
  },
})
