import { refundPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { WorkflowResponse, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import { ensurePaycoreRefundReasonStep, markRefundAtPaycoreStep, type MarkRefundAtPaycoreInput } from "./steps"

export type RecordRefundAtPaycoreInput = MarkRefundAtPaycoreInput & {
  /** Shown with the refund in the admin. */
  note: string
}

export const recordRefundAtPaycoreWorkflowId = "record-refund-at-paycore"

/**
 * Records a refund PayCore made without Medusa (its dashboard) as a Medusa refund with the reason
 * `paycore_dashboard`, through Medusa's own refundPaymentWorkflow: the order's transactions, refund credit lines,
 * totals and `payment.refunded` are as for any refund, and PayCore is not asked to refund again.
 */
export const recordRefundAtPaycoreWorkflow = createWorkflow(
  recordRefundAtPaycoreWorkflowId,
  function (input: RecordRefundAtPaycoreInput) {
    const reason = ensurePaycoreRefundReasonStep()
    markRefundAtPaycoreStep(input)
    const refund = transform({ input, reason }, ({ input, reason }) => ({
      payment_id: input.payment_id,
      amount: input.amount,
      refund_reason_id: reason.id,
      note: input.note,
    }))
    const payment = refundPaymentWorkflow.runAsStep({ input: refund })
    return new WorkflowResponse(payment)
  }
)
