import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import type { CurrencyDecimalOverrides } from "../../../providers/paycore/money"
import {
  REFUND_AT_PAYCORE_MARKER,
  claimRefundAtPaycore,
  releaseRefundAtPaycore,
} from "../../../providers/paycore/core/refund-at-paycore"

export type MarkRefundAtPaycoreInput = {
  payment_id: string
  invoice_id: string
  /** The PayCore refund being recorded (see paycoreRefundKey). */
  key: string
  amount: number
  currency_code: string
  decimals?: CurrencyDecimalOverrides
}

type Marker = { key: string; amount: number }

/** Sets the marker, or (null) removes the one with `key`. */
async function updateMarker(container: MedusaContainer, paymentId: string, marker: Marker | null, key: string) {
  const payments = container.resolve(Modules.PAYMENT)
  const [payment] = await payments.listPayments({ id: paymentId }, { select: ["id", "data"] })
  const data = { ...(payment?.data ?? {}) } as Record<string, unknown>
  if (marker) data[REFUND_AT_PAYCORE_MARKER] = marker
  else if ((data[REFUND_AT_PAYCORE_MARKER] as Marker | undefined)?.key === key) delete data[REFUND_AT_PAYCORE_MARKER]
  else return
  await payments.updatePayment({ id: paymentId, data } as any)
}

export const markRefundAtPaycoreStepId = "mark-refund-at-paycore"
/**
 * Marks the payment so that the provider's refundPayment records the next refund of this amount without asking
 * PayCore to refund again (providers/paycore/core/refund-at-paycore.ts). Compensation: the mark is withdrawn.
 */
export const markRefundAtPaycoreStep = createStep(
  markRefundAtPaycoreStepId,
  async (input: MarkRefundAtPaycoreInput, { container }) => {
    await updateMarker(container, input.payment_id, { key: input.key, amount: input.amount }, input.key)
    claimRefundAtPaycore(input.invoice_id, {
      key: input.key,
      amount: input.amount,
      currency: input.currency_code,
      decimals: input.decimals,
    })
    return new StepResponse(undefined, { payment_id: input.payment_id, invoice_id: input.invoice_id, key: input.key })
  },
  async (marked, { container }) => {
    if (!marked) return
    releaseRefundAtPaycore(marked.invoice_id, marked.key)
    await updateMarker(container, marked.payment_id, null, marked.key)
  }
)
