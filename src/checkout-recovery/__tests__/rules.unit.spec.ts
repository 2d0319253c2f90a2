import { claimLeaseMs, freshSessionData, recoveryVerdict, type RecoveryFacts } from "../rules"

const FAILED_AT = new Date("2026-12-01T10:00:00Z")
const minutes = (n: number) => new Date(FAILED_AT.getTime() + n * 60_000)

function facts(
  patch: Partial<RecoveryFacts> = {},
  cart: Partial<NonNullable<RecoveryFacts["cart"]>> = {}
): RecoveryFacts {
  return {
    failure: {
      invoice_id: "cpi_failed",
      session_id: "payses_failed",
      cart_id: "cart_1",
      status: "process_failed",
      outcome: "session_failed",
      paycore_updated_at: FAILED_AT,
    },
    cartInvoices: [{ invoice_id: "cpi_failed", paycore_updated_at: FAILED_AT }],
    cart: {
      email: "jane@example.com",
      completed_at: null,
      order_id: null,
      payment_collection: {
        id: "pay_col_1",
        status: "not_paid",
        payment_sessions: [{ id: "payses_failed", status: "error" }],
      },
      ...cart,
    },
    failedSessionWasRecovery: false,
    ...patch,
  }
}

describe("which failed checkouts get a fresh payment link", () => {
  it("is due once the delay has passed since a failed payment of an open cart with an email", () => {
    expect(recoveryVerdict(facts(), minutes(30), 30)).toEqual({ due: true })
    expect(recoveryVerdict(facts(), minutes(45), 30)).toEqual({ due: true })
  })

  it("is due for an expired payment as well", () => {
    const expired = facts()
    expired.failure = { ...expired.failure, status: "expired", outcome: "session_canceled" }
    expect(recoveryVerdict(expired, minutes(30), 30)).toEqual({ due: true })
  })

  it("waits, without settling anything, until the delay has passed", () => {
    expect(recoveryVerdict(facts(), minutes(29), 30)).toEqual({ due: false, final: false, reason: expect.any(String) })
  })

  it.each([
    ["terminated", "session_canceled"],
    ["partially_processed", "session_failed"],
    ["processed", "order_created"],
  ])("never recovers a %s payment", (status, outcome) => {
    const other = facts()
    other.failure = { ...other.failure, status, outcome }
    expect(recoveryVerdict(other, minutes(60), 30)).toMatchObject({ due: false, final: true })
  })

  it("never recovers a failure whose session was already paid (nothing was closed)", () => {
    const paid = facts()
    paid.failure = { ...paid.failure, outcome: "payment_refused" }
    expect(recoveryVerdict(paid, minutes(60), 30)).toMatchObject({ due: false, final: true })
  })

  it("never recovers a cart that became an order", () => {
    expect(recoveryVerdict(facts({}, { completed_at: minutes(5) }), minutes(60), 30)).toMatchObject({
      due: false,
      final: true,
      reason: "the cart became an order",
    })
    expect(recoveryVerdict(facts({}, { order_id: "order_1" }), minutes(60), 30)).toMatchObject({ final: true })
  })

  it("never recovers a deleted cart, or one whose collection was paid another way", () => {
    expect(recoveryVerdict(facts({ cart: undefined }), minutes(60), 30)).toMatchObject({ due: false, final: true })
    const paid = facts({}, { payment_collection: { id: "pay_col_1", status: "authorized", payment_sessions: [] } })
    expect(recoveryVerdict(paid, minutes(60), 30)).toMatchObject({ due: false, final: true })
  })

  it("never recovers a failure that is not the cart's latest PayCore payment", () => {
    const retried = facts({
      cartInvoices: [
        { invoice_id: "cpi_failed", paycore_updated_at: FAILED_AT },
        { invoice_id: "cpi_later", paycore_updated_at: minutes(2) },
      ],
    })
    expect(recoveryVerdict(retried, minutes(60), 30)).toMatchObject({
      due: false,
      final: true,
      reason: expect.stringContaining("cpi_later"),
    })
  })

  it("never recovers a recovery link that failed in turn: one recovery per checkout", () => {
    expect(recoveryVerdict(facts({ failedSessionWasRecovery: true }), minutes(60), 30)).toMatchObject({
      due: false,
      final: true,
    })
  })

  it("waits while the customer is paying again in a newer session", () => {
    const paying = facts(
      {},
      {
        payment_collection: {
          id: "pay_col_1",
          status: "not_paid",
          payment_sessions: [
            { id: "payses_failed", status: "error" },
            { id: "payses_new", status: "pending" },
          ],
        },
      }
    )
    expect(recoveryVerdict(paying, minutes(60), 30)).toMatchObject({ due: false, final: false })
  })

  describe("after a crashed run of the same recovery (nobody has the link it made)", () => {
    const leftBehind = (invoiceRecorded: boolean) =>
      facts(
        {
          cartInvoices: [
            { invoice_id: "cpi_failed", session_id: "payses_failed", paycore_updated_at: FAILED_AT },
            ...(invoiceRecorded
              ? [{ invoice_id: "cpi_crashed", session_id: "payses_crashed", paycore_updated_at: minutes(31) }]
              : []),
          ],
        },
        {
          payment_collection: {
            id: "pay_col_1",
            status: "not_paid",
            payment_sessions: [{ id: "payses_crashed", status: "pending" }],
          },
        }
      )

    it("is due despite the pending session it left", () => {
      const crashed = leftBehind(false)
      expect(recoveryVerdict(crashed, minutes(60), 30)).toMatchObject({ due: false, final: false })
      crashed.crashedRunSessionIds = new Set(["payses_crashed"])
      expect(recoveryVerdict(crashed, minutes(60), 30)).toEqual({ due: true })
    })

    it("is due despite that session's invoice being recorded", () => {
      const crashed = leftBehind(true)
      expect(recoveryVerdict(crashed, minutes(60), 30)).toMatchObject({ due: false, final: true })
      crashed.crashedRunSessionIds = new Set(["payses_crashed"])
      expect(recoveryVerdict(crashed, minutes(60), 30)).toEqual({ due: true })
    })

    it("still waits for a session that is not that run's", () => {
      const crashed = leftBehind(false)
      crashed.crashedRunSessionIds = new Set(["payses_other"])
      expect(recoveryVerdict(crashed, minutes(60), 30)).toMatchObject({ due: false, final: false })
    })
  })

  it("waits for a cart without an email", () => {
    expect(recoveryVerdict(facts({}, { email: null }), minutes(60), 30)).toMatchObject({ due: false, final: false })
  })

  it("settles failures older than the window past the delay without sending", () => {
    expect(recoveryVerdict(facts(), minutes(30 + 72 * 60 + 1), 30)).toMatchObject({
      due: false,
      final: true,
      reason: "the failure is too old",
    })
  })
})

describe("how long a claim is its run's before a crashed run's recovery is claimed again", () => {
  it("is 15 minutes with the default PayCore timeouts, well past the longest run", () => {
    expect(claimLeaseMs({ timeoutMs: 15_000, retryAttempts: 3 })).toBe(15 * 60_000)
  })

  it("grows with options that let PayCore calls take longer, so a live run is never taken over", () => {
    expect(claimLeaseMs({ timeoutMs: 120_000, retryAttempts: 10 })).toBe(60 * 60_000)
  })
})

describe("the fresh session's data", () => {
  it("keeps the customer's checkout choices, drops saved cards and server fields, and names the cart", () => {
    const data = freshSessionData(
      {
        session_id: "payses_failed",
        return_url: "https://shop.example/return",
        service: "payment_card_usd_hpp",
        locale: "uk",
        email: "typed@example.com",
        cart_customer: { email: "jane@example.com" },
        save_card: true,
        saved_card_id: "pcsc_1",
        paycore_invoice_id: "cpi_failed",
        hpp_url: "http://paycore/hpp/?cpi=cpi_failed",
        cart_id: "cart_other",
      },
      "cart_1",
      "jane@example.com"
    )
    expect(data).toEqual({
      return_url: "https://shop.example/return",
      service: "payment_card_usd_hpp",
      locale: "uk",
      email: "typed@example.com",
      cart_customer: { email: "jane@example.com" },
      cart_id: "cart_1",
    })
  })

  it("uses the cart's email when the failed session is gone", () => {
    expect(freshSessionData(undefined, "cart_1", "jane@example.com")).toEqual({
      email: "jane@example.com",
      cart_id: "cart_1",
    })
  })
})
