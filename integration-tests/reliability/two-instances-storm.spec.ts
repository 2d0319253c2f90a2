// Two server instances on one database, set up the way a production shop runs several: Medusa's locking module
// with its Postgres provider, the Redis event bus and the Redis workflow engine (REDIS_URL, see medusa-config.ts)
// on a throw-away redis-server. A storm: N carts paid (STORM_CARTS, default 100), each paid callback delivered 10
// times plus one older `processing` state, in shuffled order, with concurrency, alternately to both instances.
// Exactly N orders, one payment with one capture per cart, only 200 and 503 answers. Then, on the same instances,
// Redis stops and starts again (empty) in the middle of a smaller storm (REDIS_RESTART_CARTS, default 30) that the
// test, acting as PayCore, retries until answered 200: no callback lost, no order twice.
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { Pool } from "undici"
import { axiosLike, type MedusaInstance, type MedusaStack, startMedusaStack } from "../browser/harness"
import { invoiceIdOf, storeClient, type StoreClient } from "../helpers/store-flow"
import { deliverCallback, inParallel, shuffledDeliveries } from "../helpers/storm"
import { checkoutFacts, checkoutTimes, withDatabase } from "./support/db"
import { AttemptLog, answeredBeforeApplied, deliverUntilAnswered } from "./support/outage-storm"
import { type RedisServer, startRedis } from "./support/redis-server"

jest.setTimeout(60 * 60_000)

const CARTS = Number(process.env.STORM_CARTS || 100)
const DELIVERIES_PER_CALLBACK = 10
const CONCURRENCY = 16
const SETUP_CONCURRENCY = 4
const REDIS_CARTS = Number(process.env.REDIS_RESTART_CARTS || 30)

let redis: RedisServer | undefined
let stack: MedusaStack | undefined
let second: MedusaInstance | undefined

beforeAll(async () => {
  redis = await startRedis()
  stack = await startMedusaStack({
    command: "start",
    admin: false,
    log: (line) => console.log(`[reliability] ${line}`),
    env: { REDIS_URL: redis.url },
    sandbox: { callbackRetryIntervalMs: 250, callbackMaxAttempts: 100 },
  })
  second = await stack.startInstance({ name: "instance-b" })
}, 10 * 60_000)

afterAll(async () => {
  await stack?.stop()
  await redis?.stop()
}, 2 * 60_000)

/** `count` carts paid at PayCore, set up alternately over both instances' store API, 4 at a time. */
async function paidCheckouts(count: number) {
  const a = stack!
  const stores: StoreClient[] = [a.store, storeClient(axiosLike(second!.request), a.seed)]
  const checkout = async (i: number) => {
    const store = stores[i % 2]
    const cart = await store.cartReadyForPayment((["usd", "eur", "uah"] as const)[i % 3])
    const { session, status, error } = await store.startPaycorePayment(cart.id)
    if (!session) throw new Error(`cart ${cart.id}: no PayCore session (${status}): ${JSON.stringify(error)}`)
    a.sandbox.payInvoice(invoiceIdOf(session))
    return { cartId: cart.id, invoiceId: invoiceIdOf(session) }
  }
  // The first cart alone: Medusa creates the carts' guest customer (one email) and two creations at once race.
  const first = await checkout(0)
  const rest = await inParallel(
    Array.from({ length: count - 1 }, (_, i) => i + 1),
    SETUP_CONCURRENCY,
    checkout
  )
  return [first, ...rest]
}

describe("two server instances on one database, with Redis and the Postgres lock", () => {
  it(`make exactly ${CARTS} orders and capture each payment once when every paid callback arrives ${DELIVERIES_PER_CALLBACK} times, shuffled, at both instances`, async () => {
    const a = stack!
    const b = second!
    // Both instances run on Redis: its event bus and workflow engine connected, no fake Redis.
    const logs = [a.serverLogTail(10_000_000), b.logTail(10_000_000)]
    for (const log of logs) {
      expect(log).toContain("Connection to Redis in module 'event-bus-redis' established")
      expect(log).toContain("Connection to Redis in module 'workflow-engine-redis' established")
      expect(log).not.toContain("A fake redis instance will be used")
    }

    const key = a.sandbox.config.testPrivateKey
    // PayCore's own deliveries are held back while the test delivers in its own order; released afterwards.
    a.sandbox.setCallbackMode({ reorder: { order: "shuffle", count: 1_000_000 } })

    const setupStarted = Date.now()
    const checkouts = await paidCheckouts(CARTS)
    const setupSeconds = (Date.now() - setupStarted) / 1000

    const deliveries = shuffledDeliveries(
      a.sandbox,
      checkouts.map((checkout) => checkout.invoiceId),
      DELIVERIES_PER_CALLBACK,
      key
    )

    const targets = [a.url, b.url].map((url) => ({
      url,
      pool: new Pool(url, { connections: CONCURRENCY }),
      answers: new Map<number, number>(),
    }))
    const stormStarted = Date.now()
    await inParallel(deliveries, CONCURRENCY, async (delivery, index) => {
      const target = targets[index % 2]
      const status = await deliverCallback(target.pool, delivery, 5 * 60_000)
      target.answers.set(status, (target.answers.get(status) ?? 0) + 1)
    })
    await Promise.all(targets.map((target) => target.pool.close()))
    const stormSeconds = (Date.now() - stormStarted) / 1000

    // Whatever was answered 503 PayCore sends again: its held deliveries (with retries) do that now.
    const drainStarted = Date.now()
    a.sandbox.clearCallbackMode()
    await a.sandbox.callbacksIdle()
    const drainSeconds = (Date.now() - drainStarted) / 1000

    const facts = await withDatabase(a.databaseUrl, (client) =>
      checkoutFacts(
        client,
        checkouts.map((checkout) => checkout.cartId)
      )
    )
    const sandboxLog = a.sandbox.callbackLog()
    const undelivered = checkouts.filter(
      (checkout) =>
        !sandboxLog.some(
          (entry) =>
            entry.invoiceId === checkout.invoiceId && entry.status === "processed" && entry.responseStatus === 200
        )
    )
    const redisKeys = await promisify(execFile)("redis-cli", ["-p", String(redis!.port), "dbsize"]).then(
      (r) => r.stdout.trim(),
      () => "?"
    )
    const handledBy = logs.map((_, i) => {
      const log = i === 0 ? a.serverLogTail(50_000_000) : b.logTail(50_000_000)
      return (log.match(/will be retried by PayCore/g) ?? []).length
    })
    console.log(
      `two-instance storm: ${CARTS} carts set up in ${setupSeconds.toFixed(1)} s over both instances; ` +
        `${deliveries.length} callbacks in ${stormSeconds.toFixed(1)} s (${(deliveries.length / stormSeconds).toFixed(0)}/s); ` +
        `answers A ${JSON.stringify(Object.fromEntries(targets[0].answers))}, B ${JSON.stringify(Object.fromEntries(targets[1].answers))}; ` +
        `PayCore's own deliveries drained in ${drainSeconds.toFixed(1)} s (${sandboxLog.length} attempts); ` +
        `"will be retried" lines A ${handledBy[0]}, B ${handledBy[1]}; Redis keys ${redisKeys}`
    )

    expect(facts.ordersPerCart.size).toBe(CARTS)
    expect([...facts.ordersPerCart.values()].filter((orders) => orders.length !== 1)).toEqual([])
    expect(facts.payments).toHaveLength(CARTS)
    expect(facts.payments.filter((payment) => !payment.captured_at || payment.captures !== 1)).toEqual([])
    for (const target of targets)
      expect([...target.answers.keys()].filter((status) => status !== 200 && status !== 503)).toEqual([])
    expect(undelivered).toEqual([])
  })

  it(`loses no callback and makes no order twice when Redis restarts in the middle of a ${REDIS_CARTS}-cart storm at both instances`, async () => {
    const a = stack!
    const { sandbox } = a
    sandbox.setCallbackMode({ reorder: { order: "shuffle", count: 1_000_000 } })
    const setupStarted = Date.now()
    const checkouts = await paidCheckouts(REDIS_CARTS)
    const setupSeconds = (Date.now() - setupStarted) / 1000
    const cartOf = new Map(checkouts.map((c) => [c.invoiceId, c.cartId]))
    const deliveries = shuffledDeliveries(
      sandbox,
      checkouts.map((c) => c.invoiceId),
      4,
      sandbox.config.testPrivateKey
    )

    const log = new AttemptLog()
    const unsubscribe = log.recordSandbox(sandbox)
    const restartAfter = Math.floor(deliveries.length / 3)
    const outage = { stoppedAt: 0, upAt: 0 }
    // Once a third is answered 200, PayCore's own deliveries are released and Redis stops (its data gone: no
    // persistence); it starts again, empty, on the same port once 20 attempts were answered meanwhile (at most 15 s).
    const restart = (async () => {
      await log.whenAnswers(() => log.count((attempt) => attempt.answer === "200") >= restartAfter)
      sandbox.clearCallbackMode()
      outage.stoppedAt = Date.now()
      await redis!.stopServer()
      log.phase = "down"
      const before = log.attempts.length
      await log.whenAnswers(() => log.attempts.length - before >= 20, 15_000)
      await redis!.startServer()
      log.phase = "after"
      outage.upAt = Date.now()
    })()
    const stormStarted = Date.now()
    const delivered = await deliverUntilAnswered(log, [a.url, second!.url], deliveries, {
      concurrency: CONCURRENCY,
      retryIntervalMs: 250,
      maxAttempts: 60,
    })
    await restart
    const stormSeconds = (Date.now() - stormStarted) / 1000
    await sandbox.callbacksIdle()
    unsubscribe()

    const cartIds = checkouts.map((c) => c.cartId)
    const facts = await withDatabase(a.databaseUrl, (client) => checkoutFacts(client, cartIds))
    const times = await withDatabase(a.databaseUrl, (client) => checkoutTimes(client, cartIds))
    const appliedLate = answeredBeforeApplied(log, cartOf, times)
    const sandboxLast = new Map<string, string>()
    for (const entry of sandbox.callbackLog())
      if (cartOf.has(entry.invoiceId)) sandboxLast.set(entry.deliveryId, String(entry.responseStatus))
    const health = await Promise.all([a.url, second!.url].map((url) => fetch(`${url}/health`).then((r) => r.status)))
    console.log(
      `redis restart: ${REDIS_CARTS} carts set up in ${setupSeconds.toFixed(1)} s; ${deliveries.length} test deliveries ` +
        `and PayCore's own at both instances in ${stormSeconds.toFixed(1)} s, ${log.attempts.length} attempts; Redis stopped ` +
        `after ${restartAfter} answers 200, down ${((outage.upAt - outage.stoppedAt) / 1000).toFixed(1)} s; answers before ` +
        `${log.answersIn("before")}, while down ${log.answersIn("down")}, after ${log.answersIn("after")}; ` +
        `orders ${facts.ordersPerCart.size}, payments ${facts.payments.length}, ` +
        `captures ${facts.payments.reduce((n, p) => n + p.captures, 0)}; /health A ${health[0]}, B ${health[1]}`
    )

    expect(appliedLate).toEqual([])
    expect(log.notRetryable()).toEqual([])
    expect(log.count((attempt) => attempt.phase === "down")).toBeGreaterThan(0)
    expect(delivered.filter((ok) => !ok)).toEqual([])
    expect([...sandboxLast.values()].filter((status) => status !== "200")).toEqual([])
    expect(facts.ordersPerCart.size).toBe(REDIS_CARTS)
    expect([...facts.ordersPerCart.values()].filter((orders) => orders.length !== 1)).toEqual([])
    expect(facts.payments).toHaveLength(REDIS_CARTS)
    expect(facts.payments.filter((payment) => !payment.captured_at || payment.captures !== 1)).toEqual([])
    expect(health).toEqual([200, 200])
  })
})
