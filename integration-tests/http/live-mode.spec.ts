// A shop in live mode that still has its test private key configured: PayCore test callbacks, genuinely signed with
// sk_test (a key often shared with developers and CI), never change a live session, payout or refund, and are
// answered 200 `wrong_mode` once instead of 503 (which PayCore would retry for hours).
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import { seedDemoData } from "../../demo/seed"
import { signCallbackBody } from "../../sandbox/src"
import { adminHeaders } from "../helpers/admin"
import { ordersForCart, paymentSession } from "../helpers/medusa-state"
import { recordPayout } from "../helpers/payouts"
import { usePaycoreSandbox } from "../helpers/paycore-sandbox"
import { storeClient, type StoreClient } from "../helpers/store-flow"

jest.setTimeout(180 * 1000)

const sandbox = usePaycoreSandbox()
beforeAll(() => {
  process.env.PAYCORE_TEST_MODE = "false"
  process.env.PAYCORE_PUBLIC_KEY = sandbox.current.config.livePublicKey
  process.env.PAYCORE_REFUND_ORPHAN_PAYMENTS = "true"
  delete process.env.PAYCORE_PAYOUT_APPROVAL_SECRET
})
afterAll(() => {
  delete process.env.PAYCORE_REFUND_ORPHAN_PAYMENTS
})

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let store: StoreClient

    beforeEach(async () => {
      store = storeClient(api, await seedDemoData(getContainer()))
    })

    const post = (body: string, key: string) =>
      api.post("/hooks/paycore", body, {
        headers: { "content-type": "application/json", "x-signature": signCallbackBody(body, key) },
        validateStatus: () => true,
      })

    // What the server stored for the session (the store API shows only the storefront's part of it).
    const stored = async (session: any) => ({
      ...session,
      data: (await paymentSession(getContainer(), session.id)).data,
    })
    const paymentState = (session: any, status: string, testMode: boolean) =>
      JSON.stringify({
        data: {
          type: "payment-invoices",
          id: session.data.paycore_invoice_id,
          attributes: {
            reference_id: session.data.paycore_reference_id,
            status,
            amount: session.data.amount,
            processed_amount: session.data.amount,
            currency: session.data.currency,
            test_mode: testMode,
            metadata: [],
            updated: Math.floor(Date.now() / 1000) + 5,
          },
        },
      })

    it("answers a test-signed paid callback for a live session 200 wrong_mode, every time, and changes nothing", async () => {
      const cart = await store.cartReadyForPayment("usd")
      const session = await stored((await store.startPaycorePayment(cart.id)).session)
      expect(session.data.test_mode).toBe(false)

      const body = paymentState(session, "processed", true)
      for (let i = 0; i < 3; i++) {
        const answer = await post(body, sandbox.current.config.testPrivateKey)
        expect([answer.status, answer.data.outcome]).toEqual([200, "wrong_mode"])
      }
      const failed = await post(paymentState(session, "process_failed", true), sandbox.current.config.testPrivateKey)
      expect([failed.status, failed.data.outcome]).toEqual([200, "wrong_mode"])

      expect(await ordersForCart(getContainer(), cart.id)).toEqual([])
      expect((await paymentSession(getContainer(), session.id)).status).toBe("pending")
      const records = await getContainer().resolve<any>("paycore").listPaycorePaymentInvoices({})
      expect(records).toEqual([])
    })

    it("applies a live-signed callback for the same live session (the live key still works)", async () => {
      const cart = await store.cartReadyForPayment("usd")
      const session = await stored((await store.startPaycorePayment(cart.id)).session)
      const answer = await post(paymentState(session, "processing", false), sandbox.current.config.livePrivateKey)
      expect([answer.status, answer.data.outcome]).toEqual([200, "pending"])
    })

    it("never refunds a live invoice because of a test-signed callback for a deleted session", async () => {
      const cart = await store.cartReadyForPayment("usd")
      const session = await stored((await store.startPaycorePayment(cart.id)).session)
      const orphan = {
        ...session,
        id: "payses_DeletedLongAgo01",
        data: { ...session.data, paycore_reference_id: "payses_DeletedLongAgo01" },
      }
      const answer = await post(paymentState(orphan, "processed", true), sandbox.current.config.testPrivateKey)
      expect([answer.status, answer.data.outcome]).toEqual([200, "wrong_mode"])
      const state = (await (await fetch(`${sandbox.current.url}/_sandbox/state`)).json()) as { refunds: number }
      expect(state.refunds).toBe(0)
    })

    it("refuses to switch payout approvals on without a payoutApprovalSecret, naming the option", async () => {
      const admin = await adminHeaders(api, getContainer())
      const answer = await api.post(
        "/admin/paycore/payouts/settings",
        { require_approval: true },
        { ...admin, validateStatus: () => true }
      )
      expect(answer.status).toBe(400)
      expect(answer.data.message).toContain(
        "require_approval: set the payoutApprovalSecret option of pp_paycore_paycore first"
      )
      const { data } = await api.get("/admin/paycore/payouts/settings", admin)
      expect(data.settings.require_approval).toBe(false)
    })

    it("keeps a live payout as it is when a test-signed callback says it failed", async () => {
      const payout = await recordPayout(getContainer(), "pcpo_LivePayout01", {
        invoice_id: "cpoi_LivePayout01",
        test_mode: false,
        paycore_updated_at: new Date(1_000_000),
      })
      // PayCore's published payout callback carries no test_mode: only the key tells the mode.
      const body = JSON.stringify({
        data: {
          type: "payout-invoices",
          id: "cpoi_LivePayout01",
          attributes: {
            status: "process_failed",
            currency: "USD",
            amount: 25,
            reference_id: payout.id,
            updated: 2_000,
          },
        },
      })
      const answer = await post(body, sandbox.current.config.testPrivateKey)
      expect([answer.status, answer.data.outcome]).toEqual([200, "wrong_mode"])
      const [after] = await getContainer().resolve<any>("paycore").listPaycorePayouts({ id: payout.id })
      expect(after.status).toBe("processing")
    })
  },
})
