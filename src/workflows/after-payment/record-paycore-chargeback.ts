import { WorkflowResponse, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { flagOrderChargebackStep, type OrderChargebackFlag } from "./steps"

/** Emitted once per new chargeback amount of a PayCore invoice. */
export const PAYCORE_CHARGED_BACK_EVENT = "paycore.payment.charged_back"

export type PaycoreChargedBackEventData = {
  order_id: string
  payment_id: string
  invoice_id: string
  /** What PayCore says was charged back on the invoice so far (major units). */
  amount: number
  currency_code: string
}

export type RecordPaycoreChargebackInput = { order_id: string; flag: OrderChargebackFlag }

export const recordPaycoreChargebackWorkflowId = "record-paycore-chargeback"

/** Flags the order (`metadata.paycore_chargeback`) and emits `paycore.payment.charged_back` (only if both succeed). */
export const recordPaycoreChargebackWorkflow = createWorkflow(
  recordPaycoreChargebackWorkflowId,
  function (input: RecordPaycoreChargebackInput) {
    const flag = flagOrderChargebackStep(input)
    const data = transform({ input }, ({ input }): PaycoreChargedBackEventData => ({
      order_id: input.order_id,
      payment_id: input.flag.payment_id,
      invoice_id: input.flag.invoice_id,
      amount: input.flag.amount,
      currency_code: input.flag.currency.toLowerCase(),
    }))
    emitEventStep({ eventName: PAYCORE_CHARGED_BACK_EVENT, data })
    return new WorkflowResponse(flag)
  }
)
