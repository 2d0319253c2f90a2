// A payment plugin is judged on its worst day: 10,000 generated forged or garbage callbacks must change no
// payment, session or order, never get a 5xx, and leave memory flat.
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { Pool } from "undici"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { seedDemoData } from "../../demo/seed"
import { phpJsonEncode, signCallbackBody } from "../../sandbox/src"
import { paidOrder } from "../helpers/checkout"
import { usePaycoreSandbox } from "../helpers/paycore-sandbox"
import { invoiceIdOf, storeClient } from "../helpers/store-flow"

jest.setTimeout(10 * 60 * 1000)

const sandbox = usePaycoreSandbox()
const BODIES = 10_000
const CONCURRENCY = 16
/** The first callbacks warm up caches and connection pools; memory is compared after them. */
const WARM_UP = 1_000

/** A full garbage collection, so that heap figures compare live memory rather than garbage. */
function collectGarbage() {
  setFlagsFromString("--expose_gc")
  const gc = runInNewContext("gc") as () => void
  gc()
  gc()
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Attack = { kind: string; body: Buffer; headers: Record<string, string | string[]> }

function attacks(real: { body: string; signature: string }[], keys: { test: string; live: string }): Attack[] {
  const rnd = random(20261128)
  const pick = <T>(items: T[]) => items[Math.floor(rnd() * items.length)]
  const json = { "content-type": "application/json" }
  const makers: Array<() => Attack> = [
    () => {
      const bytes = Buffer.alloc(1 + Math.floor(rnd() * 2048))
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rnd() * 256)
      return {
        kind: "random bytes",
        body: bytes,
        headers: { ...json, "x-signature": bytes.subarray(0, 20).toString("base64") },
      }
    },
    () => {
      const source = pick(real)
      const cut = source.body.slice(0, Math.floor(rnd() * source.body.length))
      return {
        kind: "truncated JSON",
        body: Buffer.from(cut),
        headers: { ...json, "x-signature": signCallbackBody(cut, "sk_test_not_ours") },
      }
    },
    () => ({ kind: "missing signature", body: Buffer.from(pick(real).body), headers: json }),
    () => {
      const source = pick(real)
      return {
        kind: "signature of another body",
        body: Buffer.from(source.body.replace('"processed"', '"refunded"')),
        headers: { ...json, "x-signature": source.signature },
      }
    },
    () => {
      const source = pick(real)
      return {
        kind: "other mode's key",
        body: Buffer.from(source.body),
        headers: { ...json, "x-signature": signCallbackBody(source.body, keys.live) },
      }
    },
    () => {
      const source = pick(real)
      const body = source.body.replace(/"amount":[0-9.]+/, `"amount":${Math.floor(rnd() * 1000)}`)
      return { kind: "edited amount", body: Buffer.from(body), headers: { ...json, "x-signature": source.signature } }
    },
    () => {
      const body = phpJsonEncode({
        data: {
          type: "payment-invoices",
          id: `cpi_${Math.floor(rnd() * 1e9)}`,
          attributes: {
            status: "processed",
            reference_id: `payses_${Math.floor(rnd() * 1e9)}`,
            currency: "USD",
            amount: 1,
            test_mode: true,
          },
        },
      })
      return {
        kind: "guessed key",
        body: Buffer.from(body),
        headers: { ...json, "x-signature": signCallbackBody(body, `sk_test_${Math.floor(rnd() * 1e9)}`) },
      }
    },
    () => {
      const source = pick(real)
      const type = pick([
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "",
      ])
      return {
        kind: "wrong content type",
        body: Buffer.from(source.body),
        headers: { "content-type": type, "x-signature": signCallbackBody(source.body, "sk_test_other") },
      }
    },
    () => {
      const source = pick(real)
      return {
        kind: "repeated signature headers",
        body: Buffer.from(source.body),
        headers: { ...json, "x-signature": ["garbage", source.signature] },
      }
    },
  ]
  const list: Attack[] = []
  for (let i = 0; i < BODIES - 10; i++) list.push(pick(makers)())
  // A few oversize bodies: refused before they are read whole.
  for (let i = 0; i < 10; i++) {
    const big = Buffer.alloc(300 * 1024 + i, 0x7b)
    list.push({ kind: "oversize", body: big, headers: { ...json, "x-signature": "x" } })
  }
  return list
}

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    it(`changes nothing and never answers 5xx for ${BODIES} forged or garbage callbacks, with memory flat`, async () => {
      const container = getContainer()
      const store = storeClient(api, await seedDemoData(container))
      const paid = await paidOrder(store, sandbox.current, container)
      const pendingCart = await store.cartReadyForPayment("eur")
      const pending = await store.startPaycorePayment(pendingCart.id)
      // Real bodies to forge from: the paid invoice as PayCore sent it, and the pending one as it would be paid.
      const real = sandbox.current.callbackLog().map((entry) => ({ body: entry.body, signature: entry.signature }))
      const pendingDoc = sandbox.current.getPaymentInvoice(invoiceIdOf(pending.session))!
      const pendingPaid = phpJsonEncode({
        data: {
          ...pendingDoc.data,
          attributes: {
            ...(pendingDoc.data as any).attributes,
            status: "processed",
            processed_amount: pendingCart.total,
          },
        },
      })
      real.push({ body: pendingPaid, signature: signCallbackBody(pendingPaid, "sk_test_forger") })

      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const snapshot = async () => {
        const [orders, sessions, payments] = await Promise.all([
          query.graph({ entity: "order", fields: ["id", "status"] }),
          query.graph({ entity: "payment_session", fields: ["id", "status", "data"] }),
          query.graph({ entity: "payment", fields: ["id", "captured_at", "canceled_at", "data"] }),
        ])
        return JSON.stringify([orders.data, sessions.data, payments.data])
      }
      const before = await snapshot()
      let heapAfterWarmUp = 0
      let heapHalfway = 0
      const HALFWAY = Math.floor((WARM_UP + BODIES) / 2)

      const pool = new Pool(`http://localhost:${sandbox.appPort}`, { connections: CONCURRENCY })
      const statuses = new Map<number, number>()
      const byKind = new Map<string, Set<number>>()
      const queue = attacks(real, {
        test: sandbox.current.config.testPrivateKey,
        live: sandbox.current.config.livePrivateKey,
      })
      let next = 0
      const started = Date.now()
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < queue.length) {
            const index = next++
            const attack = queue[index]
            if (index === WARM_UP || index === HALFWAY) {
              collectGarbage()
              if (index === WARM_UP) heapAfterWarmUp = process.memoryUsage().heapUsed
              else heapHalfway = process.memoryUsage().heapUsed
            }
            const response = await pool.request({
              method: "POST",
              path: "/hooks/paycore",
              headers: attack.headers,
              body: attack.body,
            })
            await response.body.dump()
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1)
            if (!byKind.has(attack.kind)) byKind.set(attack.kind, new Set())
            byKind.get(attack.kind)!.add(response.statusCode)
          }
        })
      )
      await pool.close()
      const seconds = (Date.now() - started) / 1000
      collectGarbage()
      const heapEnd = process.memoryUsage().heapUsed
      const heapGrowthMb = (heapEnd - heapAfterWarmUp) / 1024 / 1024
      const secondHalfGrowthMb = (heapEnd - heapHalfway) / 1024 / 1024
      console.log(
        `fuzz: ${queue.length} callbacks in ${seconds.toFixed(1)} s; answers ${JSON.stringify(Object.fromEntries(statuses))}; ` +
          `by kind ${JSON.stringify(Object.fromEntries([...byKind].map(([k, v]) => [k, [...v]])))}; heap growth ${heapGrowthMb.toFixed(1)} MB after the warm-up, ${secondHalfGrowthMb.toFixed(1)} MB in the second half`
      )

      expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([])
      expect([...statuses.keys()].every((status) => [400, 401, 413].includes(status))).toBe(true)
      expect(await snapshot()).toBe(before)
      // Flat: after the warm-up, thousands more refused callbacks keep no memory alive (a leak grows with
      // every request, so the second half would grow like the first).
      expect(heapGrowthMb).toBeLessThan(48)
      expect(secondHalfGrowthMb).toBeLessThan(16)
      // The admin sees refused callbacks naming a known invoice, but a flood cannot fill the database.
      const { data: refused } = await query.graph({
        entity: "paycore_callback",
        fields: ["id"],
        filters: { invoice_id: paid.invoiceId, signature: "refused" } as any,
      })
      expect(refused.length).toBeLessThanOrEqual(20)
    })
  },
})
