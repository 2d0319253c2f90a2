// The PayCore check from the admin API (`POST` / `GET /admin/paycore/check`): a run is stored with the admin who ran
// it and moves the go-live checklist's `paycore_check` item; one run per provider at a time (409), here and across
// server instances (Medusa's lock); an unknown provider is a 400 naming provider_id; the run changes none of the
// shop's data and never shows the API key — against real Medusa, PostgreSQL and the sandbox.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import { seedDemoData } from "../../demo/seed"
import { PAYCORE_MODULE } from "../../src/modules/paycore"
import type { PaycoreModuleService } from "../../src/modules/paycore/service"
import { paycoreCheckAccount, paycoreCheckLockKey, runAndRecordPaycoreCheck } from "../../src/paycore-check/record"
import { adminHeaders } from "../helpers/admin"
import { usePaycoreSandbox } from "../helpers/paycore-sandbox"
import { storeClient } from "../helpers/store-flow"

jest.setTimeout(180 * 1000)

const PROVIDER = "pp_paycore_paycore"

/** The shop's data a PayCore check must leave alone: the plugin's tables and Medusa's payments. */
const SHOP_TABLES = [
  "paycore_callback",
  "paycore_payment_invoice",
  "paycore_payout",
  "paycore_payout_setting",
  "payment_collection",
  "payment_session",
  "payment",
  "refund",
  "cart",
  "order",
]

// A PayCore whose balances endpoint the shop named (balancesPath): the check reads it, payouts are held to it.
const BALANCES_PATH = "/api/balances"
const sandbox = usePaycoreSandbox({ balancesEndpoint: BALANCES_PATH })
beforeAll(() => {
  process.env.PAYCORE_BALANCES_PATH = BALANCES_PATH
})
afterAll(() => {
  delete process.env.PAYCORE_BALANCES_PATH
})

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }

    beforeEach(async () => {
      sandbox.current.reset()
      admin = await adminHeaders(api, getContainer())
    })

    const call = (method: "get" | "post", url: string, data?: unknown, auth: unknown = admin) =>
      api.request({ method, url, data, ...(auth ?? {}), validateStatus: () => true })
    const checklistItem = async () => {
      const status = await call("get", "/admin/paycore/status")
      expect(status.status).toBe(200)
      return status.data.checklist.find((entry: any) => entry.id === "paycore_check")
    }

    it("runs the check, stores it with the admin who ran it, and the go-live checklist follows; the shop's data is untouched", async () => {
      // Some shop data first: a cart with a PayCore payment session.
      const store = storeClient(api, await seedDemoData(getContainer()))
      const cart = await store.cartReadyForPayment("usd")
      expect((await store.startPaycorePayment(cart.id)).session).toBeTruthy()
      await sandbox.current.callbacksIdle()

      const pending = await checklistItem()
      expect(pending).toEqual({
        id: "paycore_check",
        title: "PayCore check passed",
        status: "pending",
        detail: "Run the PayCore check on this page before the first live payment.",
      })
      const statusItems = (await call("get", "/admin/paycore/status")).data.checklist.map((entry: any) => entry.id)
      expect(statusItems.slice(0, 2)).toEqual(["private_api", "paycore_check"])
      expect((await call("get", "/admin/paycore/check")).data).toEqual({ check: null })

      // PayCore's callbacks for the check's test invoices and payouts go to the account's default callback URL: the shop.
      sandbox.current.updateConfig({ callbackUrl: `http://localhost:${sandbox.appPort}/hooks/paycore` })
      const before = await countRows(getContainer())
      const me = (await call("get", "/admin/users/me")).data.user.id as string
      const ran = await call("post", "/admin/paycore/check", {})
      expect(ran.status).toBe(200)
      const { check } = ran.data
      expect(check).toMatchObject({
        run_id: expect.stringMatching(/^pcchk_/),
        created_at: expect.any(String),
        run_by: me,
        report: {
          account_id: sandbox.current.config.accountId,
          base_url: sandbox.current.url,
          passed: true,
          counts: expect.objectContaining({ differs: 0 }),
        },
      })
      expect(check.report.rows).toContainEqual(expect.objectContaining({ id: "credentials", verdict: "ok" }))
      for (const reference of check.report.references) expect(reference).toMatch(/^paycore-check-/)

      // Read back: the same run, the newest for the provider, by provider_id or as the only provider.
      const last = await call("get", "/admin/paycore/check")
      expect(last.status).toBe(200)
      expect(last.data.check).toEqual(check)
      expect((await call("get", `/admin/paycore/check?provider_id=${PROVIDER}`)).data.check.run_id).toBe(check.run_id)

      const passed = await checklistItem()
      expect(passed).toMatchObject({ status: "ok", detail: `PayCore check passed on ${check.created_at}.` })

      // Nothing of the shop changed, including after PayCore's callbacks for the check's test invoices.
      await sandbox.current.callbacksIdle()
      expect(await countRows(getContainer())).toEqual(before)
      const checkCallbacks = sandbox.current
        .callbackLog()
        .filter((entry) => entry.body.includes('"reference_id":"paycore-check-'))
      expect(checkCallbacks.length).toBeGreaterThan(0)
      for (const entry of checkCallbacks) {
        expect(entry).toMatchObject({ outcome: "delivered", responseStatus: 200 })
        expect(JSON.parse(entry.responseBody!)).toEqual({ received: true, outcome: "ignored", reason: "paycore_check" })
      }
      expect(check.report.rows).toContainEqual(expect.objectContaining({ id: "balances", verdict: "ok" }))

      const apiKey = sandbox.current.config.apiKey
      expect(JSON.stringify(ran.data)).not.toContain(apiKey)
      expect(JSON.stringify(last.data)).not.toContain(apiKey)
    })

    it("fails the checklist item while the newest run found differences", async () => {
      const paycore = getContainer().resolve<PaycoreModuleService>(PAYCORE_MODULE)
      const report = (passed: boolean, differs: number) => ({
        started_at: new Date().toISOString(),
        finished_at: new Date().toISOString(),
        base_url: sandbox.current.url,
        account_id: sandbox.current.config.accountId,
        references: [],
        rows: [],
        counts: { ok: 3, differs, not_available: 0 },
        passed,
      })
      await paycore.createPaycoreCheckRuns({ provider_id: PROVIDER, passed: true, report: report(true, 0) })
      await new Promise((resolve) => setTimeout(resolve, 20))
      const failed = await paycore.createPaycoreCheckRuns({
        provider_id: PROVIDER,
        passed: false,
        report: report(false, 2),
      })
      const item = await checklistItem()
      expect(item.status).toBe("failed")
      expect(item.detail).toBe(
        `The PayCore check on ${new Date(failed.created_at).toISOString()} found 2 differences: see PayCore check below.`
      )
      expect((await call("get", "/admin/paycore/check")).data.check).toMatchObject({
        run_id: failed.id,
        run_by: null,
        report: { passed: false },
      })
    })

    it("refuses a second run while one is under way: 409 when another server holds the lock, and in this process", async () => {
      // Another server instance running the check: it holds Medusa's lock on the provider.
      const locking = getContainer().resolve(Modules.LOCKING)
      let release = () => {}
      let held = () => {}
      const holding = new Promise<void>((resolve) => (held = resolve))
      const holder = locking.execute(
        paycoreCheckLockKey(PROVIDER),
        () =>
          new Promise<void>((resolve) => {
            release = resolve
            held()
          }),
        { timeout: 10 }
      )
      await holding
      // Refused while the other run still holds the lock: after the route's 1 s wait, not when the other run ends.
      const refused = await Promise.race([
        call("post", "/admin/paycore/check", {}),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error("no answer while the lock is held")), 8000)
        ),
      ]).finally(() => release())
      await holder
      expect(refused.status).toBe(409)
      expect(refused.data).toEqual({
        type: "conflict",
        message: `a PayCore check is already running for ${PROVIDER}`,
      })
      expect((await call("get", "/admin/paycore/check")).data.check).toBeNull()

      // Two runs at the same moment in this process: one runs, the other is refused at once (and the lock the
      // refused HTTP request waited for is free again).
      const container: MedusaContainer = getContainer()
      const account = paycoreCheckAccount(container)
      const results = await Promise.allSettled([
        runAndRecordPaycoreCheck(container, account, "user_a"),
        runAndRecordPaycoreCheck(container, account, "user_b"),
      ])
      expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"])
      const rejection = results.find((result): result is PromiseRejectedResult => result.status === "rejected")!
      expect(rejection.reason).toBeInstanceOf(MedusaError)
      expect(rejection.reason.type).toBe(MedusaError.Types.CONFLICT)
      expect(rejection.reason.message).toBe(`a PayCore check is already running for ${PROVIDER}`)
      const runs = await getContainer().resolve<PaycoreModuleService>(PAYCORE_MODULE).listPaycoreCheckRuns({})
      expect(runs).toHaveLength(1)
      expect(runs[0].run_by).toMatch(/^user_[ab]$/)
    })

    it("shows the payout currency's PayCore balance and refuses a larger payout before it is sent", async () => {
      const settings = await call("post", "/admin/paycore/payouts/settings", {
        enabled: true,
        require_approval: false,
        currencies: { USD: { services: ["payment_card_usd"], default_service: "payment_card_usd" } },
      })
      expect(settings.status).toBe(200)
      const services = await call("get", "/admin/paycore/payouts/payout-services?currency=usd")
      expect(services.status).toBe(200)
      expect(services.data).toMatchObject({ balance: { currency: "USD", available: "10000" }, balance_note: null })

      const [customer] = await getContainer()
        .resolve(Modules.CUSTOMER)
        .createCustomers([{ email: `payee-${Date.now()}@paycore-tests.com` }])
      const payout = (amount: number | string) =>
        call("post", "/admin/paycore/payouts", {
          amount,
          currency: "usd",
          fields: { card_number: "5519283812030000" },
          customer_id: customer.id,
        })
      const tooMuch = await payout("10000.01")
      expect(tooMuch.status).toBe(400)
      expect(tooMuch.data.message).toBe("amount: 10000.01 USD is more than the PayCore balance of 10000 USD")
      expect((await call("get", "/admin/paycore/payouts")).data.count).toBe(0)
      expect(await paycorePayoutCount()).toBe(0)

      const fits = await payout(25)
      expect(fits.status).toBe(201)
      await sandbox.current.callbacksIdle()
      const after = await call("get", "/admin/paycore/payouts/payout-services?currency=usd")
      expect(after.data.balance).toEqual({ currency: "USD", available: "9975" })
      expect(await paycorePayoutCount()).toBe(1)
    })

    /** Payout invoices at PayCore (the sandbox's Private API list). */
    async function paycorePayoutCount(): Promise<number> {
      const { accountId, apiKey } = sandbox.current.config
      const answer = await fetch(`${sandbox.current.url}/api/payout-invoices`, {
        headers: { authorization: `Basic ${Buffer.from(`${accountId}:${apiKey}`).toString("base64")}` },
      })
      return ((await answer.json()) as { data: unknown[] }).data.length
    }

    it("answers 400 naming provider_id for an unknown provider, and 401 without an admin login", async () => {
      for (const [method, url, body] of [
        ["post", "/admin/paycore/check", { provider_id: "pp_paycore_nope" }],
        ["get", "/admin/paycore/check?provider_id=pp_paycore_nope", undefined],
      ] as const) {
        const answer = await call(method, url, body)
        expect(answer.status).toBe(400)
        expect(answer.data.message).toBe("provider_id: pp_paycore_nope is not a registered PayCore provider")
      }
      const notPaycore = await call("post", "/admin/paycore/check", { provider_id: "pp_stripe_stripe" })
      expect(notPaycore.status).toBe(400)
      expect(notPaycore.data.message).toMatch(/^provider_id: must be a PayCore provider id/)
      const unknownField = await call("post", "/admin/paycore/check", { mode: "live" })
      expect(unknownField.status).toBe(400)
      expect(unknownField.data.message).toMatch(/mode: is not a known field/)

      expect((await call("post", "/admin/paycore/check", {}, null)).status).toBe(401)
      expect((await call("get", "/admin/paycore/check", undefined, null)).status).toBe(401)
      const runs = await getContainer().resolve<PaycoreModuleService>(PAYCORE_MODULE).listPaycoreCheckRuns({})
      expect(runs).toHaveLength(0)
    })
  },
})

async function countRows(container: MedusaContainer): Promise<Record<string, number>> {
  const db = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const counts: Record<string, number> = {}
  for (const table of SHOP_TABLES) {
    const { rows } = await db.raw(`select count(*)::int as n from "${table}"`)
    counts[table] = rows[0].n
  }
  return counts
}
