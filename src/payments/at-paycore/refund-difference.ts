import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import { currencyDecimals, type CurrencyDecimalOverrides } from "../../providers/paycore/money"

/**
 * What a PayCore state's cumulative `refunded_amount` means for Medusa. PayCore names no refund in invoice states,
 * so only the totals can be compared: whatever PayCore refunded beyond what Medusa has recorded on the payment was
 * refunded at PayCore (its dashboard). A Medusa refund is recorded before Medusa asks PayCore to make it, so its
 * own callback never looks like a new one.
 */
export type RefundDifference =
  { kind: "none" } | { kind: "record"; amount: string } | { kind: "too_large"; amount: string; refundable: string }

export type RefundTotals = {
  /** PayCore's cumulative refunded amount (major units); null or absent: nothing refunded. */
  paycoreRefunded: BigNumberInput | null | undefined
  /** What Medusa's refunds on the payment add up to. */
  medusaRefunded: BigNumberInput
  /** What Medusa captured on the payment. */
  captured: BigNumberInput
  currency: string
  decimals?: CurrencyDecimalOverrides
}

/** Exact decimals, rounded to the currency (HALF-UP): no float arithmetic on money. */
export function refundDifference(totals: RefundTotals): RefundDifference {
  const digits = currencyDecimals(totals.currency, totals.decimals)
  const round = (value: BigNumberInput) => MathBN.convert(value).decimalPlaces(digits, 4)
  if (totals.paycoreRefunded === null || totals.paycoreRefunded === undefined) return { kind: "none" }
  const missing = round(totals.paycoreRefunded).minus(round(totals.medusaRefunded))
  // Negative: Medusa refunds PayCore has not finished yet.
  if (!missing.isGreaterThan(0)) return { kind: "none" }
  const refundable = round(totals.captured).minus(round(totals.medusaRefunded))
  if (missing.isGreaterThan(refundable)) {
    return { kind: "too_large", amount: missing.toFixed(digits), refundable: refundable.toFixed(digits) }
  }
  return { kind: "record", amount: missing.toFixed(digits) }
}

/**
 * Names one PayCore-side refund for exactly-once recording: PayCore's refund id when a state carries one, else the
 * invoice and PayCore's cumulative refunded amount after it (the same refund always yields the same total).
 */
export function paycoreRefundKey(
  invoiceId: string,
  paycoreRefunded: BigNumberInput,
  currency: string,
  decimals?: CurrencyDecimalOverrides,
  paycoreRefundId?: string | null
): string {
  if (paycoreRefundId) return `${invoiceId}/${paycoreRefundId}`
  const digits = currencyDecimals(currency, decimals)
  return `${invoiceId}@${MathBN.convert(paycoreRefunded).decimalPlaces(digits, 4).toFixed(digits)}`
}

/** PayCore's refund id, if a state names one (`refund_id`; PayCore documents none for invoice states). */
export function paycoreRefundIdOf(attributes: Record<string, unknown>): string | undefined {
  const id = attributes.refund_id
  return typeof id === "string" && /^ref_[A-Za-z0-9_-]+$/.test(id) ? id : undefined
}
