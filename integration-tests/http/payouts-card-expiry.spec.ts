// Card payouts with the card's expiry (docs/paycore-notes.md, "Payouts": `context.card.{exp_month, exp_year}`),
// against real Medusa, PostgreSQL and the sandbox switched to require it: refused clearly without it, sent as
// `context.card` with it (also after a second admin's approval), and never shown or stored.
import type { AxiosResponse } from "axios"
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { ensureAdminUser } from "../../demo/seed"
import { cardExpiryFields } from "../../sandbox/src"
import { adminHeaders } from "../helpers/admin"
import { usePaycoreSandbox } from "../helpers/paycore-sandbox"

jest.setTimeout(120 * 1000)

const CARD = "5123817234060000"
/** A year nothing else in these tests contains: searched for in every answer, log line and table. */
const YEAR = "2049"
const SECOND_ADMIN = { email: "expiry-approver@paycore-tests.com", password: "second-secret" }

const answers: string[] = []
const logged: string[] = []
const sandbox = usePaycoreSandbox()

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let customerId: string
    let wired = false

    beforeEach(async () => {
      sandbox.current.reset()
      // Through the sandbox's HTTP controls, as a developer would switch it.
      await sandboxControl("PATCH", "/_sandbox/config", {
        payoutAutoProcess: true,
        payoutCardExpiry: "required",
        payoutServices: sandbox.current.config.payoutServices.map((service) => ({
          ...service,
          fields: service.fields.filter((field) => field.key === "card_number"),
        })),
      })
      const container = getContainer()
      if (!wired) {
        wired = true
        api.interceptors.response.use(
          (response: AxiosResponse) => {
            answers.push(JSON.stringify(response.data))
            return response
          },
          (error: any) => {
            if (error?.response) answers.push(JSON.stringify(error.response.data))
            return Promise.reject(error)
          }
        )
        captureLogs(container)
      }
      admin = await adminHeaders(api, container)
      const [customer] = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers([{ email: `payee-${Date.now()}@paycore-tests.com` }])
      customerId = customer.id
      const saved = await call("post", "/admin/paycore/payouts/settings", {
        enabled: true,
        require_approval: false,
        currencies: { USD: { services: ["payment_card_usd"], default_service: "payment_card_usd" } },
      })
      expect(saved.status).toBe(200)
    })

    const call = (method: "get" | "post", url: string, data?: unknown, auth = admin) =>
      api.request({ method, url, data, ...auth, validateStatus: () => true })
    const createPayout = (fields: Record<string, unknown>, auth = admin) =>
      call("post", "/admin/paycore/payouts", { amount: 25, currency: "usd", fields, customer_id: customerId }, auth)
    async function sandboxControl(method: string, path: string, body?: unknown) {
      const response = await fetch(`${sandbox.current.url}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      expect([path, response.status]).toEqual([path, 200])
      return response.json() as Promise<any>
    }
    const atPaycore = async (invoiceId: string) =>
      (await sandboxControl("GET", `/_sandbox/invoices/${invoiceId}`)).invoice
    const payoutCount = async () => (await sandboxControl("GET", "/_sandbox/state")).payoutInvoices as number

    it("refuses a card payout without expiry with PayCore's reason naming context.card, and keeps it failed", async () => {
      const refused = await createPayout({ card_number: CARD })
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/^PayCore refused the payout: .*context\.card\.exp_month/)
      expect(refused.data.payout).toMatchObject({ status: "failed", destination: { card_number: "512381******0000" } })
      expect(await payoutCount()).toBe(0)
    })

    it("sends the expiry as context.card (2-digit year typed, 4 digits sent) and stores and shows it masked", async () => {
      const created = await createPayout({ card_number: CARD, exp_month: "7", exp_year: YEAR.slice(2) })
      expect(created.status).toBe(201)
      const payout = created.data.payout
      expect(payout.destination).toEqual({ card_number: "512381******0000", exp_month: "**", exp_year: "****" })
      expect(payout.invoice_id).toMatch(/^cpoi_/)
      expect((await atPaycore(payout.invoice_id)).cardExpiry).toEqual({ exp_month: "07", exp_year: YEAR })

      await sandbox.current.callbacksIdle()
      const done = await call("get", `/admin/paycore/payouts/${payout.id}`)
      expect(done.data.payout).toMatchObject({ status: "processed", destination: payout.destination })
      await expectNoExpiryStored(getContainer())
    })

    it("refuses a malformed, partial, numeric or expired expiry by name before anything is recorded or sent", async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ card_number: CARD, exp_month: "13", exp_year: YEAR }, "fields.exp_month: must be the card's expiry month"],
        [{ card_number: CARD, exp_month: "07", exp_year: "049" }, "fields.exp_year: must be the card's expiry year"],
        [{ card_number: CARD, exp_month: "07" }, "fields.exp_year: is required with exp_month"],
        [{ card_number: CARD, exp_month: 7, exp_year: 2049 }, "fields.exp_month: must be a string"],
        [{ card_number: CARD, exp_month: "01", exp_year: "2020" }, "fields.exp_year: the card expired"],
      ]
      for (const [fields, message] of cases) {
        const refused = await createPayout(fields)
        expect([refused.status, refused.data.message]).toEqual([400, expect.stringContaining(message)])
        expect(refused.data.payout).toBeUndefined()
      }
      expect((await call("get", `/admin/paycore/payouts?customer_id=${customerId}`)).data.count).toBe(0)
      expect(await payoutCount()).toBe(0)
    })

    it("requires the expiry fields a service lists before sending, and sends them in fields and context.card", async () => {
      await sandboxControl("PATCH", "/_sandbox/config", {
        payoutServices: sandbox.current.config.payoutServices.map((service) =>
          service.code === "payment_card_usd"
            ? { ...service, fields: [...service.fields, ...cardExpiryFields()] }
            : service
        ),
      })
      const services = await call("get", "/admin/paycore/payouts/payout-services?currency=USD")
      const usd = services.data.services.find((service: any) => service.code === "payment_card_usd")
      expect(usd.fields.map((field: any) => [field.key, field.required])).toEqual([
        ["card_number", true],
        ["exp_month", true],
        ["exp_year", true],
      ])

      const missing = await createPayout({ card_number: CARD })
      expect(missing.status).toBe(400)
      expect(missing.data.message).toBe(
        "fields.exp_month: is required by payment_card_usd; fields.exp_year: is required by payment_card_usd"
      )
      expect(await payoutCount()).toBe(0)

      const created = await createPayout({ card_number: CARD, "card.exp_month": "07", "card.exp_year": YEAR })
      expect(created.status).toBe(201)
      const invoice = await atPaycore(created.data.payout.invoice_id)
      expect(invoice.cardExpiry).toEqual({ exp_month: "07", exp_year: YEAR })
      // Listed fields are kept in `fields` too (the sandbox hides their values like the card number).
      expect(invoice.fields).toEqual({ card_number: "512381******0000", exp_month: "**", exp_year: "**" })
    })

    it("asks the approving admin to re-enter the expiry, and sends it only when it matches", async () => {
      expect((await call("post", "/admin/paycore/payouts/settings", { require_approval: true })).status).toBe(200)
      const created = await createPayout({ card_number: CARD, exp_month: "07", exp_year: YEAR })
      expect(created.status).toBe(201)
      const { id } = created.data.payout
      expect(created.data.payout).toMatchObject({ status: "pending_approval", destination: { exp_year: "****" } })

      await ensureAdminUser(getContainer(), SECOND_ADMIN.email, SECOND_ADMIN.password)
      const login = await api.post("/auth/user/emailpass", SECOND_ADMIN)
      const second = { headers: { authorization: `Bearer ${login.data.token}` } }
      const approve = (fields: Record<string, string>) =>
        call("post", `/admin/paycore/payouts/${id}/approve`, { fields }, second)

      const wrongs: Record<string, string>[] = [
        { card_number: CARD },
        { card_number: CARD, exp_month: "07", exp_year: "2048" },
      ]
      for (const fields of wrongs) {
        const wrong = await approve(fields)
        expect([wrong.status, wrong.data.message]).toEqual([400, expect.stringMatching(/^fields: do not match/)])
      }
      expect(await payoutCount()).toBe(0)

      const approved = await approve({ card_number: "5123 8172 3406 0000", exp_month: "7", exp_year: YEAR.slice(2) })
      expect(approved.status).toBe(200)
      expect((await atPaycore(approved.data.payout.invoice_id)).cardExpiry).toEqual({ exp_month: "07", exp_year: YEAR })
      await sandbox.current.callbacksIdle()
      await expectNoExpiryStored(getContainer())
    })

    it("never shows the expiry in an admin API answer or a log line", async () => {
      await createPayout({ card_number: CARD, exp_month: "07", exp_year: YEAR })
      await sandbox.current.callbacksIdle()
      expect(answers.length).toBeGreaterThan(10)
      for (const text of [...answers, ...logged]) {
        expect(text.includes(YEAR) || text.includes(CARD) ? text : "").toBe("")
      }
    })

    function captureLogs(container: MedusaContainer) {
      const logger = container.resolve(ContainerRegistrationKeys.LOGGER) as any
      for (const level of ["debug", "info", "warn", "error", "log", "http", "verbose", "silly"]) {
        const original = logger[level]?.bind(logger)
        if (!original) continue
        logger[level] = (...args: unknown[]) => {
          logged.push(args.map((arg) => (typeof arg === "string" ? arg : safeJson(arg))).join(" "))
          return original(...args)
        }
      }
    }
  },
})

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value instanceof Error ? { message: value.message, stack: value.stack } : value)
  } catch {
    return String(value)
  }
}

/** The expiry's year is in no data of Medusa's database: the payout keeps `**` / `****` only. */
async function expectNoExpiryStored(container: MedusaContainer) {
  const db = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const { rows: payouts } = await db.raw("select destination::text as destination from paycore_payout")
  expect(payouts.length).toBeGreaterThan(0)
  for (const row of payouts) expect(row.destination).not.toContain(YEAR)
  const { rows: tables } = await db.raw(
    "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'"
  )
  // Migration tables hold only migration names, whose timestamps are digits.
  for (const { table_name } of tables.filter((table: any) => !table.table_name.endsWith("migrations"))) {
    const { rows } = await db.raw(`select count(*)::int as n from "${table_name}" t where t::text like ?`, [
      `%${YEAR}%`,
    ])
    expect([table_name, rows[0].n]).toEqual([table_name, 0])
  }
}
