import { resolutionMessage } from "../resolution"

describe("resolutionMessage", () => {
  it.each([
    ["insufficient_funds", "The card has insufficient funds."],
    ["issuer_decline", "The card's bank declined the payment."],
    ["invalid_3ds_code", "The 3-D Secure confirmation failed."],
    ["some_new_code_paycore_adds", "The payment could not be completed."],
  ])("words %s for a customer", (code, message) => {
    expect(resolutionMessage(code)).toBe(message)
  })

  it("has nothing to say without a resolution", () => {
    expect(resolutionMessage(null)).toBeNull()
    expect(resolutionMessage(undefined)).toBeNull()
  })
})
