// Every PayCore that PayCore's documents leave open (sandbox/README.md, "Profiles"): checkout, refund and payout run
// against each sandbox profile, each with one lost answer to the create (PayCore applied it, the plugin never heard).
// On every profile the plugin either works, or refuses with a clear error that names the setting to change —
// against real Medusa, PostgreSQL and the sandbox, with the plugin's default options.
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import { Modules } from "@medusajs/framework/utils"
import { seedDemoData } from "../../demo/seed"
import { PROFILE_NAMES, type SandboxProfileName } from "../../sandbox/src"
import { adminHeaders } from "../helpers/admin"
import { orderPayments, ordersForCart } from "../helpers/medusa-state"
import { usePaycoreSandbox } from "../helpers/paycore-sandbox"
import { invoiceIdOf, storeClient, type StoreClient } from "../helpers/store-flow"

jest.setTimeout(120 * 1000)

const CARD_OK = "5123817234060000"

/** What differs from "it works" on a profile: the error that names the setting, or the admin's extra step. */
type Expected = {
  /** The session is refused with this, whatever the storefront sends: no order can be paid. */
  checkout?: RegExp
  /** Without a chosen service the session is refused with this; with the storefront's choice it works. */
  checkoutWithoutService?: RegExp
  /** After the lost answer the session is refused with this; the customer's next try works. */
  checkoutAfterLostAnswer?: RegExp
  /** The refund is refused with this and nothing is refunded. */
  refund?: RegExp
  /** The payout is refused with this and PayCore has none. */
  payout?: RegExp
  /** After the lost answer PayCore's state stays unknown (this message), until its callback settles the payout. */
  payoutAfterLostAnswer?: RegExp
  /** PayCore holds the payout as `created` until an admin confirms it. */
  payoutNeedsConfirmation?: true
}

const EXPECTED: Partial<Record<SandboxProfileName, Expected>> = {
  "payout-flat-only": { payout: /set the payoutRequestFormat option to "flat"/ },
  "payout-envelope-plural": { payout: /set the payoutRequestFormat option/ },
  "payout-auto-process-ignored": { payoutNeedsConfirmation: true },
  "payout-card-expiry-required": { payout: /context\.card\.exp_month.*enter Card expiry/ },
  "expires-refused": { checkout: /set the invoiceLifetimeMinutes option to 0/ },
  "service-required": { checkoutWithoutService: /services option/ },
  "refund-api-forbidden": { refund: /refund API/ },
  "refund-api-not-found": { refund: /refund API/ },
  "reference-filter-refused": {
    checkoutAfterLostAnswer: /PayCore refused a lookup by reference.*check it for this reference/,
    payoutAfterLostAnswer: /PayCore refused a lookup by reference/,
  },
}

const sandbox = usePaycoreSandbox()

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let store: StoreClient
    let admin: { headers: Record<string, string> }
    let customerId: string

    beforeAll(async () => {
      const container = getContainer()
      store = storeClient(api, await seedDemoData(container))
      admin = await adminHeaders(api, container)
      const [customer] = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers([{ email: "variants-payee@paycore-tests.com" }])
      customerId = customer.id
      const settings = await call("post", "/admin/paycore/payouts/settings", {
        enabled: true,
        require_approval: false,
        currencies: { USD: { services: ["payment_card_usd"], default_service: "payment_card_usd" } },
      })
      expect(settings.status).toBe(200)
    })

    afterAll(() => {
      sandbox.current.applyProfile("documented")
    })

    const call = (method: "get" | "post", url: string, data?: unknown) =>
      api.request({ method, url, data, ...admin, validateStatus: () => true })
    const messageOf = (answer: { data?: any }) => String(answer.data?.message ?? JSON.stringify(answer.data))
    /** PayCore applies the next create of this kind but its answer never arrives. */
    const loseNextAnswer = (path: string) =>
      sandbox.current.addFault({ method: "POST", path, kind: "drop", phase: "after", times: 1 })
    /** How many invoices PayCore has (the sandbox is reset for each profile). */
    const paycoreCounts = async () =>
      (await (await fetch(`${sandbox.current.url}/_sandbox/state`)).json()) as {
        paymentInvoices: number
        payoutInvoices: number
      }

    it("covers every sandbox profile and names only profiles that exist", () => {
      expect(PROFILE_NAMES).toContain("documented")
      for (const name of Object.keys(EXPECTED)) expect(PROFILE_NAMES).toContain(name)
    })

    it.each(PROFILE_NAMES.map((name) => [name]))(
      "%s: a customer pays, an admin refunds and pays out, or is told which setting to change",
      async (name) => {
        const expected: Expected = EXPECTED[name as SandboxProfileName] ?? {}
        sandbox.current.reset()
        sandbox.current.applyProfile(name)

        await checkoutAndRefund(expected)
        await payout(expected)
      }
    )

    /** A customer pays (the answer to the invoice create lost once), then an admin refunds in full. */
    async function checkoutAndRefund(expected: Expected) {
      const cart = await store.cartReadyForPayment("usd")
      loseNextAnswer("/api/payment-invoices")
      let started = await store.startPaycorePayment(cart.id)
      const refusedWith = (pattern: RegExp) => {
        expect(started.status).toBeGreaterThanOrEqual(400)
        expect(messageOf({ data: started.error })).toMatch(pattern)
      }
      if (expected.checkout) {
        refusedWith(expected.checkout)
        expect((await paycoreCounts()).paymentInvoices).toBe(0)
        return
      }
      if (expected.checkoutWithoutService) {
        refusedWith(expected.checkoutWithoutService)
        started = await store.startPaycorePayment(cart.id, { service: "payment_card_usd_hpp" })
      }
      if (expected.checkoutAfterLostAnswer) {
        refusedWith(expected.checkoutAfterLostAnswer)
        started = await store.startPaycorePayment(cart.id)
      }
      expect([started.status, started.error]).toEqual([200, undefined])
      const invoiceId = invoiceIdOf(started.session)
      sandbox.current.payInvoice(invoiceId)
      await sandbox.current.callbacksIdle()
      const [orderId] = await ordersForCart(getContainer(), cart.id)
      expect(orderId).toBeDefined()
      const payment = (await orderPayments(getContainer(), orderId)).payment_collections[0].payments[0]
      expect(payment.captured_at).toBeTruthy()

      const refund = await call("post", `/admin/payments/${payment.id}/refund`, { amount: cart.total })
      const refunds = (sandbox.current.getPaymentInvoice(invoiceId)!.included ?? []).filter(
        (resource: any) => resource.type === "refunds"
      )
      if (expected.refund) {
        expect(refund.status).toBeGreaterThanOrEqual(400)
        expect(messageOf(refund)).toMatch(expected.refund)
        expect(refunds).toHaveLength(0)
      } else {
        expect([refund.status, messageOf(refund)]).toEqual([200, expect.any(String)])
        expect(refunds).toHaveLength(1)
      }
    }

    /** An admin pays 25 USD out to PayCore's test card, the answer to the create lost once. */
    async function payout(expected: Expected) {
      loseNextAnswer("/api/payout-invoices")
      const created = await call("post", "/admin/paycore/payouts", {
        amount: 25,
        currency: "usd",
        fields: { card_number: CARD_OK },
        customer_id: customerId,
      })
      if (expected.payout) {
        expect(created.status).toBeGreaterThanOrEqual(400)
        expect(messageOf(created)).toMatch(expected.payout)
        expect((await paycoreCounts()).payoutInvoices).toBe(0)
        return
      }
      if (expected.payoutAfterLostAnswer) {
        expect(created.status).toBe(502)
        expect(messageOf(created)).toMatch(expected.payoutAfterLostAnswer)
      } else {
        expect([created.status, messageOf(created)]).toEqual([201, expect.any(String)])
      }
      const id = created.data.payout.id as string
      await sandbox.current.callbacksIdle()
      if (expected.payoutNeedsConfirmation) {
        expect((await call("get", `/admin/paycore/payouts/${id}`)).data.payout.status).toBe("created")
        expect((await call("post", `/admin/paycore/payouts/${id}/confirm`)).status).toBe(200)
        await sandbox.current.callbacksIdle()
      }
      expect((await call("get", `/admin/paycore/payouts/${id}`)).data.payout.status).toBe("processed")
      expect((await paycoreCounts()).payoutInvoices).toBe(1)
    }
  },
})
