import { paycoreRefundIdOf, paycoreRefundKey, refundDifference } from "../refund-difference"

describe("refundDifference", () => {
  const totals = { medusaRefunded: 0, captured: 30, currency: "usd" }

  it("records what PayCore refunded beyond Medusa's refunds", () => {
    expect(refundDifference({ ...totals, paycoreRefunded: 10 })).toEqual({ kind: "record", amount: "10.00" })
    expect(refundDifference({ ...totals, paycoreRefunded: 17.5, medusaRefunded: 7.5 })).toEqual({
      kind: "record",
      amount: "10.00",
    })
  })

  it("records nothing when Medusa's refunds already cover PayCore's total (a Medusa refund's own callback)", () => {
    expect(refundDifference({ ...totals, paycoreRefunded: 10, medusaRefunded: 10 })).toEqual({ kind: "none" })
  })

  it("records nothing while Medusa has refunds PayCore has not finished", () => {
    expect(refundDifference({ ...totals, paycoreRefunded: 5, medusaRefunded: 15 })).toEqual({ kind: "none" })
  })

  it("records nothing without a refunded amount", () => {
    expect(refundDifference({ ...totals, paycoreRefunded: null })).toEqual({ kind: "none" })
    expect(refundDifference({ ...totals, paycoreRefunded: undefined })).toEqual({ kind: "none" })
  })

  it("is exact where floats are not: 0.3 refunded at PayCore after 0.1 and 0.2 in Medusa is nothing new", () => {
    expect(refundDifference({ ...totals, paycoreRefunded: 0.3, medusaRefunded: "0.30000000000000004" })).toEqual({
      kind: "none",
    })
    expect(refundDifference({ ...totals, paycoreRefunded: 0.3, medusaRefunded: 0.1 })).toEqual({
      kind: "record",
      amount: "0.20",
    })
  })

  it("rounds to the currency's digits (JPY none, KWD three)", () => {
    expect(refundDifference({ ...totals, currency: "jpy", captured: 5000, paycoreRefunded: 1234.5 })).toEqual({
      kind: "record",
      amount: "1235",
    })
    expect(refundDifference({ ...totals, currency: "kwd", paycoreRefunded: 1.2345 })).toEqual({
      kind: "record",
      amount: "1.235",
    })
  })

  it("reads Medusa's raw amounts ({ value, precision })", () => {
    expect(
      refundDifference({ ...totals, paycoreRefunded: 12, medusaRefunded: { value: "2", precision: 20 } as any })
    ).toEqual({ kind: "record", amount: "10.00" })
  })

  it("calls a refund larger than what Medusa can still refund too large, saying what is left", () => {
    expect(refundDifference({ ...totals, paycoreRefunded: 31 })).toEqual({
      kind: "too_large",
      amount: "31.00",
      refundable: "30.00",
    })
    expect(refundDifference({ ...totals, paycoreRefunded: 30, medusaRefunded: 10, captured: 25 })).toEqual({
      kind: "too_large",
      amount: "20.00",
      refundable: "15.00",
    })
  })
})

describe("paycoreRefundKey", () => {
  it("is the invoice and PayCore's cumulative amount at the currency's digits", () => {
    expect(paycoreRefundKey("cpi_A", 10, "usd")).toBe("cpi_A@10.00")
    expect(paycoreRefundKey("cpi_A", "10.0", "USD")).toBe("cpi_A@10.00")
    expect(paycoreRefundKey("cpi_A", 1234.5, "jpy")).toBe("cpi_A@1235")
  })

  it("is PayCore's refund id when the state names one", () => {
    expect(paycoreRefundKey("cpi_A", 10, "usd", undefined, "ref_X1")).toBe("cpi_A/ref_X1")
    expect(paycoreRefundIdOf({ refund_id: "ref_X1" })).toBe("ref_X1")
    expect(paycoreRefundIdOf({ refund_id: "not a refund" })).toBeUndefined()
    expect(paycoreRefundIdOf({})).toBeUndefined()
  })
})
