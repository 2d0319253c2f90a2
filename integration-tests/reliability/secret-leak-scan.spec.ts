// A leak scan over one whole run of the shop: a checkout paid on PayCore's hosted payment page with a test card
// (3-D Secure), the signed callback that makes the order, a refund from the admin (its first attempt answered 502
// by PayCore), two payouts to a card (one sent, one waiting for approval), two refused forgeries (one carrying a full
// card number), a customer who saves the card on one payment and pays a second cart with PayCore's token, and the
// admin's order and saved-card views. Everything the run left behind is searched: the Medusa server's log (at
// debug level), every store and admin API answer the test received, the payment sessions' and payments' `data`, the
// plugin's own tables (payouts and their settings included) and Medusa's stored workflow executions. None may
// contain PayCore's API key, the Basic-auth value made from it, either private key, the payout approval secret, the
// saved-card key or token, or a full card number (13–19 digits passing Luhn; a first-6 + last-4 mask is allowed).
import crypto from "node:crypto"
import fs from "node:fs"
import { axiosLike, pollUntil, type RecordedAnswer, useMedusaStack } from "../browser/harness"
import { PAYCORE_PROVIDER_ID } from "../../demo/seed"
import { giveCartTo, loggedInCustomer } from "../helpers/customer"
import { TEST_CARDS, payOnHpp } from "../helpers/hpp"
import { signCallbackBody } from "../../sandbox/src"
import { withDatabase } from "./support/db"
import { cardNumbersIn, findLeaks, type Leak, type Secret } from "./support/leaks"
import { invoiceIdOf } from "../helpers/store-flow"

jest.setTimeout(15 * 60_000)

// Keys of this run only, so that nothing else can contain them by chance.
const nonce = crypto.randomBytes(8).toString("hex")
const keys = {
  accountId: `coma_LeakScan${nonce}`,
  apiKey: `leakscan_api_key_${nonce}`,
  testPrivateKey: `sk_test_leakscan_${nonce}`,
  livePrivateKey: `sk_live_leakscan_${nonce}`,
}
const approvalSecret = crypto.randomBytes(32).toString("base64")
const savedCardKey = crypto.randomBytes(32).toString("base64")
const basicAuth = Buffer.from(`${keys.accountId}:${keys.apiKey}`).toString("base64")
const secrets: Secret[] = [
  { name: "API key", value: keys.apiKey },
  // Unpadded: also found when the padding differs or the value is cut at the end.
  { name: "Basic-auth value (base64 of accountId:apiKey)", value: basicAuth.replace(/=+$/, "") },
  { name: "test private key", value: keys.testPrivateKey },
  { name: "live private key", value: keys.livePrivateKey },
  { name: "payout approval secret", value: approvalSecret },
  { name: "saved card key", value: savedCardKey },
]

const answers: RecordedAnswer[] = []
const stack = useMedusaStack({
  command: "start",
  admin: false,
  log: (line) => console.log(`[reliability] ${line}`),
  sandbox: keys,
  // Debug is where client libraries put request details; the plugin's PayCore client logs there too.
  env: { LOG_LEVEL: "debug", PAYCORE_PAYOUT_APPROVAL_SECRET: approvalSecret, PAYCORE_SAVED_CARD_KEY: savedCardKey },
  onResponse: (answer) => answers.push(answer),
})

describe("secrets and card numbers over a full run", () => {
  it("finds no API key, Basic-auth value, private key, saved-card key or token, or full card number in the server log, the API answers or the stored data", async () => {
    const { store, sandbox, databaseUrl } = stack.current
    const card = TEST_CARDS.success3ds

    // The detector itself: each secret and the card are found when present, the card's mask is not.
    const probe = `${secrets.map((secret) => secret.value).join(" ")} ${card.number} ${card.number.slice(0, 6)}******${card.number.slice(-4)}`
    expect(new Set(findLeaks(probe, "probe", secrets).map((leak) => leak.secret)).size).toBe(secrets.length + 1)
    expect(cardNumbersIn(`${card.number.slice(0, 6)}******${card.number.slice(-4)} 1764316800123`)).toEqual([])

    // Checkout: the customer pays on the hosted payment page with a 3-D Secure test card.
    const cart = await store.cartReadyForPayment("usd")
    const { session, status, error } = await store.startPaycorePayment(cart.id)
    if (!session) throw new Error(`no PayCore session (${status}): ${JSON.stringify(error)}`)
    const invoiceId = invoiceIdOf(session)
    const hpp = await payOnHpp(session.data.hpp_url, card)
    expect(hpp.steps).toContain("3ds")
    const orderId = await stack.current.waitForOrder(cart.id)
    await sandbox.callbacksIdle()

    // A refund from the admin; PayCore's first answer to it is a 502.
    const order = await stack.current.adminRequest(
      "get",
      `/admin/orders/${orderId}?fields=*payment_collections.payments`
    )
    expect(order.status).toBe(200)
    const paymentId = order.data.order.payment_collections[0].payments[0].id as string
    sandbox.addFault({ method: "POST", path: "/api/payment-invoices/*/refund", kind: "status", status: 502 })
    let refund = await stack.current.adminRequest("post", `/admin/payments/${paymentId}/refund`, { amount: 5 })
    const firstRefundStatus = refund.status
    if (refund.status !== 200)
      refund = await stack.current.adminRequest("post", `/admin/payments/${paymentId}/refund`, { amount: 5 })
    expect(refund.status).toBe(200)
    await sandbox.callbacksIdle()

    // Two payouts to a full card number: one sent to PayCore at once, one left waiting for a second admin.
    const payoutCard = "5123817234060000"
    const usd = { USD: { services: ["payment_card_usd"], default_service: "payment_card_usd" } }
    const settings = await stack.current.adminRequest("post", "/admin/paycore/payouts/settings", {
      enabled: true,
      currencies: usd,
    })
    expect(settings.status).toBe(200)
    const payout = { amount: "7.00", currency: "usd", fields: { card_number: payoutCard }, order_id: orderId }
    const sent = await stack.current.adminRequest("post", "/admin/paycore/payouts", payout)
    expect(sent.status).toBe(201)
    await stack.current.adminRequest("post", "/admin/paycore/payouts/settings", { require_approval: true })
    const waiting = await stack.current.adminRequest("post", "/admin/paycore/payouts", payout)
    expect([waiting.status, waiting.data.payout.status]).toEqual([201, "pending_approval"])
    await sandbox.callbacksIdle()

    // Two forgeries: the paid callback with a full card number added and signed with a wrong key, and one unsigned.
    const paid = sandbox.callbackLog({ invoiceId, status: "processed" }).find((entry) => entry.responseStatus === 200)!
    const forgedBody = paid.body.replace(
      '"attributes":{',
      `"attributes":{"card_number":"${TEST_CARDS.success.number}",`
    )
    expect(forgedBody).not.toBe(paid.body)
    const postCallback = async (headers: Record<string, string>) => {
      const response = await fetch(`${stack.current.url}/hooks/paycore`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: forgedBody,
      })
      const body = await response.text()
      answers.push({
        baseUrl: stack.current.url,
        method: "POST",
        path: "/hooks/paycore",
        status: response.status,
        body,
      })
      return response.status
    }
    const forged = await postCallback({ "x-signature": signCallbackBody(forgedBody, `sk_test_forger_${nonce}`) })
    const unsigned = await postCallback({})
    expect([forged, unsigned]).toEqual([401, 401])

    // Saved cards: a customer saves the card paying one cart and pays a second with it, by PayCore's token.
    const api = axiosLike(stack.current.request)
    const customer = await loggedInCustomer(api, stack.current.seed, `leakscan-${nonce}@paycore-tests.com`)
    const paySession = async (data: Record<string, unknown>) => {
      const ready = await store.cartReadyForPayment("usd", 1, customer.email)
      await giveCartTo(api, ready.id, customer)
      const collection = await store.call("post", "/store/payment-collections", { cart_id: ready.id })
      const created = await stack.current.request(
        "post",
        `/store/payment-collections/${collection.data.payment_collection.id}/payment-sessions`,
        { provider_id: PAYCORE_PROVIDER_ID, data },
        customer.headers
      )
      expect(created.status).toBe(200)
      return { cartId: ready.id, session: created.data.payment_collection.payment_sessions[0] }
    }
    const saving = await paySession({ save_card: true })
    await payOnHpp(saving.session.data.hpp_url, TEST_CARDS.success)
    await stack.current.waitForOrder(saving.cartId)
    const [token] = sandbox.listTokens({ customerReferenceId: customer.id })
    secrets.push({ name: "saved card token", value: token.token })
    const listed = await pollUntil(
      async () => {
        const cards = await stack.current.request("get", "/store/paycore/saved-cards", undefined, customer.headers)
        return cards.data.saved_cards?.length ? cards.data.saved_cards : undefined
      },
      { timeoutMs: 30_000, describe: "the saved card listed" }
    )
    const paying = await paySession({ saved_card_id: listed[0].id })
    expect((await store.completeCart(paying.cartId)).status).toBe(200)
    const customerView = await stack.current.adminRequest("get", `/admin/paycore/customers/${customer.id}/saved-cards`)
    expect(customerView.data.saved_cards).toHaveLength(1)
    await sandbox.callbacksIdle()

    // What an admin looks at, and what the storefront sees afterwards.
    const views = [
      `/admin/orders/${orderId}`,
      `/admin/orders/${orderId}?fields=*payment_collections.payments,*payment_collections.payment_sessions`,
      `/admin/paycore/orders/${orderId}`,
      `/admin/paycore/status`,
    ]
    const viewStatuses: number[] = []
    for (const view of views) viewStatuses.push((await stack.current.adminRequest("get", view)).status)
    expect(viewStatuses.slice(0, 3)).toEqual([200, 200, 200])
    const completed = await store.completeCart(cart.id)
    expect(completed.status).toBe(200)
    await store.call("get", `/store/carts/${cart.id}?fields=*payment_collection.payment_sessions`)

    // Everything the run left behind.
    const serverLog = fs.readFileSync(stack.current.serverLogFile, "utf8")
    const stored = await withDatabase(databaseUrl, async (client) => {
      const tables = [
        "payment_session",
        "payment",
        "refund",
        "capture",
        "paycore_payment_invoice",
        "paycore_callback",
        "paycore_payout",
        "paycore_payout_setting",
        "paycore_saved_card",
        "workflow_execution",
      ]
      const rows: Array<{ source: string; text: string }> = []
      for (const table of tables) {
        const present = await client.query(`select to_regclass($1) is not null as present`, [table])
        expect([table, present.rows[0].present]).toEqual([table, true])
        const result = await client.query(`select * from ${table}`)
        for (const row of result.rows) rows.push({ source: `${table} ${row.id}`, text: JSON.stringify(row) })
      }
      return rows
    })
    const sessionsAndPayments = stored.filter((row) => /^(payment_session|payment) /.test(row.source))

    const leaks: Leak[] = [
      ...findLeaks(serverLog, "medusa.log", secrets),
      ...answers.flatMap((answer) =>
        findLeaks(answer.body, `${answer.method} ${answer.path} → ${answer.status}`, secrets)
      ),
      ...stored.flatMap((row) => findLeaks(row.text, row.source, secrets)),
    ]
    const masks = [
      ...new Set(
        [serverLog, ...answers.map((a) => a.body), ...stored.map((r) => r.text)]
          .join("\n")
          .match(/\b\d{6}\*{2,9}\d{4}\b/g) ?? []
      ),
    ]
    console.log(
      `leak scan: server log ${(serverLog.length / 1024).toFixed(0)} KiB (${serverLog.split("\n").length} lines, LOG_LEVEL=debug); ` +
        `${answers.length} API answers (${(answers.reduce((sum, a) => sum + a.body.length, 0) / 1024).toFixed(0)} KiB); ` +
        `${sessionsAndPayments.length} payment session/payment rows and ${stored.length - sessionsAndPayments.length} other stored rows; ` +
        `first refund attempt ${firstRefundStatus}; forgeries ${forged}/${unsigned}; admin views ${viewStatuses.join("/")}; ` +
        `card masks seen ${JSON.stringify(masks)}; leaks ${leaks.length}`
    )
    if (leaks.length)
      console.log(
        `leaks:\n${leaks
          .slice(0, 30)
          .map((l) => `  ${l.secret} in ${l.source}: …${l.excerpt}…`)
          .join("\n")}`
      )

    expect(sessionsAndPayments.length).toBeGreaterThanOrEqual(2)
    expect(stored.filter((row) => row.source.startsWith("paycore_payout ")).length).toBe(2)
    expect(answers.length).toBeGreaterThan(10)
    expect(leaks).toEqual([])
  })
})
