// Payouts through PayCore's Private API: settings, validation, the create and approve workflows, payout callbacks
// (exactly once, newest wins), refresh, the status page's checklist — against real Medusa, PostgreSQL and the sandbox.
import type { AxiosInstance, AxiosResponse } from "axios"
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { ensureAdminUser, seedDemoData } from "../../demo/seed"
import { signCallbackBody } from "../../sandbox/src"
import { ADMIN, adminHeaders } from "../helpers/admin"
import { paidOrder } from "../helpers/checkout"
import { recordPayout } from "../helpers/payouts"
import { PAYCORE_MODULE, type PaycoreModuleService } from "../../src/modules/paycore"
import { concludeUnsettled } from "../../src/payouts/settle"
import { usePaycoreSandbox } from "../helpers/paycore-sandbox"
import { storeClient } from "../helpers/store-flow"
import { WorkflowResponse, createWorkflow } from "@medusajs/framework/workflows-sdk"
import {
  createPaycorePayoutWorkflow,
  sealPayoutDestination,
  type CreatePaycorePayoutWorkflowInput,
} from "../../src/workflows"

jest.setTimeout(120 * 1000)

/** PayCore's test cards (docs/paycore-notes.md, "Test cards"): the first pays out, the second fails. */
const CARD_OK = "5123817234060000"
const CARD_OK_2 = "5519283812030000"
const CARD_FAILS = "4302912837020000"
const FULL_CARDS = [CARD_OK, CARD_OK_2, CARD_FAILS]

// Everything this process writes (Medusa's logger, the PayCore client's logs, jest's console) is searched at the end.
const written: string[] = []
for (const stream of [process.stdout, process.stderr]) {
  const original = stream.write.bind(stream)
  stream.write = ((chunk: any, ...rest: any[]) => {
    written.push(String(chunk))
    return original(chunk, ...rest)
  }) as typeof stream.write
}
const answers: string[] = []
const logged: string[] = []

const sandbox = usePaycoreSandbox()

/** A store's own workflow around the plugin's, kept by Medusa in workflow_execution for an hour. */
const storedPayoutWorkflow = createWorkflow(
  { name: "test-stored-paycore-payout", store: true, retentionTime: 3600 },
  function (input: CreatePaycorePayoutWorkflowInput) {
    return new WorkflowResponse(createPaycorePayoutWorkflow.runAsStep({ input }))
  }
)

const SECOND_ADMIN = { email: "second-admin@paycore-tests.com", password: "second-secret" }

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let customerId: string
    let wired = false

    beforeEach(async () => {
      sandbox.current.reset()
      sandbox.current.updateConfig({ payoutAutoProcess: true, apiKey: "sandbox_api_key" })
      const container = getContainer()
      if (!wired) {
        wired = true
        wireCaptures(api, container)
      }
      admin = await adminHeaders(api, container)
      const [customer] = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers([{ email: "payee@paycore-tests.com" }])
      customerId = customer.id
    })

    const call = (method: "get" | "post", url: string, data?: unknown, auth = admin) =>
      api.request({ method, url, data, ...(auth ?? {}), validateStatus: () => true })
    const saveSettings = (settings: Record<string, unknown>) =>
      call("post", "/admin/paycore/payouts/settings", settings)
    const enableUsd = (extra: Record<string, unknown> = {}, usd: Record<string, unknown> = {}) =>
      saveSettings({
        enabled: true,
        require_approval: false,
        currencies: {
          USD: {
            services: ["payment_card_usd"],
            default_service: "payment_card_usd",
            min_amount: 5,
            max_amount: 1000,
            ...usd,
          },
        },
        ...extra,
      })
    const createPayout = (body: Record<string, unknown>, auth = admin) =>
      call(
        "post",
        "/admin/paycore/payouts",
        { amount: 25, currency: "usd", fields: { card_number: CARD_OK }, customer_id: customerId, ...body },
        auth
      )
    const getPayout = async (id: string) => (await call("get", `/admin/paycore/payouts/${id}`)).data.payout
    const paycoreSummary = async () =>
      (await fetch(`${sandbox.current.url}/_sandbox/state`)).json() as Promise<{
        payoutInvoices: number
        faults: unknown[]
      }>
    const callbackStatuses = (payout: any) =>
      payout.status_history.filter((entry: any) => entry.source === "callback").map((entry: any) => entry.status)

    it("answers 401 without an admin login on every route", async () => {
      const routes: Array<["get" | "post", string]> = [
        ["get", "/admin/paycore/payouts/settings"],
        ["post", "/admin/paycore/payouts/settings"],
        ["get", "/admin/paycore/payouts/payout-services?currency=USD"],
        ["get", "/admin/paycore/payouts"],
        ["post", "/admin/paycore/payouts"],
        ["get", "/admin/paycore/payouts/pcpo_01ABC"],
        ["post", "/admin/paycore/payouts/pcpo_01ABC/approve"],
        ["post", "/admin/paycore/payouts/pcpo_01ABC/refresh"],
        ["get", "/admin/paycore/status"],
      ]
      for (const [method, url] of routes) {
        const answer = await call(method, url, {}, { headers: {} })
        expect([url, answer.status]).toEqual([url, 401])
      }
    })

    it("keeps the payout settings: defaults, a round trip, and a 400 naming the field that changes nothing", async () => {
      const defaults = await call("get", "/admin/paycore/payouts/settings")
      expect(defaults.status).toBe(200)
      expect(defaults.data.settings).toMatchObject({ enabled: false, require_approval: false, currencies: {} })

      const saved = await saveSettings({
        enabled: true,
        require_approval: true,
        currencies: {
          usd: {
            services: ["payment_card_usd"],
            default_service: "payment_card_usd",
            min_amount: "1.50",
            max_amount: 500,
          },
        },
      })
      expect(saved.status).toBe(200)
      const expected = {
        enabled: true,
        require_approval: true,
        currencies: {
          USD: {
            services: ["payment_card_usd"],
            default_service: "payment_card_usd",
            min_amount: 1.5,
            max_amount: 500,
          },
        },
      }
      expect(saved.data.settings).toMatchObject(expected)
      expect((await call("get", "/admin/paycore/payouts/settings")).data.settings).toMatchObject(expected)

      // Switching approvals off waits for a second admin (see below): it is only pending.
      const partial = await saveSettings({ require_approval: false })
      expect(partial.data.settings).toMatchObject({ ...expected, pending_change: { require_approval: false } })

      const bad = [
        [
          { currencies: { USD: { services: ["payment_card_usd"], default_service: "payment_card_eur" } } },
          "currencies.USD.default_service",
        ],
        [
          { currencies: { USD: { services: ["payment_card_usd"], min_amount: 10, max_amount: 5 } } },
          "currencies.USD.max_amount",
        ],
        [{ currencies: { USD: { services: ["payment_card_usd"], max_amount: 10.555 } } }, "currencies.USD.max_amount"],
        [{ currencies: { DOLLARS: { services: ["payment_card_usd"] } } }, "currencies.DOLLARS"],
        [{ enabled: "yes" }, "enabled"],
        [{ approval: true }, "approval"],
      ] as const
      for (const [body, field] of bad) {
        const answer = await saveSettings(body)
        expect(answer.status).toBe(400)
        expect(answer.data.message).toContain(field)
      }
      expect((await call("get", "/admin/paycore/payouts/settings")).data.settings).toMatchObject(expected)
    })

    it("lists PayCore's payout services for a currency with fields, limits and what the settings allow", async () => {
      await enableUsd()
      const answer = await call("get", "/admin/paycore/payouts/payout-services?currency=usd")
      expect(answer.status).toBe(200)
      expect(answer.data).toMatchObject({ currency: "USD", test_mode: true })
      expect(answer.data.services).toEqual([
        expect.objectContaining({
          code: "payment_card_usd",
          amount_min: 1,
          amount_max: 50000,
          allowed: true,
          is_default: true,
          fields: [
            expect.objectContaining({
              key: "card_number",
              regexp: "^[0-9]{13,19}$",
              required: true,
              label: expect.objectContaining({ en: "Card number" }),
            }),
          ],
        }),
      ])
      const bad = await call("get", "/admin/paycore/payouts/payout-services?currency=dollars")
      expect(bad.status).toBe(400)
      expect(bad.data.message).toContain("currency")
    })

    it("refuses payouts while disabled, outside the limits, in other currencies or services, and creates nothing", async () => {
      const disabled = await createPayout({})
      expect(disabled.status).toBe(400)
      expect(disabled.data.message).toMatch(/disabled/)

      const refusals: Array<[Record<string, unknown>, RegExp]> = [
        [{ amount: 2 }, /^amount: below the minimum payout of 5 USD/],
        [{ amount: 60_000 }, /^amount: outside PayCore's limits for payment_card_usd \(1 – 50000 USD\)/],
        [{ amount: 10.555 }, /^amount: USD has 2 decimal digits/],
        [{ currency: "EUR" }, /^currency: payouts in EUR are not enabled/],
        [{ service: "payment_card_eur" }, /^service: payment_card_eur is not allowed for USD payouts/],
      ]
      await enableUsd({}, { max_amount: null })
      for (const [body, message] of refusals) {
        const answer = await createPayout(body)
        expect([body, answer.status]).toEqual([body, 400])
        expect(answer.data.message).toMatch(message)
      }
      await enableUsd({}, { max_amount: 1000 })
      const aboveStoreMax = await createPayout({ amount: 1000.01 })
      expect(aboveStoreMax.status).toBe(400)
      expect(aboveStoreMax.data.message).toMatch(/^amount: above the maximum payout of 1000 USD/)

      expect((await call("get", "/admin/paycore/payouts")).data.count).toBe(0)
      expect((await paycoreSummary()).payoutInvoices).toBe(0)
    })

    it("validates the body and the destination fields against PayCore's rules, naming the field", async () => {
      await enableUsd()
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [
          { fields: { card_number: "1234" } },
          /^fields\.card_number: does not have the format payment_card_usd expects/,
        ],
        [{ fields: {} }, /^fields\.card_number: is required by payment_card_usd/],
        [{ fields: { card_number: CARD_OK, iban: "UA21" } }, /fields\.iban: is not a field of payment_card_usd/],
        [{ amount: "ten" }, /^amount: /],
        [{ amount: -5 }, /^amount: must be greater than 0/],
        [{ currency: "dollars" }, /^currency: /],
        [{ customer_id: undefined }, /^order_id: order_id or customer_id is required/],
        [{ order_id: "order_01NOTHERE" }, /^order_id: there is no order order_01NOTHERE/],
        [{ customer_id: "cus_01NOTHERE" }, /^customer_id: there is no customer/],
        [{ tip: 5 }, /^tip: is not a known field/],
      ]
      for (const [body, message] of cases) {
        const answer = await createPayout(body)
        expect([body, answer.status]).toEqual([body, 400])
        expect(answer.data.message).toMatch(message)
      }
      expect((await call("get", "/admin/paycore/payouts")).data.count).toBe(0)
      expect((await paycoreSummary()).payoutInvoices).toBe(0)
      // Card numbers typed with spaces are accepted (and sent without them).
      const spaced = await createPayout({ fields: { card_number: "5123 8172 3406 0000" } })
      expect(spaced.status).toBe(201)
      expect(spaced.data.payout.destination).toEqual({ card_number: "512381******0000" })
      await sandbox.current.callbacksIdle()
    })

    it("pays out to PayCore's test card: processed after the sandbox's callbacks, stored and shown masked", async () => {
      await enableUsd()
      const created = await createPayout({ amount: 42.5, description: "Refund for a returned parcel" })
      expect(created.status).toBe(201)
      const payout = created.data.payout
      expect(payout).toMatchObject({
        id: expect.stringMatching(/^pcpo_/),
        service: "payment_card_usd",
        amount: 42.5,
        currency_code: "usd",
        destination: { card_number: "512381******0000" },
        customer_id: customerId,
        test_mode: true,
        created_by: expect.stringMatching(/^user_/),
      })
      expect(payout.reference_id).toBe(payout.id)
      expect(payout.invoice_id).toMatch(/^cpoi_/)

      await sandbox.current.callbacksIdle()
      const done = await getPayout(payout.id)
      expect(done).toMatchObject({ status: "processed", outcome: "paid", resolution: "ok", processed_amount: 42.5 })
      expect(done.status_history[0]).toMatchObject({ status: "sending", source: "admin", actor: payout.created_by })
      expect(callbackStatuses(done)).toEqual(["processing", "processed"])

      const atPaycore = sandbox.current.getPayoutInvoice(payout.invoice_id)!.data.attributes
      expect(atPaycore).toMatchObject({
        reference_id: payout.id,
        amount: 42.5,
        currency: "USD",
        test_mode: true,
        status: "processed",
      })

      const listed = await call("get", `/admin/paycore/payouts?customer_id=${customerId}&status=processed&limit=5`)
      expect(listed.data).toMatchObject({ count: 1, limit: 5, offset: 0 })
      expect(listed.data.payouts[0].id).toBe(payout.id)
      expect((await call("get", "/admin/paycore/payouts?status=failed")).data.count).toBe(0)
      expect((await call("get", "/admin/paycore/payouts?status=paid")).status).toBe(400)
      expect((await call("get", "/admin/paycore/payouts/pcpo_01NOTHERE")).status).toBe(404)
      expect((await call("get", "/admin/paycore/payouts/not-an-id")).status).toBe(400)

      await expectNoFullCardInDatabase(getContainer())
    })

    it("keeps the full card number out of the database even inside a workflow that Medusa stores", async () => {
      // A store may run the exported workflow as a step of its own workflow with `store: true`: Medusa then
      // writes the input and step results to workflow_execution and keeps them. The destination travels sealed.
      await enableUsd()
      const { result } = await storedPayoutWorkflow(getContainer()).run({
        input: {
          amount: 12,
          currency: "usd",
          customer_id: customerId,
          created_by: null,
          sealed_fields: sealPayoutDestination({ card_number: CARD_OK_2 }),
        },
      })
      await sandbox.current.callbacksIdle()
      expect((await getPayout(result.id)).destination).toEqual({ card_number: "551928******0000" })
      const db = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      const { rows } = await db.raw(
        "select context::text as context from workflow_execution where workflow_id = 'test-stored-paycore-payout'"
      )
      expect(rows).toHaveLength(1)
      expect(rows[0].context).toContain("pcsd1.")
      await expectNoFullCardInDatabase(getContainer())
    })

    it("records a payout to a failing card as process_failed, linked to its order", async () => {
      await enableUsd()
      const seed = await seedDemoData(getContainer())
      const paid = await paidOrder(storeClient(api, seed), sandbox.current, getContainer())
      const created = await createPayout({
        fields: { card_number: CARD_FAILS },
        order_id: paid.orderId,
        customer_id: undefined,
      })
      expect(created.status).toBe(201)
      await sandbox.current.callbacksIdle()
      const payout = await getPayout(created.data.payout.id)
      expect(payout).toMatchObject({
        status: "process_failed",
        outcome: "failed",
        is_final: true,
        order_id: paid.orderId,
      })
      expect(payout.resolution).toBeTruthy()
      expect(payout.destination.card_number).toBe("430291******0000")
      const byOrder = await call("get", `/admin/paycore/payouts?order_id=${paid.orderId}`)
      expect(byOrder.data.payouts.map((p: any) => p.id)).toEqual([payout.id])
    })

    it("records a payout PayCore cancels", async () => {
      await enableUsd()
      sandbox.current.updateConfig({ payoutAutoProcess: false })
      const created = await createPayout({})
      expect(created.data.payout.status).toBe("created")
      sandbox.current.cancelPayout(created.data.payout.invoice_id)
      await sandbox.current.callbacksIdle()
      const payout = await getPayout(created.data.payout.id)
      expect(payout).toMatchObject({ status: "canceled", outcome: "canceled", is_final: true })
      expect(callbackStatuses(payout)).toEqual(["canceled"])
    })

    it("waits for a second admin: the creator cannot approve, the approver re-enters the destination", async () => {
      await enableUsd({ require_approval: true })
      const created = await createPayout({ fields: { card_number: CARD_OK_2 } })
      expect(created.status).toBe(201)
      const id = created.data.payout.id
      expect(created.data.payout).toMatchObject({
        status: "pending_approval",
        outcome: "awaiting_approval",
        invoice_id: null,
      })
      expect((await paycoreSummary()).payoutInvoices).toBe(0)
      await expectNoFullCardInDatabase(getContainer())

      const own = await call("post", `/admin/paycore/payouts/${id}/approve`, { fields: { card_number: CARD_OK_2 } })
      expect(own.status).toBe(409)
      expect(own.data.message).toMatch(/cannot approve/)

      const second = await secondAdmin(api, getContainer())
      const wrong = await call(
        "post",
        `/admin/paycore/payouts/${id}/approve`,
        { fields: { card_number: CARD_OK } },
        second.auth
      )
      expect(wrong.status).toBe(400)
      expect(wrong.data.message).toMatch(/^fields: do not match/)
      const missing = await call("post", `/admin/paycore/payouts/${id}/approve`, {}, second.auth)
      expect(missing.status).toBe(400)
      expect(missing.data.message).toMatch(/^fields: /)
      expect((await getPayout(id)).status).toBe("pending_approval")
      expect((await paycoreSummary()).payoutInvoices).toBe(0)

      const approved = await call(
        "post",
        `/admin/paycore/payouts/${id}/approve`,
        { fields: { card_number: "5519-2838-1203-0000" } },
        second.auth
      )
      expect(approved.status).toBe(200)
      expect(approved.data.payout).toMatchObject({ approved_by: second.id, created_by: created.data.payout.created_by })
      await sandbox.current.callbacksIdle()
      const payout = await getPayout(id)
      expect(payout.status).toBe("processed")
      expect(payout.status_history.slice(0, 2)).toEqual([
        expect.objectContaining({ status: "pending_approval", source: "admin", actor: created.data.payout.created_by }),
        expect.objectContaining({ status: "sending", source: "admin", actor: second.id }),
      ])
      const again = await call(
        "post",
        `/admin/paycore/payouts/${id}/approve`,
        { fields: { card_number: CARD_OK_2 } },
        second.auth
      )
      expect(again.status).toBe(409)
      expect((await paycoreSummary()).payoutInvoices).toBe(1)
      await expectNoFullCardInDatabase(getContainer())
    })

    it("refuses an approval made with a secret API key, and a payout with no recorded creator", async () => {
      await enableUsd({ require_approval: true })
      const created = await createPayout({ fields: { card_number: CARD_OK_2 } })
      const id = created.data.payout.id
      const key = await call("post", "/admin/api-keys", { title: "payout robot", type: "secret" })
      expect(key.status).toBe(200)
      const basic = Buffer.from(`${key.data.api_key.token}:`).toString("base64")
      const withKey = await call(
        "post",
        `/admin/paycore/payouts/${id}/approve`,
        { fields: { card_number: CARD_OK_2 } },
        {
          headers: { authorization: `Basic ${basic}` },
        }
      )
      expect(withKey.status).toBe(403)
      expect(withKey.data.message).toMatch(/logged-in admin user/)
      expect((await getPayout(id)).status).toBe("pending_approval")

      const orphan = await recordPayout(getContainer(), "pcpo_NoCreator01", {
        status: "pending_approval",
        created_by: null,
      })
      const second = await secondAdmin(api, getContainer())
      const approved = await call(
        "post",
        `/admin/paycore/payouts/${orphan.id}/approve`,
        { fields: { card_number: CARD_OK_2 } },
        second.auth
      )
      expect(approved.status).toBe(409)
      expect(approved.data.message).toMatch(/no recorded creator/)
      expect((await paycoreSummary()).payoutInvoices).toBe(0)
    })

    it("makes one payout for one Idempotency-Key, however often and however concurrently it is sent", async () => {
      await enableUsd()
      const withKey = (key: string) =>
        api.request({
          method: "post",
          url: "/admin/paycore/payouts",
          data: { amount: "25.00", currency: "usd", fields: { card_number: CARD_OK }, customer_id: customerId },
          headers: { ...admin.headers, "idempotency-key": key },
          validateStatus: () => true,
        })
      const answers = await Promise.all([withKey("form-1"), withKey("form-1"), withKey("form-1")])
      const again = await withKey("form-1")
      const ids = new Set([...answers, again].map((answer) => answer.data.payout.id))
      expect(ids.size).toBe(1)
      expect([...answers, again].map((answer) => answer.status).sort()).toEqual([200, 200, 200, 201])
      await sandbox.current.callbacksIdle()
      expect((await paycoreSummary()).payoutInvoices).toBe(1)

      const other = await withKey("form-2")
      expect(other.status).toBe(201)
      expect(other.data.payout.id).not.toBe(again.data.payout.id)
      await sandbox.current.callbacksIdle()
      expect((await paycoreSummary()).payoutInvoices).toBe(2)
      expect((await withKey("x".repeat(300))).status).toBe(400)
    })

    it("refuses a card number sent as a JSON number, naming the field, and creates nothing", async () => {
      await enableUsd()
      const answer = await createPayout({ fields: { card_number: 4000056655665556123 } })
      expect(answer.status).toBe(400)
      expect(answer.data.message).toContain("fields.card_number: must be a string")
      expect((await call("get", "/admin/paycore/payouts")).data.count).toBe(0)
      expect((await paycoreSummary()).payoutInvoices).toBe(0)
    })

    it("switches approvals off only when a second admin confirms, and records who changed what", async () => {
      await enableUsd({ require_approval: true })
      const off = await saveSettings({ require_approval: false, enabled: true })
      expect(off.status).toBe(200)
      expect(off.data.settings.require_approval).toBe(true)
      expect(off.data.settings.pending_change).toMatchObject({ require_approval: false })

      const own = await call("post", "/admin/paycore/payouts/settings/confirm")
      expect(own.status).toBe(409)
      expect((await call("get", "/admin/paycore/payouts/settings")).data.settings.require_approval).toBe(true)
      // Still on: a payout waits for approval.
      expect((await createPayout({})).data.payout.status).toBe("pending_approval")

      const second = await secondAdmin(api, getContainer())
      const confirmed = await call("post", "/admin/paycore/payouts/settings/confirm", {}, second.auth)
      expect(confirmed.status).toBe(200)
      expect(confirmed.data.settings).toMatchObject({ require_approval: false, pending_change: null })
      const log = confirmed.data.settings.change_log
      expect(log[0]).toMatchObject({
        kind: "confirmed",
        confirmed_by: second.id,
        changes: { require_approval: { from: true, to: false } },
      })
      expect(log.map((entry: any) => entry.kind)).toEqual(["confirmed", "requested", "applied"])
      expect(log.every((entry: any) => typeof entry.at === "string" && "by" in entry)).toBe(true)
      expect((await call("post", "/admin/paycore/payouts/settings/confirm", {}, second.auth)).status).toBe(409)
    })

    it("makes one payout at PayCore when PayCore applied the create but answered 502", async () => {
      await enableUsd()
      sandbox.current.addFault({
        method: "POST",
        path: "/api/payout-invoices",
        kind: "status",
        status: 502,
        phase: "after",
      })
      const created = await createPayout({})
      expect(created.status).toBe(201)
      await sandbox.current.callbacksIdle()
      // The fault was used: PayCore made the payout and answered 502; the client found it by reference.
      expect(await paycoreSummary()).toMatchObject({ payoutInvoices: 1, faults: [] })
      expect(logged.some((line) => line.includes("earlier unconfirmed attempt had succeeded"))).toBe(true)
      const payout = await getPayout(created.data.payout.id)
      expect(payout.status).toBe("processed")
      expect(sandbox.current.getPayoutInvoice(payout.invoice_id)!.data.attributes.reference_id).toBe(payout.id)
    })

    it("answers 502 and marks the payout failed when PayCore never takes it", async () => {
      await enableUsd()
      sandbox.current.addFault({
        method: "POST",
        path: "/api/payout-invoices",
        kind: "status",
        status: 502,
        phase: "before",
        times: 10,
      })
      const answer = await createPayout({})
      sandbox.current.clearFaults()
      expect(answer.status).toBe(502)
      expect(answer.data).toMatchObject({
        type: "paycore_unavailable",
        payout: { status: "failed", outcome: "failed", resolution: "not_sent" },
      })
      expect(answer.data.payout.last_error).toMatch(/502/)
      expect((await paycoreSummary()).payoutInvoices).toBe(0)
    })

    it("answers 400 with PayCore's reason and keeps the payout as failed when PayCore refuses it", async () => {
      await enableUsd()
      sandbox.current.addFault({
        method: "POST",
        path: "/api/payout-invoices",
        kind: "status",
        status: 422,
        phase: "before",
      })
      const answer = await createPayout({})
      expect(answer.status).toBe(400)
      expect(answer.data.message).toMatch(/^PayCore refused the payout: .*422/)
      expect(answer.data.payout).toMatchObject({ status: "failed", resolution: "not_sent", invoice_id: null })
      expect(answer.data.payout.status_history.map((entry: any) => [entry.status, entry.source])).toEqual([
        ["sending", "admin"],
        ["failed", "plugin"],
      ])
      const listed = await call("get", "/admin/paycore/payouts?status=failed")
      expect(listed.data.payouts.map((payout: any) => payout.id)).toEqual([answer.data.payout.id])
      expect((await paycoreSummary()).payoutInvoices).toBe(0)
    })

    it("applies the same payout callback once however often it comes, and never an older one after it", async () => {
      await enableUsd()
      const created = await createPayout({})
      await sandbox.current.callbacksIdle()
      const invoiceId = created.data.payout.invoice_id
      const log = sandbox.current.callbackLog({ invoiceId })
      const processed = log.find((entry) => entry.status === "processed")!
      const processing = log.find((entry) => entry.status === "processing")!
      expect(JSON.parse(processed.responseBody!)).toMatchObject({ received: true, outcome: "payout_updated" })

      for (let i = 0; i < 5; i++) sandbox.current.resendCallback(processed.id)
      await sandbox.current.callbacksIdle()
      sandbox.current.resendCallback(processing.id)
      await sandbox.current.callbacksIdle()

      const resent = sandbox.current.callbackLog({ invoiceId }).filter((entry) => entry.resent)
      expect(
        resent.map((entry) => [entry.status, entry.responseStatus, JSON.parse(entry.responseBody!).outcome])
      ).toEqual([...Array(5).fill(["processed", 200, "duplicate"]), ["processing", 200, "stale"]])
      const payout = await getPayout(created.data.payout.id)
      expect(payout.status).toBe("processed")
      expect(callbackStatuses(payout)).toEqual(["processing", "processed"])
    })

    it("acknowledges a signed callback for a payout this store does not have, and refuses a forged one", async () => {
      const body = JSON.stringify({
        data: {
          type: "payout-invoices",
          id: "cpoi_SomebodyElse01",
          attributes: {
            status: "processed",
            currency: "USD",
            amount: 10,
            reference_id: "not-ours",
            test_mode: true,
            updated: 1,
          },
        },
      })
      const post = (signature: string) =>
        api.post("/hooks/paycore", body, {
          headers: { "content-type": "application/json", "x-signature": signature },
          validateStatus: () => true,
        })
      const known = await post(signCallbackBody(body, sandbox.current.config.testPrivateKey))
      expect([known.status, known.data.outcome]).toEqual([200, "ignored"])
      expect((await post("forged")).status).toBe(401)
    })

    it("never lets a test-signed payout callback without test_mode change a live payout", async () => {
      await recordPayout(getContainer(), "pcpo_LiveOne01", {
        invoice_id: "cpoi_LiveOne01",
        test_mode: false,
        paycore_updated_at: new Date(1_000_000),
      })
      const body = JSON.stringify({
        data: {
          type: "payout-invoices",
          id: "cpoi_LiveOne01",
          attributes: {
            status: "process_failed",
            currency: "USD",
            amount: 25,
            reference_id: "pcpo_LiveOne01",
            updated: 2_000,
          },
        },
      })
      const answer = await api.post("/hooks/paycore", body, {
        headers: {
          "content-type": "application/json",
          "x-signature": signCallbackBody(body, sandbox.current.config.testPrivateKey),
        },
        validateStatus: () => true,
      })
      expect([answer.status, answer.data.outcome]).toEqual([200, "wrong_mode"])
      expect((await getPayout("pcpo_LiveOne01")).status).toBe("processing")
    })

    it("refreshes a payout whose callbacks were lost", async () => {
      await enableUsd()
      sandbox.current.setCallbackMode({ suppress: true })
      const created = await createPayout({})
      await sandbox.current.callbacksIdle()
      sandbox.current.clearCallbackMode()
      expect((await getPayout(created.data.payout.id)).status).toBe("created")

      const refreshed = await call("post", `/admin/paycore/payouts/${created.data.payout.id}/refresh`)
      expect(refreshed.status).toBe(200)
      expect(refreshed.data).toMatchObject({ paycore: "found", payout: { status: "processed" } })
      expect(refreshed.data.payout.status_history.at(-1)).toMatchObject({
        status: "processed",
        source: "reconciliation",
      })
    })

    it("keeps PayCore's processed state when a refresh concludes from an earlier read that PayCore has no such payout", async () => {
      await enableUsd()
      // PayCore makes the payout, but neither its answer nor a lookup by reference reaches the plugin: unconfirmed.
      sandbox.current.setCallbackMode({ suppress: true })
      sandbox.current.addFault({
        method: "POST",
        path: "/api/payout-invoices",
        kind: "status",
        status: 502,
        phase: "after",
      })
      sandbox.current.addFault({ method: "GET", path: "/api/payout-invoices", kind: "status", status: 502, times: 50 })
      await createPayout({})
      sandbox.current.clearFaults()
      await sandbox.current.callbacksIdle()
      sandbox.current.clearCallbackMode()
      const listed = await call("get", "/admin/paycore/payouts?status=unconfirmed")
      expect(listed.data.payouts).toHaveLength(1)
      const id = listed.data.payouts[0].id
      const [processed] = sandbox.current.callbackLog({ status: "processed" })
      expect(processed.invoiceType).toBe("payout-invoices")

      // What a refresh on another server instance read just before this callback was applied there: its conclusion
      // ("PayCore has no such payout") must not overwrite the state PayCore sent. One instance never interleaves them
      // (its lock slot), so the conclusion is made here from that earlier read.
      const paycore = getContainer().resolve<PaycoreModuleService>(PAYCORE_MODULE)
      const [before] = await paycore.listPaycorePayouts({ id }, { take: 1 })
      sandbox.current.resendCallback(processed.id)
      await sandbox.current.callbacksIdle()
      const concluded = await concludeUnsettled(getContainer(), before, {
        status: "failed",
        resolution: "not_sent",
        last_error: "PayCore has no payout with this reference",
        status_history: [],
      })

      expect(concluded).toBe(false)
      const payout = await getPayout(id)
      expect(payout).toMatchObject({ status: "processed", invoice_id: processed.invoiceId, resolution: "ok" })
      expect(payout.status_history.map((entry: any) => entry.status)).toEqual(["sending", "unconfirmed", "processed"])
    })

    it("shows the go-live checklist, each item checked by the plugin", async () => {
      const before = await call("get", "/admin/paycore/status")
      expect(before.status).toBe(200)
      expect(before.data).toMatchObject({
        provider_id: "pp_paycore_paycore",
        mode: "test",
        base_url: sandbox.current.url,
        keys: { public_key: "test", test_private_key: true, live_private_key: true, live_differs_from_test: true },
        private_api: { status: "reachable", http_status: 200 },
        callbacks: { callback_url: `http://localhost:${sandbox.appPort}/hooks/paycore`, last_test_callback_at: null },
        ready_for_live: false,
      })
      const item = (data: any, id: string) => data.checklist.find((entry: any) => entry.id === id)
      expect(before.data.checklist.map((entry: any) => [entry.id, entry.status])).toEqual([
        ["private_api", "ok"],
        ["paycore_check", "pending"],
        ["callback_url", "ok"],
        ["payment_services", "ok"],
        ["test_callback", "pending"],
        ["live_keys", "ok"],
        ["live_mode", "pending"],
        ["live_callback", "pending"],
      ])
      for (const entry of before.data.checklist) expect(entry.detail).toEqual(expect.any(String))

      await enableUsd()
      await createPayout({})
      await sandbox.current.callbacksIdle()
      const after = (await call("get", "/admin/paycore/status")).data
      expect(item(after, "test_callback").status).toBe("ok")
      expect(after.callbacks.last_test_callback_at).toEqual(expect.any(String))

      sandbox.current.updateConfig({ apiKey: "not_the_api_key" })
      const refused = (await call("get", "/admin/paycore/status")).data
      expect(refused.private_api).toMatchObject({ status: "bad_credentials", http_status: 401 })
      expect(item(refused, "private_api").status).toBe("failed")
      expect(JSON.stringify(refused)).not.toContain("sandbox_api_key")
    })

    it("never shows a full card number in an API answer or a log line", async () => {
      await enableUsd()
      await createPayout({ fields: { card_number: CARD_OK } })
      await createPayout({ fields: { card_number: CARD_FAILS } })
      await sandbox.current.callbacksIdle()
      expect(answers.length).toBeGreaterThan(50)
      expect(logged.length + written.length).toBeGreaterThan(0)
      for (const text of [...answers, ...logged, ...written]) {
        for (const card of FULL_CARDS) expect(text.includes(card) ? text : "").toBe("")
      }
    })

    function wireCaptures(client: AxiosInstance, container: MedusaContainer) {
      client.interceptors.response.use(
        (response: AxiosResponse) => {
          answers.push(typeof response.data === "string" ? response.data : JSON.stringify(response.data))
          return response
        },
        (error) => {
          if (error?.response) answers.push(JSON.stringify(error.response.data))
          return Promise.reject(error)
        }
      )
      const logger = container.resolve(ContainerRegistrationKeys.LOGGER) as any
      for (const level of ["debug", "info", "warn", "error", "log", "http", "verbose", "silly"]) {
        const original = logger[level]?.bind(logger)
        if (!original) continue
        logger[level] = (...args: unknown[]) => {
          logged.push(
            args
              .map((arg) =>
                arg instanceof Error ? `${arg.message} ${arg.stack}` : typeof arg === "string" ? arg : safeJson(arg)
              )
              .join(" ")
          )
          return original(...args)
        }
      }
    }

    async function secondAdmin(client: AxiosInstance, container: MedusaContainer) {
      const user = await ensureAdminUser(container, SECOND_ADMIN.email, SECOND_ADMIN.password)
      const { data } = await client.post("/auth/user/emailpass", SECOND_ADMIN)
      expect(SECOND_ADMIN.email).not.toBe(ADMIN.email)
      return { id: (user as any).id as string, auth: { headers: { authorization: `Bearer ${data.token}` } } }
    }
  },
})

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)
  } catch {
    return String(value)
  }
}

/** Every text of every table: no full card number anywhere in Medusa's database. */
async function expectNoFullCardInDatabase(container: MedusaContainer) {
  const db = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const { rows: tables } = await db.raw(
    "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'"
  )
  expect(tables.length).toBeGreaterThan(50)
  const { rows: payouts } = await db.raw("select count(*)::int as n from paycore_payout")
  expect(payouts[0].n).toBeGreaterThan(0)
  for (const { table_name } of tables) {
    for (const card of FULL_CARDS) {
      const { rows } = await db.raw(`select count(*)::int as n from "${table_name}" t where t::text like ?`, [
        `%${card}%`,
      ])
      expect([table_name, card, rows[0].n]).toEqual([table_name, card, 0])
    }
  }
}
