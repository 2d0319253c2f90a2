// A server crash in the middle of PayCore's paid callback. The sandbox holds Medusa's live status read of the
// invoice (GET /api/payment-invoices/{id}, which authorization does while the paid callback is being applied),
// so the server is certainly inside the callback when its process group gets SIGKILL. The server then starts
// again on the same port and database, PayCore's retry arrives, and the cart must become exactly one order with
// one payment and one capture, the callback log ending in a 200.
import { useMedusaStack, pollUntil } from "../browser/harness"
import { checkoutFacts, expireLocksIn, lockRows, withDatabase } from "./support/db"
import { invoiceIdOf } from "../helpers/store-flow"

jest.setTimeout(20 * 60_000)

const stack = useMedusaStack({
  command: "start",
  admin: false,
  log: (line) => console.log(`[reliability] ${line}`),
  // PayCore's linear retry schedule, shrunk: retry n comes n × 200 ms after attempt n.
  sandbox: { callbackRetryIntervalMs: 200, callbackMaxAttempts: 150 },
})

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

describe("a Medusa server killed while it applies PayCore's paid callback", () => {
  it("makes exactly one order, one payment and one capture once PayCore's retry reaches the restarted server, and the callback log ends in a 200", async () => {
    const { store, sandbox, databaseUrl } = stack.current
    const cart = await store.cartReadyForPayment("usd")
    const { session, status, error } = await store.startPaycorePayment(cart.id)
    if (!session) throw new Error(`no PayCore session (${status}): ${JSON.stringify(error)}`)
    const invoiceId = invoiceIdOf(session)

    // Hold Medusa's live read of this invoice for 10 minutes: the callback cannot finish before the kill.
    const fault = sandbox.addFault({
      method: "GET",
      path: `/api/payment-invoices/${invoiceId}`,
      kind: "delay",
      delayMs: 10 * 60_000,
    })
    const paidAt = Date.now()
    sandbox.payInvoice(invoiceId)
    await pollUntil(
      async () => {
        const response = await fetch(`${sandbox.url}/_sandbox/faults`)
        const { faults } = (await response.json()) as { faults: Array<{ id: number }> }
        return !faults.some((rule) => rule.id === fault.id)
      },
      { timeoutMs: 2 * 60_000, intervalMs: 25, describe: "Medusa's GET of the paid invoice reaching the sandbox" }
    )
    const inFlight = Date.now()
    // The paid callback's delivery is still waiting for Medusa's answer (the log gets an entry per finished attempt).
    expect(sandbox.callbackLog({ invoiceId, status: "processed" })).toHaveLength(0)
    expect(sandbox.callbackLog({ invoiceId, status: "processing" }).map((entry) => entry.responseStatus)).toEqual([200])

    await stack.current.killServer()
    const killedAt = Date.now()
    const leftBehind = await withDatabase(databaseUrl, (client) => lockRows(client, [cart.id]))
    // The clock moves on: the crashed server's locks expire 20 s from now instead of Medusa's 2 minutes. Until
    // then they are held (PayCore's retries and the customer are refused), after that they are cleared.
    const aged = await withDatabase(databaseUrl, (client) => expireLocksIn(client, [cart.id], 20))
    console.log(
      `crash: paid → Medusa's GET of the invoice held after ${seconds(inFlight - paidAt)}; SIGKILL; ` +
        `lock rows left for the cart: ${JSON.stringify(leftBehind)}; ${aged} set to expire in 20 s`
    )

    await stack.current.restartServer()
    const restartedAt = Date.now()
    // The customer comes back meanwhile and completes the cart: what does the crashed lock do to that?
    const customer = store.completeCart(cart.id).then(
      (answer) => ({
        status: answer.status,
        after: seconds(Date.now() - restartedAt),
        body: JSON.stringify(answer.data).slice(0, 200),
      }),
      (error: Error) => ({ status: 0, after: seconds(Date.now() - restartedAt), body: error.message })
    )
    const orderId = await pollUntil(
      () =>
        withDatabase(
          databaseUrl,
          async (client) => (await checkoutFacts(client, [cart.id])).ordersPerCart.get(cart.id)?.[0]
        ),
      { timeoutMs: 8 * 60_000, intervalMs: 500, describe: `an order for cart ${cart.id} after the restart` }
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${stack.current.serverLogTail(4000)}`)
    })
    const orderAt = Date.now()
    await sandbox.callbacksIdle()
    const customerAnswer = await customer
    console.log(
      `crash: the customer's completion right after the restart answered ${customerAnswer.status} after ${customerAnswer.after}: ${customerAnswer.body}`
    )

    const facts = await withDatabase(databaseUrl, (client) => checkoutFacts(client, [cart.id]))
    const locks = await withDatabase(databaseUrl, (client) => lockRows(client, [cart.id]))
    const record = await withDatabase(
      databaseUrl,
      async (client) =>
        (
          await client.query(`select status, outcome, order_id from paycore_payment_invoice where invoice_id = $1`, [
            invoiceId,
          ])
        ).rows
    )
    const attempts = sandbox.callbackLog({ invoiceId, status: "processed" })
    const answers: Record<string, number> = {}
    for (const entry of attempts) {
      const key =
        entry.responseStatus === null ? (entry.error ?? "no answer").slice(0, 40) : String(entry.responseStatus)
      answers[key] = (answers[key] ?? 0) + 1
    }
    const log = stack.current.serverLogTail(2_000_000)
    console.log(
      `crash: server back ${seconds(restartedAt - killedAt)} after the kill; order ${orderId} ${seconds(orderAt - restartedAt)} ` +
        `after the restart; paid callback attempts ${attempts.length} ${JSON.stringify(answers)}; ` +
        `"will be retried" log lines ${(log.match(/will be retried by PayCore/g) ?? []).length}; ` +
        `stale cart locks cleared ${(log.match(/expired lock on cart/g) ?? []).length}`
    )

    expect(facts.ordersPerCart.get(cart.id)).toEqual([orderId])
    expect(facts.payments).toHaveLength(1)
    expect(facts.payments[0]).toMatchObject({ session_id: session.id, captures: 1 })
    expect(facts.payments[0].captured_at).not.toBeNull()
    expect(record).toEqual([{ status: "processed", outcome: "order_created", order_id: orderId }])
    expect(locks).toEqual([])
    const last = attempts[attempts.length - 1]
    expect(last).toMatchObject({ outcome: "delivered", responseStatus: 200 })
    expect(attempts.length).toBeGreaterThan(1)
    expect(aged).toBeGreaterThan(0)

    if (customerAnswer.status === 200) expect(customerAnswer.body).toContain(orderId)
    // The customer coming back now completes the cart to the same order.
    const completed = await store.completeCart(cart.id)
    expect(completed.status).toBe(200)
    expect(completed.data).toMatchObject({ type: "order", order: { id: orderId } })
  })
})
