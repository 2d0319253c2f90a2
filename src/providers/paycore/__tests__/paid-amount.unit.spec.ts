import type { PaycorePaymentInvoice } from "../../../lib/paycore"
import { judgePaidAmount } from "../paid-amount"

const invoice = (attributes: Record<string, unknown>) =>
  ({
    type: "payment-invoices",
    id: "cpi_Test",
    attributes: { status: "processed", currency: "USD", ...attributes },
  }) as unknown as PaycorePaymentInvoice

const cart = { amount: 100, currency: "usd" }

describe("judgePaidAmount: does a processed invoice pay the session", () => {
  // PayCore's fee sheet (3 % + 10 on 100): what each fee strategy makes of the same invoice.
  it.each([
    ["no fee", { amount: 100, payment_amount: 100, processed_amount: 100 }],
    ["the fee inside the amount (internal)", { amount: 100, payment_amount: 100, processed_amount: 100 }],
    ["the fee added for the customer (external)", { amount: 100, payment_amount: 113, processed_amount: 113 }],
    ["the fee added, reversed (internal, reverse)", { amount: 100, payment_amount: 113.41, processed_amount: 113.41 }],
    ["no payment_amount in the body", { amount: 100, processed_amount: 100 }],
  ])("accepts %s", (_name, attributes) => {
    expect(judgePaidAmount(invoice(attributes), cart)).toMatchObject({ ok: true })
  })

  it("names a payment_amount above the amount as a fee, for a warning", () => {
    const verdict = judgePaidAmount(invoice({ amount: 100, payment_amount: 113.41, processed_amount: 113.41 }), cart)
    expect(verdict).toEqual({
      ok: true,
      paid: 113.41,
      fee: "PayCore asked the customer for 113.41 USD for an invoice of 100 USD (a fee strategy)",
    })
  })

  it.each([
    ["less than payment_amount (part of the fee unpaid)", { amount: 100, payment_amount: 113, processed_amount: 105 }],
    ["less than the cart total", { amount: 100, payment_amount: 100, processed_amount: 99.99 }],
    ["an invoice for another amount", { amount: 50, payment_amount: 113, processed_amount: 113 }],
    ["an invoice paid in full whose amount is not the cart's", { amount: 99, processed_amount: 99 }],
  ])("refuses %s as amount_mismatch", (_name, attributes) => {
    const verdict = judgePaidAmount(invoice(attributes), cart)
    expect(verdict.ok).toBe(false)
    expect(verdict.ok === false && verdict.problem).toMatch(/^amount_mismatch: /)
  })

  it("refuses another currency as currency_mismatch", () => {
    const verdict = judgePaidAmount(invoice({ currency: "EUR", amount: 100, processed_amount: 100 }), cart)
    expect(verdict).toMatchObject({ ok: false, problem: "currency_mismatch: paid in EUR, expected USD" })
  })

  it("compares exactly, in the currency's digits (no float arithmetic)", () => {
    const kwd = { amount: "0.3", currency: "kwd" }
    expect(judgePaidAmount(invoice({ currency: "KWD", amount: 0.3, processed_amount: 0.1 + 0.2 }), kwd).ok).toBe(true)
    expect(judgePaidAmount(invoice({ currency: "KWD", amount: 0.3, processed_amount: 0.299 }), kwd).ok).toBe(false)
  })
})
