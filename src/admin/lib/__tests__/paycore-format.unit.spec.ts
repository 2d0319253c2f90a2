import {
  callbackOutcomeText,
  callbackSourceText,
  formatAmount,
  formatTime,
  humanize,
  outcomeIsProblem,
  outcomeText,
  savedCardName,
  statusColor,
} from "../paycore-format"

const callback = (outcome: string, detail: string | null, source: "callback" | "reconciliation" = "callback") => ({
  received_at: "2026-11-28T07:00:00.000Z",
  status: "processed",
  source,
  outcome,
  signature: "accepted" as const,
  detail,
})

describe("admin PayCore panel wording", () => {
  it("colours paid statuses green, open ones blue or orange, failed and charged back ones red, unknown ones grey", () => {
    expect(statusColor("processed")).toBe("green")
    expect(statusColor("processing")).toBe("blue")
    expect(statusColor("process_pending")).toBe("orange")
    expect(statusColor("process_failed")).toBe("red")
    expect(statusColor("partially_charged_back")).toBe("red")
    expect(statusColor("something_new")).toBe("grey")
  })

  it("names a saved card by its brand and last four digits, an unknown brand capitalised", () => {
    expect(savedCardName({ brand: "mastercard", last4: "0000" })).toBe("Mastercard •••• 0000")
    expect(savedCardName({ brand: "VISA", last4: "4242" })).toBe("Visa •••• 4242")
    expect(savedCardName({ brand: "prostir", last4: "1234" })).toBe("Prostir •••• 1234")
  })

  it("turns PayCore codes into words", () => {
    expect(humanize("partially_charged_back")).toBe("Partially charged back")
    expect(humanize("processed")).toBe("Processed")
    expect(humanize("")).toBe("")
  })

  it("formats major-unit amounts in the invoice currency, and falls back for a code Intl does not know", () => {
    expect(formatAmount(27.5, "usd", "en-US")).toBe("$27.50")
    expect(formatAmount(0, "eur", "en-US")).toBe("€0.00")
    expect(formatAmount(null, "usd", "en-US")).toBe("$0.00")
    expect(formatAmount(12, "not-a-code", "en-US")).toBe("12.00 NOT-A-CODE")
  })

  it("formats times compactly, and keeps a value that is not a date", () => {
    expect(formatTime("2026-11-28T07:00:12.000Z", "en-US", "UTC")).toBe("Nov 28, 07:00:12")
    expect(formatTime(null)).toBe("—")
    expect(formatTime("soon")).toBe("soon")
  })

  it("says whether a callback or a status check created the order", () => {
    const base = { outcome: "order_created", outcome_detail: null }
    expect(outcomeText({ ...base, callbacks: [callback("applied", "order_created")] })).toBe(
      "Order created from PayCore callback"
    )
    expect(outcomeText({ ...base, callbacks: [callback("applied", "order_created", "reconciliation")] })).toBe(
      "Order created after a status check at PayCore"
    )
    expect(outcomeText({ ...base, callbacks: [] })).toBe("Order created from PayCore callback")
  })

  it("names the reason of a refused payment and flags it, with chargebacks, as needing attention", () => {
    const refused = { outcome: "payment_refused", outcome_detail: "amount mismatch", callbacks: [] }
    expect(outcomeText(refused)).toBe("Payment refused: amount mismatch")
    expect(outcomeIsProblem("payment_refused")).toBe(true)
    expect(outcomeIsProblem("chargeback_recorded")).toBe(true)
    expect(outcomeIsProblem("order_created")).toBe(false)
    expect(outcomeIsProblem(null)).toBe(false)
    expect(outcomeText({ outcome: null, outcome_detail: null, callbacks: [] })).toBeNull()
    expect(outcomeText({ outcome: "brand_new", outcome_detail: "x", callbacks: [] })).toBe("Brand new: x")
  })

  it("describes callback log entries: what an applied state did, duplicates, rejections with their reason", () => {
    expect(callbackOutcomeText(callback("applied", "order_created"))).toBe("Applied: order created")
    expect(callbackOutcomeText(callback("applied", "chargeback_recorded: partially_charged_back: 10 USD"))).toBe(
      "Applied: chargeback recorded (partially_charged_back: 10 USD)"
    )
    expect(callbackOutcomeText(callback("duplicate", null))).toBe("Duplicate, already applied")
    expect(callbackOutcomeText(callback("rejected", "signature mismatch"))).toBe("Rejected: signature mismatch")
    expect(callbackOutcomeText(callback("applied", "something else"))).toBe("Applied: something else")
    expect(callbackSourceText("reconciliation")).toBe("Status check")
    expect(callbackSourceText("callback")).toBe("Callback")
  })
})
