import { balanceShortfall } from "../balance"

describe("a payout against the PayCore balance", () => {
  const balance = (available: string) => ({ currency: "USD", available, test_mode: true })

  it("is refused when larger than the balance, with the balance in the message", () => {
    expect(balanceShortfall(100.01, balance("100"))).toBe(
      "amount: 100.01 USD is more than the PayCore balance of 100 USD"
    )
  })

  it("goes through up to the exact balance, compared as decimals", () => {
    expect(balanceShortfall(100, balance("100.00"))).toBeNull()
    expect(balanceShortfall(0.3, balance("0.3"))).toBeNull()
    expect(balanceShortfall(0.1 + 0.2, balance("0.3"))).not.toBeNull()
    expect(balanceShortfall(9007199254740.99, balance("9007199254740.98"))).not.toBeNull()
  })

  it("is not checked when there is no balance to check against", () => {
    expect(balanceShortfall(1_000_000, null)).toBeNull()
    expect(balanceShortfall(1_000_000, "unavailable")).toBeNull()
  })
})
