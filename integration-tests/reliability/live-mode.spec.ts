// A live shop under `medusa start` that still has its test private key configured (as many do, the test key being
// shared with developers and CI). A storm of PayCore test callbacks, genuinely signed with sk_test, that name its
// live payment sessions (paid and failed states, each several times, shuffled) and its live payout: every one is
// answered 200 `wrong_mode` (no 5xx, so PayCore has nothing to retry), and nothing changes. A live callback still
// makes an order afterwards.
import fs from "node:fs"
import path from "node:path"
import { Pool } from "undici"
import { phpJsonEncode, signCallbackBody } from "../../sandbox/src"
import { useMedusaStack } from "../browser/harness"
import { inParallel } from "../helpers/storm"
import { checkoutFacts, withDatabase } from "./support/db"
import { invoiceIdOf } from "../helpers/store-flow"

jest.setTimeout(20 * 60_000)

const CARTS = 12
const COPIES = 4

const stack = useMedusaStack({
  command: "start",
  admin: false,
  log: (line) => console.log(`[reliability] ${line}`),
  env: {
    PAYCORE_TEST_MODE: "false",
    // The sandbox's live public key (its published default); the test private key stays configured.
    PAYCORE_PUBLIC_KEY: "pk_live_sandbox_public_key",
    PAYCORE_PAYOUT_APPROVAL_SECRET: "kP3vX9qL2mR7tW1zB8nC5fH0jS6yD4gAeU2iO9xQwE=",
  },
})

describe("a live shop that still has its test key", () => {
  it("answers every test-signed callback for its live sessions and payout 200 wrong_mode and changes nothing", async () => {
    const { store, sandbox, databaseUrl } = stack.current
    const testKey = sandbox.config.testPrivateKey
    sandbox.setCallbackMode({ suppress: true })

    const checkouts = await inParallel(
      Array.from({ length: CARTS }, (_, i) => i),
      3,
      async (i) => {
        const cart = await store.cartReadyForPayment("usd", 1, `live-${i}@paycore-tests.com`)
        const { session, status, error } = await store.startPaycorePayment(cart.id)
        if (!session) throw new Error(`no PayCore session (${status}): ${JSON.stringify(error)}`)
        expect(session.data.test_mode).toBe(false)
        return {
          cartId: cart.id,
          sessionId: session.id as string,
          invoiceId: invoiceIdOf(session),
        }
      }
    )

    // A live payout, paid out by PayCore.
    const usd = { USD: { services: ["payment_card_usd"], default_service: "payment_card_usd" } }
    expect(
      (await stack.current.adminRequest("post", "/admin/paycore/payouts/settings", { enabled: true, currencies: usd }))
        .status
    ).toBe(200)
    const payout = await stack.current.adminRequest("post", "/admin/paycore/payouts", {
      amount: "9.00",
      currency: "usd",
      fields: { card_number: "5123817234060000" },
      customer_id: (await stack.current.adminRequest("get", "/admin/customers?limit=1")).data.customers[0].id,
    })
    expect(payout.status).toBe(201)
    expect(payout.data.payout.test_mode).toBe(false)
    const payoutBefore = (await stack.current.adminRequest("get", `/admin/paycore/payouts/${payout.data.payout.id}`))
      .data.payout

    // Test states for the live sessions: what a holder of sk_test can make PayCore's test mode produce, or forge.
    const deliveries: Array<{ body: string; signature: string }> = []
    for (const checkout of checkouts) {
      const live = sandbox.getPaymentInvoice(checkout.invoiceId)!.data as any
      for (const status of ["processed", "process_failed", "expired"]) {
        const attributes = {
          ...live.attributes,
          status,
          test_mode: true,
          processed_amount: live.attributes.amount,
          updated: live.attributes.updated + 60,
        }
        const body = phpJsonEncode({ data: { ...live, attributes } })
        for (let copy = 0; copy < COPIES; copy++) deliveries.push({ body, signature: signCallbackBody(body, testKey) })
      }
    }
    const payoutBody = JSON.stringify({
      data: {
        type: "payout-invoices",
        id: payoutBefore.invoice_id ?? "cpoi_Unknown",
        attributes: {
          status: "process_failed",
          currency: "USD",
          amount: 9,
          reference_id: payoutBefore.reference_id,
          updated: 4_000_000_000,
        },
      },
    })
    for (let copy = 0; copy < COPIES; copy++)
      deliveries.push({ body: payoutBody, signature: signCallbackBody(payoutBody, testKey) })

    const pool = new Pool(stack.current.url, { connections: 8 })
    const answers = new Map<string, number>()
    await inParallel(deliveries, 8, async (delivery) => {
      const response = await pool.request({
        method: "POST",
        path: "/hooks/paycore",
        headers: { "content-type": "application/json", "x-signature": delivery.signature },
        body: delivery.body,
      })
      const body = (await response.body.json()) as { outcome?: string }
      const key = `${response.statusCode} ${body.outcome ?? "-"}`
      answers.set(key, (answers.get(key) ?? 0) + 1)
    })
    await pool.close()
    console.log(
      `live mode: ${deliveries.length} test-signed callbacks for live sessions and a payout: ${JSON.stringify(Object.fromEntries(answers))}`
    )
    expect(Object.fromEntries(answers)).toEqual({ "200 wrong_mode": deliveries.length })

    const facts = await withDatabase(databaseUrl, (client) =>
      checkoutFacts(
        client,
        checkouts.map((checkout) => checkout.cartId)
      )
    )
    expect(facts.ordersPerCart.size).toBe(0)
    const sessions = await withDatabase(databaseUrl, async (client) => {
      const result = await client.query(`select status from payment_session where id = any($1)`, [
        checkouts.map((c) => c.sessionId),
      ])
      return result.rows.map((row) => row.status)
    })
    expect(sessions).toEqual(Array(CARTS).fill("pending"))
    const refunds = (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as { refunds: number }
    expect(refunds.refunds).toBe(0)
    const payoutAfter = (await stack.current.adminRequest("get", `/admin/paycore/payouts/${payout.data.payout.id}`))
      .data.payout
    expect(payoutAfter.status).toBe(payoutBefore.status)

    // The live key still works: PayCore's own live callback makes the order.
    sandbox.clearCallbackMode()
    sandbox.payInvoice(checkouts[0].invoiceId)
    expect(await stack.current.waitForOrder(checkouts[0].cartId)).toMatch(/^order_/)
  })

  it("refuses to boot without payoutApprovalSecret while payouts need a second admin's approval", async () => {
    const approvals = await stack.current.adminRequest("post", "/admin/paycore/payouts/settings", {
      require_approval: true,
    })
    expect(approvals.status).toBe(200)
    const name = "no-approval-secret"
    await expect(
      stack.current.startInstance({ name, env: { PAYCORE_PAYOUT_APPROVAL_SECRET: "" }, timeoutMs: 120_000 })
    ).rejects.toThrow(/exited/)
    const log = fs.readFileSync(path.join(stack.current.logDir, `medusa-${name}.log`), "utf8")
    expect(log).toContain("pp_paycore_paycore has no payoutApprovalSecret option")
    // With the secret the same settings boot.
    const withSecret = await stack.current.startInstance({ name: "with-approval-secret", timeoutMs: 120_000 })
    expect((await withSecret.request("get", "/health")).status).toBe(200)
    await withSecret.stop()
  })
})
