// After checkout: refunds from the admin, refunds and chargebacks made at PayCore, order cancellation, and the
// reconciliation of lost callbacks (job and admin route), against real Medusa, real PostgreSQL and the sandbox.
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import { seedDemoData, type DemoSeedResult } from "../../demo/seed"
import reconcileJob, { config as reconcileJobConfig } from "../../src/jobs/reconcile-paycore-payments"
import { reconcilePendingPayments } from "../../src/payments/reconcile"
import { phpJsonEncode, signCallbackBody } from "../../sandbox/src"
import { adminHeaders } from "../helpers/admin"
import { paidOrder } from "../helpers/checkout"
import { payOnHpp, TEST_CARDS } from "../helpers/hpp"
import { eventProbe } from "../helpers/events"
import { eventually, orderPayments, ordersForCart, paymentRefunds, paymentSession } from "../helpers/medusa-state"
import { paymentLinkFlow } from "../helpers/payment-links"
import { usePaycoreSandbox } from "../helpers/paycore-sandbox"
import { invoiceIdOf, storeClient, type StoreClient } from "../helpers/store-flow"

jest.setTimeout(180 * 1000)

const sandbox = usePaycoreSandbox()
beforeAll(() => {
  // Reconcile anything still pending, however young: the tests decide when a callback is "lost".
  process.env.PAYCORE_RECONCILE_AFTER_MINUTES = "0"
})

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let store: StoreClient
    let admin: { headers: Record<string, string> }
    let seed: DemoSeedResult

    beforeEach(async () => {
      sandbox.current.reset()
      sandbox.current.clearCallbackMode()
      sandbox.current.clearFaults()
      seed = await seedDemoData(getContainer())
      store = storeClient(api, seed)
      admin = await adminHeaders(api, getContainer())
    })

    const refund = (paymentId: string, amount: number) =>
      api.post(`/admin/payments/${paymentId}/refund`, { amount }, { ...admin, validateStatus: () => true })
    const paycoreRefunds = (invoiceId: string) =>
      (sandbox.current.getPaymentInvoice(invoiceId)!.included ?? []).filter(
        (resource: any) => resource.type === "refunds"
      )
    const view = async (orderId: string) => (await api.get(`/admin/paycore/orders/${orderId}`, admin)).data

    describe("refunds from the admin", () => {
      it("refunds in full through PayCore's refund API with the Medusa refund id as reference", async () => {
        const paid = await paidOrder(store, sandbox.current, getContainer())
        const answer = await refund(paid.paymentId, paid.cart.total)
        expect(answer.status).toBe(200)
        await sandbox.current.callbacksIdle()

        const refunds = paycoreRefunds(paid.invoiceId)
        expect(refunds).toHaveLength(1)
        expect(refunds[0].attributes.amount).toBe(paid.cart.total)
        expect(refunds[0].attributes.reference_id).toMatch(/^ref_/)
        expect(sandbox.current.getPaymentInvoice(paid.invoiceId)!.data.attributes.status).toBe("refunded")

        const shown = (await view(paid.orderId)).payments[0]
        expect(shown.status).toBe("refunded")
        expect(shown.refunded_amount).toBe(paid.cart.total)
        expect(shown.refunds).toEqual([expect.objectContaining({ reference_id: refunds[0].attributes.reference_id })])
      })

      it("refunds in several partial refunds up to what was captured, and Medusa refuses more", async () => {
        const paid = await paidOrder(store, sandbox.current, getContainer())
        expect((await refund(paid.paymentId, 10)).status).toBe(200)
        await sandbox.current.callbacksIdle()
        expect((await refund(paid.paymentId, 7.5)).status).toBe(200)
        await sandbox.current.callbacksIdle()
        const rest = paid.cart.total - 17.5
        expect((await refund(paid.paymentId, rest + 1)).status).toBeGreaterThanOrEqual(400)
        expect((await refund(paid.paymentId, rest)).status).toBe(200)
        await sandbox.current.callbacksIdle()

        expect(paycoreRefunds(paid.invoiceId).map((r: any) => r.attributes.amount)).toEqual([10, 7.5, rest])
        const shown = (await view(paid.orderId)).payments[0]
        expect(shown.status).toBe("refunded")
        expect(shown.refunds).toHaveLength(3)
        expect(shown.callbacks.map((c: any) => c.status)).toEqual(
          expect.arrayContaining(["partially_refunded", "refunded"])
        )
      })

      it("keeps the refund in the payment's PayCore refunds when PayCore's callback for it is applied while Medusa records it", async () => {
        const paid = await paidOrder(store, sandbox.current, getContainer())
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
        const waitingUpdates = async () =>
          Number(
            (
              await knex.raw(
                `select count(*) as n from pg_stat_activity where datname = current_database()
                   and wait_event_type = 'Lock' and query ilike 'update "payment" %'`
              )
            ).rows[0].n
          )
        // The interleaving that lost it: the callback reads the payment's data before Medusa writes the refund's
        // entry and writes after. A row lock held here orders the two writes: Medusa's first, the callback's second.
        sandbox.current.setCallbackMode({ suppress: 2 }) // refunding, partially_refunded
        sandbox.current.addFault({
          method: "POST",
          path: "/api/payment-invoices/*/refund",
          kind: "delay",
          delayMs: 5000, // room to take the row lock below before Medusa writes
          phase: "after",
        })
        const answer = refund(paid.paymentId, 10)
        await eventually(async () => (await paymentRefunds(getContainer(), paid.paymentId)).length === 1)
        const lock = await knex.transaction()
        try {
          await lock.raw(`select id from "payment" where id = ? for update`, [paid.paymentId])
          await eventually(async () => (await waitingUpdates()) === 1)
          const [suppressed] = sandbox.current.callbackLog({ invoiceId: paid.invoiceId, status: "partially_refunded" })
          sandbox.current.resendCallback(suppressed.id)
          await eventually(async () => (await waitingUpdates()) === 2)
        } finally {
          await lock.commit()
        }
        expect((await answer).status).toBe(200)
        await sandbox.current.callbacksIdle()

        const [made] = paycoreRefunds(paid.invoiceId)
        const shown = (await view(paid.orderId)).payments[0]
        expect(shown.status).toBe("partially_refunded")
        expect(shown.refunds).toEqual([expect.objectContaining({ reference_id: made.attributes.reference_id })])
      })

      it("makes one refund at PayCore when PayCore applied the refund but its answer was a 502", async () => {
        const paid = await paidOrder(store, sandbox.current, getContainer())
        sandbox.current.addFault({
          method: "POST",
          path: "/api/payment-invoices/*/refund",
          kind: "status",
          status: 502,
          phase: "after",
        })
        const answer = await refund(paid.paymentId, 5)
        expect(answer.status).toBe(200)
        expect(paycoreRefunds(paid.invoiceId)).toHaveLength(1)
      })

      it("tells the admin to refund in the PayCore dashboard when the account has no refund API, and records nothing", async () => {
        const paid = await paidOrder(store, sandbox.current, getContainer())
        sandbox.current.updateConfig({ refundApi: "forbidden" })
        const answer = await refund(paid.paymentId, 5)
        sandbox.current.updateConfig({ refundApi: "enabled" })

        expect(answer.status).toBeGreaterThanOrEqual(400)
        expect(answer.data.message).toContain("PayCore dashboard")
        const order = await orderPayments(getContainer(), paid.orderId)
        expect(order.payment_collections[0].status).toBe("completed")
        const { data } = await api.get(`/admin/payments/${paid.paymentId}?fields=id,*refunds`, admin)
        expect(data.payment.refunds ?? []).toEqual([])
      })
    })

    describe("refunds and chargebacks made at PayCore", () => {
      const refundsOf = (paymentId: string) => paymentRefunds(getContainer(), paymentId)
      const adminOrder = async (orderId: string) =>
        (await api.get(`/admin/orders/${orderId}?fields=id,metadata,payment_status,summary`, admin)).data.order
      const resend = async (invoiceId: string, status: string, times: number) => {
        const [logged] = sandbox.current.callbackLog({ invoiceId, status })
        for (let i = 0; i < times; i++) sandbox.current.resendCallback(logged.id)
        await sandbox.current.callbacksIdle()
      }

      it("records a dashboard refund as one Medusa refund with the PayCore reason, though its callback comes 3 times", async () => {
        const paid = await paidOrder(store, sandbox.current, getContainer())
        sandbox.current.refundAtDashboard(paid.invoiceId, { amount: 10 })
        await sandbox.current.callbacksIdle()
        await resend(paid.invoiceId, "partially_refunded", 2)

        const refunds = await refundsOf(paid.paymentId)
        expect(refunds).toEqual([
          expect.objectContaining({
            amount: 10,
            refund_reason: expect.objectContaining({ code: "paycore_dashboard", label: "Refunded at PayCore" }),
          }),
        ])
        expect(paycoreRefunds(paid.invoiceId)).toHaveLength(1) // recorded, not refunded again
        const order = await adminOrder(paid.orderId)
        expect(order.payment_status).toBe("partially_refunded")
        expect(order.summary.refunded_total).toBe(10)
        expect((await view(paid.orderId)).payments[0].refunds_at_paycore).toEqual([
          { refund_id: refunds[0].id, key: `${paid.invoiceId}@10.00`, amount: 10 },
        ])

        sandbox.current.refundAtDashboard(paid.invoiceId)
        await sandbox.current.callbacksIdle()
        expect((await refundsOf(paid.paymentId)).map((refund) => refund.amount)).toEqual([10, paid.cart.total - 10])
        expect((await adminOrder(paid.orderId)).payment_status).toBe("refunded")
      })

      it("records a dashboard refund once when reconciliation finds it before its callback", async () => {
        const paid = await paidOrder(store, sandbox.current, getContainer())
        sandbox.current.setCallbackMode({ suppress: true })
        sandbox.current.refundAtDashboard(paid.invoiceId, { amount: 7.5 })
        await sandbox.current.callbacksIdle()
        expect(await refundsOf(paid.paymentId)).toEqual([])

        await api.post(`/admin/paycore/orders/${paid.orderId}/reconcile`, {}, admin)
        await api.post(`/admin/paycore/orders/${paid.orderId}/reconcile`, {}, admin)
        sandbox.current.clearCallbackMode()
        await resend(paid.invoiceId, "partially_refunded", 1)

        expect((await refundsOf(paid.paymentId)).map((refund) => refund.amount)).toEqual([7.5])
      })

      it("counts an admin refund and its own callback once, also when the callback comes before PayCore's answer", async () => {
        const paid = await paidOrder(store, sandbox.current, getContainer())
        // PayCore makes the refund and sends its callbacks at once, but answers the refund request 1.5 s later.
        sandbox.current.addFault({
          method: "POST",
          path: "/api/payment-invoices/*/refund",
          kind: "delay",
          delayMs: 1500,
          phase: "after",
        })
        expect((await refund(paid.paymentId, 10)).status).toBe(200)
        const answered = Date.now()
        await sandbox.current.callbacksIdle()
        const [first] = sandbox.current.callbackLog({ invoiceId: paid.invoiceId, status: "partially_refunded" })
        expect(first).toMatchObject({ outcome: "delivered", responseStatus: 200 })
        expect(new Date(first.time).getTime() + first.durationMs).toBeLessThan(answered) // applied while in flight
        await resend(paid.invoiceId, "partially_refunded", 1)

        const refunds = await refundsOf(paid.paymentId)
        expect(refunds).toHaveLength(1)
        expect(refunds[0]).toMatchObject({ amount: 10 })
        expect(refunds[0].refund_reason ?? null).toBeNull()
        expect(paycoreRefunds(paid.invoiceId)).toHaveLength(1)
        expect((await adminOrder(paid.orderId)).summary.refunded_total).toBe(10)
      })

      it("flags the order, emits paycore.payment.charged_back once per new amount, and shows the amount", async () => {
        const paid = await paidOrder(store, sandbox.current, getContainer())
        const probe = eventProbe(getContainer(), "paycore.payment.charged_back")
        try {
          sandbox.current.chargeBack(paid.invoiceId, { amount: 5 })
          await sandbox.current.callbacksIdle()
          await resend(paid.invoiceId, "partially_charged_back", 2)
          await eventually(async () => probe.received.length >= 1)
          const flag = (await adminOrder(paid.orderId)).metadata.paycore_chargeback
          expect(flag).toMatchObject({ amount: 5, currency: "USD", status: "partially_charged_back" })
          expect(flag).toMatchObject({ invoice_id: paid.invoiceId, payment_id: paid.paymentId })

          sandbox.current.chargeBack(paid.invoiceId)
          await sandbox.current.callbacksIdle()
          await eventually(async () => probe.received.length >= 2)
          await new Promise((resolve) => setTimeout(resolve, 300)) // nothing else arrives late
          expect(probe.received).toEqual([
            {
              order_id: paid.orderId,
              payment_id: paid.paymentId,
              invoice_id: paid.invoiceId,
              amount: 5,
              currency_code: "usd",
            },
            expect.objectContaining({ order_id: paid.orderId, amount: paid.cart.total }),
          ])
        } finally {
          probe.stop()
        }
        expect((await adminOrder(paid.orderId)).metadata.paycore_chargeback).toMatchObject({
          amount: paid.cart.total,
          status: "charged_back",
        })
        const shown = (await view(paid.orderId)).payments[0]
        expect(shown).toMatchObject({
          status: "charged_back",
          charged_back_amount: paid.cart.total,
          outcome: "chargeback_recorded",
        })
        const { data } = await api.get("/admin/paycore/chargebacks", admin)
        expect(data.chargebacks).toEqual([
          expect.objectContaining({ order_id: paid.orderId, invoice_id: paid.invoiceId, amount: paid.cart.total }),
        ])
        const bad = await api.get("/admin/paycore/chargebacks?limit=0", { ...admin, validateStatus: () => true })
        expect(bad.status).toBe(400)
      })
    })

    it("refunds through PayCore, once, when an admin cancels a paid order", async () => {
      const paid = await paidOrder(store, sandbox.current, getContainer())
      const answer = await api.post(
        `/admin/orders/${paid.orderId}/cancel`,
        {},
        { ...admin, validateStatus: () => true }
      )
      expect(answer.status).toBe(200)
      expect(answer.data.order.status).toBe("canceled")
      await sandbox.current.callbacksIdle()
      expect(paycoreRefunds(paid.invoiceId)).toHaveLength(1)
      expect(sandbox.current.getPaymentInvoice(paid.invoiceId)!.data.attributes.status).toBe("refunded")
    })

    describe("reconciliation of lost callbacks", () => {
      it("runs every five minutes", () => {
        expect(reconcileJobConfig.schedule).toBe("*/5 * * * *")
      })

      it("turns a payment whose callbacks were lost into an order when the job runs", async () => {
        const cart = await store.cartReadyForPayment("eur")
        const { session } = await store.startPaycorePayment(cart.id)
        sandbox.current.setCallbackMode({ suppress: true })
        await payOnHpp(session.data.hpp_url, TEST_CARDS.success)
        await sandbox.current.callbacksIdle()
        expect(await ordersForCart(getContainer(), cart.id)).toEqual([])

        await reconcileJob(getContainer())
        const orders = await ordersForCart(getContainer(), cart.id)
        expect(orders).toHaveLength(1)
        const shown = (await view(orders[0])).payments[0]
        expect(shown.callbacks[0]).toMatchObject({ source: "reconciliation", outcome: "applied" })

        await reconcileJob(getContainer())
        expect(await ordersForCart(getContainer(), cart.id)).toEqual(orders)
      })

      it("closes a session whose payment failed or expired without a callback", async () => {
        const cart = await store.cartReadyForPayment("usd")
        const { session } = await store.startPaycorePayment(cart.id)
        sandbox.current.setCallbackMode({ suppress: true })
        sandbox.current.expireInvoice(invoiceIdOf(session))
        await sandbox.current.callbacksIdle()

        await reconcileJob(getContainer())
        expect((await paymentSession(getContainer(), session.id)).status).toBe("canceled")
      })

      it("gets to a paid session behind never-paid older ones: the least recently checked go first", async () => {
        for (let i = 0; i < 3; i++) {
          const abandoned = await store.cartReadyForPayment("usd")
          await store.startPaycorePayment(abandoned.id)
        }
        const cart = await store.cartReadyForPayment("eur")
        const { session } = await store.startPaycorePayment(cart.id)
        sandbox.current.setCallbackMode({ suppress: true })
        await payOnHpp(session.data.hpp_url, TEST_CARDS.success)
        await sandbox.current.callbacksIdle()

        const seen = new Set<string>()
        for (let run = 0; run < 4; run++) {
          const { results } = await reconcilePendingPayments(getContainer(), { olderThanMinutes: 0, limit: 1 })
          for (const result of results) seen.add(result.payment_session_id)
        }
        expect(seen.size).toBe(4)
        expect(await ordersForCart(getContainer(), cart.id)).toHaveLength(1)
      })

      it("reconciles one order on demand from the admin route", async () => {
        const paid = await paidOrder(store, sandbox.current, getContainer())
        sandbox.current.setCallbackMode({ suppress: true })
        sandbox.current.chargeBack(paid.invoiceId, { amount: 5 })
        await sandbox.current.callbacksIdle()
        expect((await view(paid.orderId)).payments[0].status).toBe("processed")

        const { data } = await api.post(`/admin/paycore/orders/${paid.orderId}/reconcile`, {}, admin)
        expect(data.payments[0]).toMatchObject({ status: "partially_charged_back", charged_back_amount: 5 })
      })
    })

    it("records a payment made for a session Medusa deleted, lists it for the admin, and refunds nothing by default", async () => {
      const cart = await store.cartReadyForPayment("usd")
      const { session } = await store.startPaycorePayment(cart.id)
      await store.addItem(cart.id) // the total changes: Medusa deletes the payment session
      expect(await paymentSession(getContainer(), session.id)).toBeUndefined()

      sandbox.current.payInvoice(invoiceIdOf(session))
      await sandbox.current.callbacksIdle()
      const deliveries = sandbox.current.callbackLog({ invoiceId: invoiceIdOf(session) })
      expect(deliveries.at(-1)).toMatchObject({ status: "processed", responseStatus: 200 })

      const { data } = await api.get("/admin/paycore/orphans", admin)
      expect(data.orphan_payments).toEqual([
        expect.objectContaining({
          invoice_id: invoiceIdOf(session),
          cart_id: cart.id,
          orphan_status: "open",
          status: "processed",
          processed_amount: cart.total,
        }),
      ])
      expect(paycoreRefunds(invoiceIdOf(session))).toEqual([])
      expect((await api.get("/admin/paycore/orphans?status=refunded", admin)).data.orphan_payments).toEqual([])
      expect((await api.get("/admin/paycore/orphans?limit=0", { ...admin, validateStatus: () => true })).status).toBe(
        400
      )
    })

    describe("payment links for an outstanding amount", () => {
      const flow = paymentLinkFlow(api, () => admin, getContainer)
      const editedOrder = () => flow.editedOrder(store, sandbox.current, seed.variantId)

      it("takes what an order edit added through one PayCore link: captured once though its callback comes 3 times", async () => {
        const edited = await editedOrder()
        expect(edited.owed).toBeGreaterThan(0)

        const created = await flow.requestLink(edited.orderId)
        expect(created.status).toBe(200)
        const link = created.data.payment_link
        const adminId = await flow.adminUserId()
        expect(link).toMatchObject({
          id: expect.stringMatching(/^payses_/),
          order_id: edited.orderId,
          invoice_id: expect.stringMatching(/^cpi_/),
          amount: edited.owed,
          currency_code: "usd",
          status: "awaiting",
          paid_at: null,
          created_by: adminId,
        })
        expect(adminId).toMatch(/^user_/)
        expect(sandbox.current.getPaymentInvoice(link.invoice_id)!.data.attributes.reference_id).toBe(link.id)
        // Asked again for the same amount, by another admin: the same link, no second invoice, its creator kept.
        const other = await flow.otherAdmin()
        expect(await flow.adminUserId(other)).not.toBe(adminId)
        const again = (await flow.requestLink(edited.orderId, { notify: false }, other)).data.payment_link
        expect(again).toMatchObject({ id: link.id, created_by: adminId })

        const notified = await eventually(async () => {
          const found = await flow.notifications(edited.orderId)
          return found.length ? found : undefined
        })
        expect(notified).toEqual([
          expect.objectContaining({
            to: "customer@paycore-tests.com",
            channel: "email",
            data: expect.objectContaining({ url: link.url, amount: edited.owed, display_id: link.display_id }),
          }),
        ])
        // Which admin asked is the shop's record, not the customer's email.
        expect(notified[0].data?.payment_link).toMatchObject({ id: link.id })
        expect(notified[0].data?.payment_link).not.toHaveProperty("created_by")

        const pay = await store.call("get", `/store/paycore/payment-links/${link.id}`)
        expect(pay.status).toBe(200)
        expect(pay.data.payment_link).toEqual({
          id: link.id,
          display_id: link.display_id,
          amount: edited.owed,
          currency_code: "usd",
          status: "awaiting",
          url: link.url,
          expires_at: link.expires_at,
        })
        expect(JSON.stringify(pay.data)).not.toContain("paycore-tests.com")
        expect((await store.call("get", `/store/paycore/payment-links/${edited.session.id}`)).status).toBe(404)

        sandbox.current.payInvoice(link.invoice_id)
        await sandbox.current.callbacksIdle()
        const [delivered] = sandbox.current.callbackLog({ invoiceId: link.invoice_id, status: "processed" })
        for (let i = 0; i < 2; i++) sandbox.current.resendCallback(delivered.id)
        await sandbox.current.callbacksIdle()

        const order = await flow.adminOrder(edited.orderId)
        expect(order.summary.pending_difference).toBe(0)
        const collections = (await orderPayments(getContainer(), edited.orderId)).payment_collections as any[]
        const linked = collections.find((c) => c.payments?.some((p: any) => p.captured_at && p.id !== edited.paymentId))
        expect(linked).toMatchObject({ status: "completed" })
        expect(linked.payments).toHaveLength(1)
        expect(linked.payments[0].captures).toHaveLength(1)
        expect(collections.flatMap((c) => c.payments ?? [])).toHaveLength(2) // checkout's and the link's

        expect(await flow.links(edited.orderId)).toEqual([
          expect.objectContaining({
            id: link.id,
            status: "paid",
            paid_at: expect.any(String),
            notified_at: expect.any(String),
            created_by: adminId,
          }),
        ])
        const nothingOwed = await flow.requestLink(edited.orderId)
        expect(nothingOwed.status).toBe(400)
        expect(nothingOwed.data.message).toContain("no outstanding amount")
      })

      it("takes a converted draft order's whole total through a PayCore link: the order owes 0 once paid", async () => {
        const draft = await flow.convertedDraftOrder(seed)
        expect(draft.owed).toBeGreaterThan(0)
        const created = await flow.requestLink(draft.orderId, { notify: false })
        expect(created.status).toBe(200)
        const link = created.data.payment_link
        expect(link).toMatchObject({ order_id: draft.orderId, amount: draft.owed, currency_code: "usd" })
        expect(sandbox.current.getPaymentInvoice(link.invoice_id)!.data.attributes.amount).toBe(draft.owed)

        sandbox.current.payInvoice(link.invoice_id)
        await sandbox.current.callbacksIdle()

        expect((await flow.adminOrder(draft.orderId)).summary.pending_difference).toBe(0)
        const payments = (await orderPayments(getContainer(), draft.orderId)).payment_collections.flatMap(
          (c: any) => c.payments ?? []
        )
        expect(payments).toEqual([expect.objectContaining({ amount: draft.owed, captured_at: expect.anything() })])
        expect((await flow.links(draft.orderId))[0]).toMatchObject({ id: link.id, status: "paid" })
        expect(await flow.notifications(draft.orderId)).toEqual([])
      })

      it("records a link paid after the order was paid another way as an orphan payment, never a second capture", async () => {
        const edited = await editedOrder()
        const link = (await flow.requestLink(edited.orderId, { notify: false })).data.payment_link
        const markAsPaid = await api.post(
          `/admin/payment-collections/${link.payment_collection_id}/mark-as-paid`,
          { order_id: edited.orderId },
          admin
        )
        expect(markAsPaid.status).toBe(200)

        sandbox.current.payInvoice(link.invoice_id)
        await sandbox.current.callbacksIdle()

        const { data } = await api.get("/admin/paycore/orphans", admin)
        expect(data.orphan_payments).toEqual([
          expect.objectContaining({ invoice_id: link.invoice_id, orphan_status: "open", status: "processed" }),
        ])
        expect((await flow.links(edited.orderId))[0]).toMatchObject({ id: link.id, status: "canceled" })
        const collections = (await orderPayments(getContainer(), edited.orderId)).payment_collections as any[]
        const paycorePayments = collections
          .flatMap((c) => c.payments ?? [])
          .filter((p: any) => p.provider_id.startsWith("pp_paycore"))
        expect(paycorePayments).toHaveLength(1) // checkout's only
        expect(await flow.notifications(edited.orderId)).toEqual([])
      })
    })

    describe("admin routes", () => {
      it("need an admin login", async () => {
        const paid = await paidOrder(store, sandbox.current, getContainer())
        const anonymous = { validateStatus: () => true }
        expect((await api.get(`/admin/paycore/orders/${paid.orderId}`, anonymous)).status).toBe(401)
        expect((await api.post(`/admin/paycore/orders/${paid.orderId}/reconcile`, {}, anonymous)).status).toBe(401)
        expect((await api.get(`/admin/paycore/orphans`, anonymous)).status).toBe(401)
        expect((await api.get(`/admin/paycore/chargebacks`, anonymous)).status).toBe(401)
        const linkRoute = `/admin/paycore/orders/${paid.orderId}/payment-link`
        expect((await api.post(linkRoute, {}, anonymous)).status).toBe(401)
        expect((await api.get(`${linkRoute}s`, anonymous)).status).toBe(401)
      })

      it("answer 400 to a malformed order id and 404 to an unknown order", async () => {
        const bad = await api.get(`/admin/paycore/orders/not-an-order`, { ...admin, validateStatus: () => true })
        expect(bad.status).toBe(400)
        expect(bad.data.message).toContain("order id")
        const unknown = await api.get(`/admin/paycore/orders/order_01UNKNOWN000000000000000000`, {
          ...admin,
          validateStatus: () => true,
        })
        expect(unknown.status).toBe(404)
      })

      it("show the order's invoice with its callbacks, including a refused forgery naming it", async () => {
        const paid = await paidOrder(store, sandbox.current, getContainer())
        const forged = phpJsonEncode({
          data: {
            type: "payment-invoices",
            id: paid.invoiceId,
            attributes: { status: "refunded", currency: "USD", test_mode: true },
          },
        })
        const response = await api.post("/hooks/paycore", forged, {
          headers: { "content-type": "application/json", "x-signature": signCallbackBody(forged, "sk_test_wrong") },
          validateStatus: () => true,
          transformRequest: [(body: unknown) => body],
        })
        expect(response.status).toBe(401)

        const shown = (await view(paid.orderId)).payments[0]
        expect(shown).toMatchObject({
          invoice_id: paid.invoiceId,
          reference_id: paid.session.id,
          status: "processed",
          test_mode: true,
          currency_code: "usd",
          amount: paid.cart.total,
          processed_amount: paid.cart.total,
          outcome: "order_created",
          hpp_url: paid.session.data.hpp_url,
        })
        expect(shown.callbacks[0]).toMatchObject({ signature: "refused", outcome: "refused", status: "refunded" })
        expect(shown.callbacks.some((c: any) => c.signature === "accepted" && c.status === "processed")).toBe(true)
      })
    })
  },
})
