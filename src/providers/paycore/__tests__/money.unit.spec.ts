import { BigNumber } from "@medusajs/framework/utils"
import type { BigNumberInput } from "@medusajs/framework/types"

import { amountsMatch, currencyDecimals, fromPaycoreAmount, toPaycoreAmount } from "../money"

describe("currencyDecimals", () => {
  it.each([
    ["USD", 2],
    ["usd", 2],
    ["JPY", 0],
    ["KWD", 3],
    ["UAH", 2],
    [" eur ", 2],
  ])("%s has %i decimal digits (Medusa's defaultCurrencies)", (code, digits) => {
    expect(currencyDecimals(code)).toBe(digits)
  })

  it("lets an override win over Medusa's table, case-insensitively", () => {
    expect(currencyDecimals("jpy", { JPY: 2 })).toBe(2)
    expect(currencyDecimals("BTC", { btc: 8 })).toBe(8)
  })

  it("throws a clear error for a currency Medusa does not know", () => {
    expect(() => currencyDecimals("BTC")).toThrow(
      'Unknown currency "BTC": add its number of decimal digits to the currency decimal overrides'
    )
  })

  it.each([-1, 1.5, 19, Number.NaN])("rejects an override of %p digits", (digits) => {
    expect(() => currencyDecimals("BTC", { BTC: digits })).toThrow("Invalid decimal digits override for BTC")
  })

  it("rejects an empty code", () => {
    expect(() => currencyDecimals("")).toThrow("Invalid currency code")
  })
})

describe("toPaycoreAmount", () => {
  it.each<[string, BigNumberInput, string, number, string]>([
    // [name, input, currency, expected number, expected JSON]
    ["JPY rounds half up to whole yen", 1234.5, "jpy", 1235, "1235"],
    ["JPY rounds down below half", 1234.4, "JPY", 1234, "1234"],
    ["USD rounds 10.005 half up", 10.005, "usd", 10.01, "10.01"],
    ["USD rounds 10.004 down", 10.004, "usd", 10, "10"],
    ["USD removes float noise from 0.1 + 0.2", 0.1 + 0.2, "usd", 0.3, "0.3"],
    ["USD accepts a numeric string", "19.99", "usd", 19.99, "19.99"],
    ["USD accepts a Medusa BigNumber", new BigNumber("49.9"), "usd", 49.9, "49.9"],
    ["USD accepts a raw {value, precision} as passed to refundPayment", { value: "5", precision: 20 }, "usd", 5, "5"],
    ["USD keeps whole amounts whole", 1000, "usd", 1000, "1000"],
    ["USD rounds a long string half up", "2.675", "usd", 2.68, "2.68"],
    ["KWD rounds to 3 digits", 1.2345, "kwd", 1.235, "1.235"],
    ["KWD keeps 3 digits", "0.001", "kwd", 0.001, "0.001"],
    ["zero stays zero", 0, "usd", 0, "0"],
    ["negative zero becomes zero", "-0", "usd", 0, "0"],
    ["a huge USD amount stays exact", "123456789012.34", "usd", 123456789012.34, "123456789012.34"],
    ["a huge JPY amount stays exact", "9007199254740991", "jpy", 9007199254740991, "9007199254740991"],
    ["an override applies (BTC, 8 digits)", "0.123456785", "btc", 0.12345679, "0.12345679"],
  ])("%s", (_name, input, currency, expected, json) => {
    const amount = toPaycoreAmount(input, currency, { BTC: 8 })
    expect(amount).toBe(expected)
    expect(JSON.stringify({ amount })).toBe(`{"amount":${json}}`)
  })

  it("does not double-round: 1.005 as a string is 1.01, the decimal, not the float 1.00499…", () => {
    expect(toPaycoreAmount("1.005", "usd")).toBe(1.01)
    expect(toPaycoreAmount(1.005, "usd")).toBe(1.01)
  })

  it.each<[string, unknown]>([
    ["a negative number", -1],
    ["a negative string", "-0.01"],
    ["a negative raw value", { value: "-5", precision: 20 }],
  ])("rejects %s", (_name, input) => {
    expect(() => toPaycoreAmount(input as BigNumberInput, "usd")).toThrow("is negative")
  })

  it.each<[string, unknown]>([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["a non-numeric string", "ten"],
    ["null", null],
    ["undefined", undefined],
  ])("rejects %s", (_name, input) => {
    expect(() => toPaycoreAmount(input as BigNumberInput, "usd")).toThrow("Invalid amount")
  })

  it("refuses an amount that a JSON number cannot carry exactly", () => {
    expect(() => toPaycoreAmount("12345678901234567.89", "usd")).toThrow("cannot be sent to PayCore exactly")
  })

  it("refuses an unknown currency rather than guessing its precision", () => {
    expect(() => toPaycoreAmount(1, "xyz")).toThrow('Unknown currency "XYZ"')
  })
})

describe("fromPaycoreAmount", () => {
  it.each<[number | string, string, string]>([
    [10.5, "usd", "10.5"],
    ["10.50", "usd", "10.5"],
    [0.30000000000000004, "usd", "0.3"],
    [1235, "jpy", "1235"],
    [1.235, "kwd", "1.235"],
  ])("%p %s → BigNumber %s", (input, currency, expected) => {
    const amount = fromPaycoreAmount(input, currency)
    expect(amount).toBeInstanceOf(BigNumber)
    expect(amount.bigNumber?.toFixed()).toBe(expected)
    expect(amount.numeric).toBe(Number(expected))
  })
})

describe("amountsMatch", () => {
  it.each<[BigNumberInput, BigNumberInput, string, boolean]>([
    [49.9, "49.90", "usd", true],
    [10.004, 10, "usd", true],
    [10.005, 10, "usd", false],
    [new BigNumber(55), { value: "55", precision: 20 }, "usd", true],
    [1234.4, 1234, "jpy", true],
    [1234.5, 1234, "jpy", false],
    [1.2341, 1.234, "kwd", true],
    [1.2345, 1.234, "kwd", false],
  ])("%p vs %p in %s → %s", (a, b, currency, expected) => {
    expect(amountsMatch(a, b, currency)).toBe(expected)
  })
})
