// Recovering a failed checkout (option recoverFailedCheckoutAfterMinutes): a cart whose PayCore payment failed or
// expired gets a fresh payment link through the Notification Module, once, against real Medusa, real PostgreSQL and
// the sandbox. The job's clock is passed in: no test waits the minutes.
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createPaymentSessionsWorkflow } from "@medusajs/medusa/core-flows"
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import { PAYCORE_PROVIDER_ID, seedDemoData } from "../../demo/seed"
import { paycoreAccount } from "../../src/accounts"
import { freshSessionData, recoverFailedCheckouts } from "../../src/checkout-recovery"
import { RECOVERY_SESSION_CONTEXT_KEY } from "../../src/checkout-recovery/rules"
import sendPaycoreCheckoutRecovery from "../../src/subscribers/paycore-checkout-recovery"
import { CHECKOUT_RECOVERY_CREATED_EVENT } from "../../src/workflows/checkout-recovery"
import { eventProbe } from "../helpers/events"
import { payOnHpp, TEST_CARDS } from "../helpers/hpp"
import { eventually, ordersForCart, paymentSession } from "../helpers/medusa-state"
import { RETURN_URL, usePaycoreSandbox } from "../helpers/paycore-sandbox"
import { invoiceIdOf, storeClient, type StoreClient } from "../helpers/store-flow"

jest.setTimeout(120 * 1000)

const AFTER_MINUTES = 30
const EMAIL = "customer@paycore-tests.com"

const sandbox = usePaycoreSandbox()
beforeAll(() => {
  process.env.PAYCORE_RECOVER_FAILED_CHECKOUT_AFTER_MINUTES = String(AFTER_MINUTES)
})
afterAll(() => {
  delete process.env.PAYCORE_RECOVER_FAILED_CHECKOUT_AFTER_MINUTES
})

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let store: StoreClient

    beforeEach(async () => {
      sandbox.current.reset()
      store = storeClient(api, await seedDemoData(getContainer()))
    })

    const minutesAfterNow = (minutes: number) => new Date(Date.now() + minutes * 60_000)
    const recover = (minutes: number) => recoverFailedCheckouts(getContainer(), { now: minutesAfterNow(minutes) })
    const notifications = (cartId: string) =>
      getContainer()
        .resolve(Modules.NOTIFICATION)
        .listNotifications({ template: "paycore-checkout-recovery", resource_id: cartId })
    const notified = (cartId: string) =>
      eventually(async () => {
        const found = await notifications(cartId)
        return found.length ? found : undefined
      })

    /** A cart whose PayCore payment PayCore declined (or let expire), its callback applied. */
    async function failedCheckout(how: "declined" | "expired") {
      const cart = await store.cartReadyForPayment("usd")
      const { session } = await store.startPaycorePayment(cart.id, { return_url: RETURN_URL })
      const invoiceId = invoiceIdOf(session)
      if (how === "declined") sandbox.current.failInvoice(invoiceId, { resolution: "insufficient_funds" })
      else sandbox.current.expireInvoice(invoiceId)
      await sandbox.current.callbacksIdle()
      expect((await paymentSession(getContainer(), session.id)).status).toBe(how === "declined" ? "error" : "canceled")
      return { cart, session, invoiceId }
    }

    it("sends one fresh hosted-page link after N minutes, none before, once however often the job runs, and paying it makes one order", async () => {
      const failed = await failedCheckout("declined")
      const events = eventProbe(getContainer(), CHECKOUT_RECOVERY_CREATED_EVENT)

      expect((await recover(AFTER_MINUTES - 1)).recovered).toEqual([])
      expect(await notifications(failed.cart.id)).toEqual([])

      // Two runs at once (two server instances, say): one claims the failure.
      const runs = await Promise.all([recover(AFTER_MINUTES + 1), recover(AFTER_MINUTES + 1)])
      expect(runs.flatMap((run) => run.recovered)).toEqual([
        expect.objectContaining({ cart_id: failed.cart.id, failed_invoice_id: failed.invoiceId }),
      ])
      const [notification] = await notified(failed.cart.id)
      expect(notification).toMatchObject({
        to: EMAIL,
        channel: "email",
        resource_type: "cart",
        data: {
          cart_id: failed.cart.id,
          amount: failed.cart.total,
          currency_code: "usd",
          url: expect.stringMatching(/\/hpp\/\?cpi=cpi_/),
          expires_at: expect.any(String),
        },
      })
      const url = notification.data!.url as string
      const freshInvoice = sandbox.current.getPaymentInvoice(invoiceIdOf({ data: { hpp_url: url } }))!.data.attributes
      expect(invoiceIdOf({ data: { hpp_url: url } })).not.toBe(failed.invoiceId)
      expect(freshInvoice).toMatchObject({
        status: "created",
        amount: failed.cart.total,
        reference_id: expect.stringMatching(/^payses_/),
        metadata: expect.objectContaining({ medusa_cart_id: failed.cart.id }),
      })
      // The invoice's own expiry, as the provider sent it (computed a moment before the notification's).
      const expiresAt = new Date(notification.data!.expires_at as string).getTime() / 1000
      expect(Math.abs(Number(freshInvoice.expires) - expiresAt)).toBeLessThanOrEqual(2)

      // Later runs, and the same event delivered again, send nothing more.
      expect((await recover(AFTER_MINUTES + 5)).recovered).toEqual([])
      expect((await recover(AFTER_MINUTES + 24 * 60)).recovered).toEqual([])
      const [delivered] = await eventually(async () => (events.received.length ? events.received : undefined))
      expect(events.received).toHaveLength(1)
      await sendPaycoreCheckoutRecovery({
        event: { name: CHECKOUT_RECOVERY_CREATED_EVENT, data: delivered },
        container: getContainer(),
        pluginOptions: {},
      })
      expect(await notifications(failed.cart.id)).toHaveLength(1)

      // The customer pays the fresh link: PayCore's callback completes the cart, as at checkout.
      const paid = await payOnHpp(url, TEST_CARDS.success)
      expect(paid.returnUrl.startsWith(RETURN_URL)).toBe(true)
      await sandbox.current.callbacksIdle()
      expect(await ordersForCart(getContainer(), failed.cart.id)).toHaveLength(1)
      expect((await recover(AFTER_MINUTES + 60)).recovered).toEqual([])
      expect(await notifications(failed.cart.id)).toHaveLength(1)
      events.stop()
    })

    // A run killed between its claim and the end of its workflow (simulated: its row, and what it did, written here).
    const db = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
    async function crashedClaim(failed: { cart: { id: string }; session: { id: string }; invoiceId: string }) {
      const id = `pccr_crashed_${failed.invoiceId}`
      await db().raw(
        `insert into paycore_checkout_recovery
           (id, invoice_id, cart_id, provider_id, failed_session_id, status, attempts, claimed_at)
         values (?, ?, ?, ?, ?, 'claimed', 1, now())`,
        [id, failed.invoiceId, failed.cart.id, PAYCORE_PROVIDER_ID, failed.session.id]
      )
      return id
    }
    /** Moves a claim back by the database's clock (the one the lease is measured by). */
    const claimedMinutesAgo = (id: string, minutes: number, attempts?: number) =>
      db().raw(
        `update paycore_checkout_recovery set claimed_at = now() - ?::interval, attempts = coalesce(?, attempts)
          where id = ?`,
        [`${minutes} minutes`, attempts ?? null, id]
      )
    const recoveryRow = async (id: string) =>
      (await db().raw(`select status, attempts, session_id from paycore_checkout_recovery where id = ?`, [id])).rows[0]

    it("claims a recovery its crashed run left claimed once the lease has passed, and sends its link once", async () => {
      const failed = await failedCheckout("declined")
      const id = await crashedClaim(failed)
      await claimedMinutesAgo(id, 16)

      const runs = await Promise.all([recover(AFTER_MINUTES + 1), recover(AFTER_MINUTES + 1)])
      expect(runs.flatMap((run) => run.recovered)).toEqual([
        { recovery_id: id, cart_id: failed.cart.id, failed_invoice_id: failed.invoiceId },
      ])
      const [notification] = await notified(failed.cart.id)
      expect(notification).toMatchObject({ to: EMAIL, data: { url: expect.stringMatching(/\/hpp\/\?cpi=cpi_/) } })
      expect(await recoveryRow(id)).toMatchObject({ attempts: 2, session_id: expect.stringMatching(/^payses_/) })

      expect((await recover(AFTER_MINUTES + 20)).recovered).toEqual([])
      expect((await recover(AFTER_MINUTES + 60)).recovered).toEqual([])
      expect(await notifications(failed.cart.id)).toHaveLength(1)
    })

    it("replaces the session a crashed run made (nobody has its link), keeping the customer's choices", async () => {
      const failed = await failedCheckout("declined")
      const id = await crashedClaim(failed)
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const {
        data: [failedSession],
      } = await query.graph({
        entity: "payment_session",
        fields: ["payment_collection_id", "data"],
        filters: { id: failed.session.id },
      })
      // The crashed run got as far as the workflow's first step: Medusa made the fresh session, deleting the failed one.
      const { result: orphan } = await createPaymentSessionsWorkflow(getContainer()).run({
        input: {
          payment_collection_id: failedSession.payment_collection_id,
          provider_id: PAYCORE_PROVIDER_ID,
          data: freshSessionData(failedSession.data as Record<string, unknown>, failed.cart.id, EMAIL),
          context: { [RECOVERY_SESSION_CONTEXT_KEY]: id },
        },
      })
      await sandbox.current.callbacksIdle()
      await claimedMinutesAgo(id, 16)

      expect((await recover(AFTER_MINUTES + 1)).recovered).toEqual([expect.objectContaining({ recovery_id: id })])
      const [notification] = await notified(failed.cart.id)
      const url = notification.data!.url as string
      expect(invoiceIdOf({ data: { hpp_url: url } })).not.toBe(invoiceIdOf(orphan))
      expect(await paymentSession(getContainer(), orphan.id)).toBeUndefined()

      const paid = await payOnHpp(url, TEST_CARDS.success)
      expect(paid.returnUrl.startsWith(RETURN_URL)).toBe(true)
      await sandbox.current.callbacksIdle()
      expect(await ordersForCart(getContainer(), failed.cart.id)).toHaveLength(1)
      expect(await notifications(failed.cart.id)).toHaveLength(1)
    })

    it("leaves a claim within the lease to its run, and a crashed third attempt alone", async () => {
      const failed = await failedCheckout("declined")
      const id = await crashedClaim(failed)
      await claimedMinutesAgo(id, 14)

      expect(await recover(AFTER_MINUTES + 1)).toEqual({ recovered: [], skipped: [], failed: [] })
      expect(await recoveryRow(id)).toMatchObject({ status: "claimed", attempts: 1, session_id: null })

      await claimedMinutesAgo(id, 16, 3)
      expect(await recover(AFTER_MINUTES + 1)).toEqual({ recovered: [], skipped: [], failed: [] })
      expect(await recoveryRow(id)).toMatchObject({ status: "claimed", attempts: 3 })
      expect(await notifications(failed.cart.id)).toEqual([])
    })

    it("sends nothing for a cart the customer paid after the failure", async () => {
      const failed = await failedCheckout("declined")
      const { session } = await store.startPaycorePayment(failed.cart.id)
      sandbox.current.payInvoice(invoiceIdOf(session))
      await sandbox.current.callbacksIdle()
      expect(await ordersForCart(getContainer(), failed.cart.id)).toHaveLength(1)

      const run = await recover(AFTER_MINUTES + 1)
      expect(run.recovered).toEqual([])
      expect(run.skipped).toEqual([expect.objectContaining({ failed_invoice_id: failed.invoiceId })])
      expect(await notifications(failed.cart.id)).toEqual([])
    })

    it("sends nothing while the option is off, and a fresh link for an expired payment once it is on", async () => {
      const expired = await failedCheckout("expired")
      const options = paycoreAccount(getContainer(), PAYCORE_PROVIDER_ID)!.options
      options.recoverFailedCheckoutAfterMinutes = undefined
      try {
        expect(await recover(AFTER_MINUTES + 1)).toEqual({ recovered: [], skipped: [], failed: [] })
      } finally {
        options.recoverFailedCheckoutAfterMinutes = AFTER_MINUTES
      }
      expect(await notifications(expired.cart.id)).toEqual([])

      const run = await recover(AFTER_MINUTES + 1)
      expect(run.recovered).toEqual([expect.objectContaining({ failed_invoice_id: expired.invoiceId })])
      const [notification] = await notified(expired.cart.id)
      expect(notification).toMatchObject({ to: EMAIL, data: { cart_id: expired.cart.id, amount: expired.cart.total } })
    })
  },
})
