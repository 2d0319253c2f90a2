import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import type { PaycorePaymentInvoice } from "../../lib/paycore"
import { amountsMatch, currencyDecimals, fromPaycoreAmount, type CurrencyDecimalOverrides } from "./money"

/** What a PayCore invoice says the customer paid, judged against what the Medusa session asked for. */
export type PaidAmountVerdict =
  { ok: true; paid: number; fee: string | null } | { ok: false; problem: string; paid: number | null }

/**
 * The one rule for "this processed invoice pays this session" (docs/paycore-notes.md, "Payment invoices"):
 * - the invoice is in the session's currency, and its `amount` (what the plugin asked for) is the session's amount;
 * - the customer paid at least `payment_amount`, the amount PayCore asked of them: with a fee strategy that puts the
 *   fee on the customer it is more than `amount` (113.41 for 100), and `processed_amount` may be less when the
 *   customer paid only part of it;
 * - never less than the session's amount.
 * `fee` names a `payment_amount` that differs from `amount`, for a warning.
 */
export function judgePaidAmount(
  invoice: PaycorePaymentInvoice,
  expected: { amount: BigNumberInput | undefined; currency: string | undefined },
  decimals?: CurrencyDecimalOverrides
): PaidAmountVerdict {
  const attributes = invoice.attributes
  const currency = (expected.currency ?? attributes.currency).toUpperCase()
  const paid = attributes.processed_amount ?? attributes.payment_amount ?? attributes.amount ?? null
  if (attributes.currency.toUpperCase() !== currency) {
    return { ok: false, paid, problem: `currency_mismatch: paid in ${attributes.currency}, expected ${currency}` }
  }
  if (paid === null || expected.amount === undefined) return { ok: false, paid, problem: "amount_unknown" }
  const expectedText = MathBN.convert(expected.amount).toString()
  const asked = attributes.amount
  if (asked !== null && asked !== undefined && !amountsMatch(asked, expected.amount, currency, decimals)) {
    return {
      ok: false,
      paid,
      problem: `amount_mismatch: the invoice is for ${asked} ${currency}, expected ${expectedText}`,
    }
  }
  currencyDecimals(currency, decimals) // refuses a currency whose digits are unknown
  const paidMoney = fromPaycoreAmount(paid, currency, decimals)
  const owed = attributes.payment_amount ?? null
  const atLeast = [expected.amount, ...(owed === null ? [] : [fromPaycoreAmount(owed, currency, decimals)])]
  if (atLeast.some((minimum) => MathBN.lt(paidMoney, minimum))) {
    return {
      ok: false,
      paid,
      problem: `amount_mismatch: paid ${paid} ${currency}, expected ${owed !== null ? `${owed} (payment_amount)` : expectedText}`,
    }
  }
  const fee =
    owed !== null && asked !== null && asked !== undefined && !amountsMatch(owed, asked, currency, decimals)
      ? `PayCore asked the customer for ${owed} ${currency} for an invoice of ${asked} ${currency} (a fee strategy)`
      : null
  return { ok: true, paid, fee }
}
