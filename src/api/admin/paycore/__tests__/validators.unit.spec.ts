import { parseInput, paymentLinkRequestSchema, payoutApprovalSchema, payoutRequestSchema } from "../validators"

const request = (overrides: Record<string, unknown>) => ({
  amount: "10.50",
  currency: "usd",
  fields: { card_number: "5123817234060000" },
  order_id: "order_01",
  ...overrides,
})

const refusal = (schema: Parameters<typeof parseInput>[0], body: unknown) => {
  try {
    parseInput(schema, body)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error("expected a refusal")
}

describe("payout request validation", () => {
  it("refuses a card number sent as a JSON number, naming the field, instead of changing its digits", () => {
    const body = request({ fields: { card_number: 4000056655665556123 } })
    expect(refusal(payoutRequestSchema, body)).toContain("fields.card_number: must be a string")
  })

  it("refuses a re-entered destination field sent as a number on approval", () => {
    expect(refusal(payoutApprovalSchema, { fields: { card_number: 5123817234060000 } })).toContain("fields.card_number")
  })

  it.each([
    ["10.50", 10.5],
    [10.5, 10.5],
    ["0.001", 0.001],
    ["000012", 12],
  ])("reads the amount %p exactly as %p", (amount, expected) => {
    expect(parseInput(payoutRequestSchema, request({ amount })).amount).toBe(expected)
  })

  it.each([
    ["1e3", "must be a decimal number"],
    [1e21, "must be a decimal number"],
    ["1234567890123", "must be below 10^12"],
    ["0.1234567890123456789", "more decimal digits"],
    ["999999999999.999999", "more digits than can be sent exactly"],
    ["-5", "must be greater than 0"],
    ["- 5", "must be a decimal number"],
  ])("refuses the amount %p by name (%s), never rounding it", (amount, message) => {
    const text = refusal(payoutRequestSchema, request({ amount }))
    expect(text).toContain("amount:")
    expect(text).toContain(message)
  })
})

describe("payment link request validation", () => {
  it("notifies the customer unless told not to", () => {
    expect(parseInput(paymentLinkRequestSchema, undefined)).toEqual({ notify: true })
    expect(parseInput(paymentLinkRequestSchema, { notify: false })).toEqual({ notify: false })
  })

  it("refuses a provider that is not PayCore's, a notify that is not a boolean and unknown fields, naming each", () => {
    expect(refusal(paymentLinkRequestSchema, { provider_id: "pp_stripe_stripe" })).toContain(
      "provider_id: must be a PayCore provider id"
    )
    expect(refusal(paymentLinkRequestSchema, { notify: "yes" })).toContain("notify:")
    expect(refusal(paymentLinkRequestSchema, { amount: 5 })).toContain("amount: is not a known field")
  })
})
