import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { PaycorePaymentInvoice } from "../lib/paycore"
import { orderOfCollection, recordChargeback } from "./at-paycore/chargebacks"
import { recordRefundsMadeAtPaycore } from "./at-paycore/refunds"
import type { ApplyResult } from "./outcomes"
import { mergePaymentData } from "./payment-data"

/**
 * Refunds and chargebacks happen after the order exists. The payment's `data` gets PayCore's status and amounts
 * (the admin widget shows them); a refund made at PayCore (not by Medusa) becomes a Medusa refund, a chargeback
 * flags the order and emits an event (payments/at-paycore); a failed refund is logged as an error because the shop
 * believes the money went back.
 */
export async function recordAfterPayment(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  session: any,
  kind: "refund" | "chargeback"
): Promise<ApplyResult> {
  const attributes = invoice.attributes
  const paymentId: string | undefined = session.payment?.id
  if (paymentId) {
    // Only these keys: Medusa may be writing this refund's entry of `paycore_refunds` right now (payment-data.ts).
    await mergePaymentData(container, paymentId, {
      paycore_status: attributes.status,
      paycore_updated: attributes.updated ?? null,
      refunded_amount: attributes.refunded_amount ?? null,
      charged_back_amount: attributes.charged_back_amount ?? null,
    })
  }
  const orderId = paymentId ? await orderOfCollection(container, session.payment_collection_id) : undefined
  const refunds = await recordRefundsMadeAtPaycore(container, invoice, session, orderId)
  if (refunds.retry) return { outcome: "retry", detail: refunds.retry }
  const atPaycore = refunds.recorded
    ? `; ${refunds.recorded} ${attributes.currency} refunded at PayCore recorded`
    : refunds.problem
      ? `; ${refunds.problem}`
      : ""

  if (attributes.status === "refund_failed") {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .error(`PayCore: a refund of invoice ${invoice.id} failed at PayCore; the customer has not been refunded`)
    return { outcome: "refund_failed", detail: attributes.resolution ?? undefined, orderId }
  }
  if (kind === "chargeback") {
    const retry = await recordChargeback(container, invoice, paymentId, orderId)
    if (retry) return { outcome: "retry", detail: retry }
    return {
      outcome: "chargeback_recorded",
      detail: `${attributes.status}: ${attributes.charged_back_amount ?? "?"} ${attributes.currency}${atPaycore}`,
      orderId,
    }
  }
  return {
    outcome: "refund_recorded",
    detail: `${attributes.status}: ${attributes.refunded_amount ?? 0} ${attributes.currency} refunded${atPaycore}`,
    orderId,
  }
}
