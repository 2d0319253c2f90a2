import { collectionObstacle, expiryFor, linkStatusAfter, outstandingAmount, reusableLink, shownStatus } from "../rules"
import { paymentLinkView, storePaymentLinkView, type PaymentLinkRecord } from "../view"

const NOW = new Date("2026-12-06T12:00:00Z")
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000)

describe("what an order owes", () => {
  it("is its pending difference when above zero, read exactly from the raw value", () => {
    expect(outstandingAmount({ raw_pending_difference: { value: "27.5", precision: 20 } as any })).toEqual({
      value: "27.5",
      precision: 20,
    })
    expect(outstandingAmount({ pending_difference: 0.01 })).toBe(0.01)
  })

  it("is nothing when the order is paid, overpaid or has no summary", () => {
    expect(outstandingAmount({ pending_difference: 0 })).toBeNull()
    expect(outstandingAmount({ pending_difference: -5 })).toBeNull()
    expect(outstandingAmount(undefined)).toBeNull()
  })
})

describe("a payment link sent again instead of a new invoice", () => {
  const link = (over: Partial<Parameters<typeof reusableLink>[0][number]> = {}) => ({
    session_id: "payses_1",
    status: "awaiting",
    provider_id: "pp_paycore_paycore",
    payment_collection_id: "pay_col_1",
    amount: 27.5,
    currency_code: "usd",
    expires_at: minutes(60),
    created_at: minutes(-10),
    ...over,
  })
  const want = {
    amount: "27.50",
    currency_code: "USD",
    provider_id: "pp_paycore_paycore",
    payment_collection_id: "pay_col_1",
  }

  it("is the newest awaiting link for the same amount, compared as money", () => {
    const older = link({ session_id: "payses_old", created_at: minutes(-30) })
    const newer = link({ session_id: "payses_new" })
    expect(reusableLink([older, newer], want, NOW)?.session_id).toBe("payses_new")
  })

  it("is none for another amount, provider, collection, a paid link or one about to expire", () => {
    expect(reusableLink([link({ amount: 27.49 })], want, NOW)).toBeUndefined()
    expect(reusableLink([link({ provider_id: "pp_paycore_other" })], want, NOW)).toBeUndefined()
    expect(reusableLink([link({ payment_collection_id: "pay_col_2" })], want, NOW)).toBeUndefined()
    expect(reusableLink([link({ status: "paid" })], want, NOW)).toBeUndefined()
    expect(reusableLink([link({ expires_at: minutes(4) })], want, NOW)).toBeUndefined()
  })

  it("may be a link without a known expiry", () => {
    expect(reusableLink([link({ expires_at: null })], want, NOW)).toBeDefined()
  })
})

describe("a payment link's status", () => {
  it("follows what applying the invoice's state did", () => {
    expect(linkStatusAfter("processed", "payment_captured", false)).toBe("paid")
    expect(linkStatusAfter("process_failed", "session_failed", false)).toBe("failed")
    expect(linkStatusAfter("expired", "session_canceled", false)).toBe("expired")
    expect(linkStatusAfter("terminated", "session_canceled", false)).toBe("canceled")
    expect(linkStatusAfter("processing", "pending", false)).toBeUndefined()
  })

  it("is canceled when its payment became an orphan payment", () => {
    expect(linkStatusAfter("processed", "unknown_session", true)).toBe("canceled")
  })

  it("shows expired once an awaiting link is past its expiry, before any callback says so", () => {
    expect(shownStatus({ status: "awaiting", expires_at: minutes(-1) }, NOW)).toBe("expired")
    expect(shownStatus({ status: "awaiting", expires_at: minutes(1) }, NOW)).toBe("awaiting")
    expect(shownStatus({ status: "paid", expires_at: minutes(-1) }, NOW)).toBe("paid")
  })

  it("expires after the provider's invoice lifetime, or at an unknown time when none is sent", () => {
    expect(expiryFor(NOW, 60)).toEqual(minutes(60))
    expect(expiryFor(NOW, 0)).toBeNull()
  })
})

describe("a paid link's payment collection", () => {
  const open = { status: "not_paid", amount: 27.5, captured_amount: 0, order_id: "order_1", deleted: false }

  it("takes the payment while it is the order's, open, and the order still owes", () => {
    expect(collectionObstacle(open, "order_1", 27.5, 27.5)).toBeUndefined()
  })

  it("does not take it (an orphan payment) once deleted, unlinked, canceled, paid, or the order owes less", () => {
    expect(collectionObstacle(undefined, "order_1", 27.5, 27.5)).toContain("deleted")
    expect(collectionObstacle({ ...open, order_id: null }, "order_1", 27.5, 27.5)).toContain("no longer belongs")
    expect(collectionObstacle({ ...open, status: "canceled" }, "order_1", 27.5, 27.5)).toContain("canceled")
    expect(collectionObstacle({ ...open, status: "completed" }, "order_1", 27.5, 27.5)).toContain("already paid")
    expect(collectionObstacle({ ...open, captured_amount: 27.5 }, "order_1", 27.5, 27.5)).toContain("already paid")
    expect(collectionObstacle(open, "order_1", null, 27.5)).toContain("owes nothing")
    expect(collectionObstacle(open, "order_1", 20, 27.5)).toContain("owes less")
  })
})

describe("a payment link as the routes show it", () => {
  const record: PaymentLinkRecord = {
    id: "pcpl_1",
    session_id: "payses_1",
    order_id: "order_1",
    display_id: 7,
    payment_collection_id: "pay_col_1",
    provider_id: "pp_paycore_paycore",
    invoice_id: "cpi_1",
    amount: "27.5",
    currency_code: "usd",
    url: "https://paycore.example/hpp/?cpi=cpi_1",
    status: "awaiting",
    email: "jane@example.com",
    paid_at: null,
    expires_at: minutes(60),
    notified_at: null,
    created_by: "user_1",
    created_at: NOW,
  }

  it("is named by its payment session, with the amount in major units and ISO times", () => {
    expect(paymentLinkView(record, NOW)).toEqual({
      id: "payses_1",
      order_id: "order_1",
      display_id: 7,
      payment_collection_id: "pay_col_1",
      invoice_id: "cpi_1",
      amount: 27.5,
      currency_code: "usd",
      url: record.url,
      status: "awaiting",
      created_at: NOW.toISOString(),
      paid_at: null,
      expires_at: minutes(60).toISOString(),
      notified_at: null,
      created_by: "user_1",
    })
  })

  it("shows the customer's pay page no email, order id or invoice id", () => {
    const shown = storePaymentLinkView(record, NOW)
    expect(Object.keys(shown).sort()).toEqual([
      "amount",
      "currency_code",
      "display_id",
      "expires_at",
      "id",
      "status",
      "url",
    ])
    expect(JSON.stringify(shown)).not.toContain("jane@example.com")
  })
})
