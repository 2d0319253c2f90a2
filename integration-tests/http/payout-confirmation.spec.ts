// Payouts released by an admin's confirmation at PayCore (`payoutConfirmation: "confirm_in_admin"`): PayCore holds
// them as `created` until `POST /admin/paycore/payouts/:id/confirm` calls its `/payout-invoices/{id}/process` —
// against real Medusa, PostgreSQL and the sandbox.
import type { AxiosInstance } from "axios"
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { ensureAdminUser } from "../../demo/seed"
import { adminHeaders } from "../helpers/admin"
import { usePaycoreSandbox } from "../helpers/paycore-sandbox"

jest.setTimeout(120 * 1000)

const CARD_OK = "5123817234060000"
const SECOND_ADMIN = { email: "confirming-admin@paycore-tests.com", password: "second-secret" }

const sandbox = usePaycoreSandbox()
beforeAll(() => {
  process.env.PAYCORE_PAYOUT_CONFIRMATION = "confirm_in_admin"
})
afterAll(() => {
  delete process.env.PAYCORE_PAYOUT_CONFIRMATION
})

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let customerId: string

    beforeEach(async () => {
      sandbox.current.reset()
      sandbox.current.updateConfig({ payoutAutoProcess: true })
      admin = await adminHeaders(api, getContainer())
      const [customer] = await getContainer()
        .resolve(Modules.CUSTOMER)
        .createCustomers([{ email: `payee-${Date.now()}@paycore-tests.com` }])
      customerId = customer.id
    })

    const call = (method: "get" | "post", url: string, data?: unknown, auth = admin) =>
      api.request({ method, url, data, ...(auth ?? {}), validateStatus: () => true })
    const settings = (requireApproval: boolean) =>
      call("post", "/admin/paycore/payouts/settings", {
        enabled: true,
        require_approval: requireApproval,
        currencies: { USD: { services: ["payment_card_usd"], default_service: "payment_card_usd" } },
      })
    const createPayout = () =>
      call("post", "/admin/paycore/payouts", {
        amount: 25,
        currency: "usd",
        fields: { card_number: CARD_OK },
        customer_id: customerId,
      })
    const getPayout = async (id: string) => (await call("get", `/admin/paycore/payouts/${id}`)).data.payout
    const confirm = (id: string, auth = admin) => call("post", `/admin/paycore/payouts/${id}/confirm`, {}, auth)
    const paycoreStatus = (invoiceId: string) =>
      sandbox.current.getPayoutInvoice(invoiceId)!.data.attributes.status as string

    it("holds a payout created at PayCore until an admin confirms it, then PayCore pays it out once", async () => {
      expect((await settings(false)).status).toBe(200)
      const created = await createPayout()
      expect(created.status).toBe(201)
      const id = created.data.payout.id
      await sandbox.current.callbacksIdle()
      const waiting = await getPayout(id)
      expect(waiting).toMatchObject({
        status: "created",
        confirmation: "confirm_in_admin",
        awaiting_confirmation: true,
        confirmed_by: null,
      })
      expect(paycoreStatus(waiting.invoice_id)).toBe("created")

      const confirmed = await confirm(id)
      expect(confirmed.status).toBe(200)
      await sandbox.current.callbacksIdle()
      const paid = await getPayout(id)
      expect(paid).toMatchObject({ status: "processed", awaiting_confirmation: false })
      expect(paid.confirmed_by).toBe(paid.created_by)
      expect(paid.status_history).toContainEqual(
        expect.objectContaining({ status: "confirmed", source: "admin", actor: paid.created_by })
      )
      expect(paycoreStatus(paid.invoice_id)).toBe("processed")

      const again = await confirm(id)
      expect(again.status).toBe(409)
      expect(again.data.message).toMatch(/already confirmed/)
    })

    it("sends one confirmation to PayCore when two admins press Confirm at the same moment", async () => {
      expect((await settings(false)).status).toBe(200)
      const id = (await createPayout()).data.payout.id
      await sandbox.current.callbacksIdle()
      const second = await secondAdmin(api, getContainer())
      const answers = await Promise.all([confirm(id), confirm(id, second.auth)])
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409])
      await sandbox.current.callbacksIdle()
      expect((await getPayout(id)).status).toBe("processed")
    })

    it("refuses a confirmation with a secret API key, and by the creator while payouts need approval", async () => {
      expect((await settings(false)).status).toBe(200)
      const id = (await createPayout()).data.payout.id
      const key = await call("post", "/admin/api-keys", { title: "payout robot", type: "secret" })
      const basic = Buffer.from(`${key.data.api_key.token}:`).toString("base64")
      const withKey = await confirm(id, { headers: { authorization: `Basic ${basic}` } })
      expect(withKey.status).toBe(403)
      expect(withKey.data.message).toMatch(/logged-in admin user/)

      const second = await secondAdmin(api, getContainer())
      expect((await settings(true)).status).toBe(200)
      const own = await confirm(id)
      expect(own.status).toBe(403)
      expect(own.data.message).toMatch(/another admin must/)
      await sandbox.current.callbacksIdle()
      const held = await getPayout(id)
      expect(held).toMatchObject({ status: "created", awaiting_confirmation: true })
      expect(paycoreStatus(held.invoice_id)).toBe("created")

      const byOther = await confirm(id, second.auth)
      expect(byOther.status).toBe(200)
      await sandbox.current.callbacksIdle()
      expect(await getPayout(id)).toMatchObject({ status: "processed", confirmed_by: second.id })
    })

    async function secondAdmin(client: AxiosInstance, container: MedusaContainer) {
      const user = await ensureAdminUser(container, SECOND_ADMIN.email, SECOND_ADMIN.password)
      const { data } = await client.post("/auth/user/emailpass", SECOND_ADMIN)
      return { id: (user as any).id as string, auth: { headers: { authorization: `Bearer ${data.token}` } } }
    }
  },
})
