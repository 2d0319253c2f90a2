import { Modules } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"

/** `order.metadata.paycore_chargeback`: the order's latest PayCore chargeback. */
export const ORDER_CHARGEBACK_FLAG = "paycore_chargeback"

export type OrderChargebackFlag = {
  /** What PayCore says was charged back on the invoice so far (major units). */
  amount: number
  currency: string
  /** PayCore's status: `partially_charged_back` or `charged_back`. */
  status: string
  /** PayCore's time of the chargeback (ISO 8601). */
  at: string
  invoice_id: string
  payment_id: string
}

export const flagOrderChargebackStepId = "flag-order-chargeback"
/**
 * Writes the flag through the order module (metadata keys are merged; a canceled order is flagged too, which
 * updateOrderWorkflow refuses). Compensation: the previous flag, or none, is put back.
 */
export const flagOrderChargebackStep = createStep(
  flagOrderChargebackStepId,
  async (input: { order_id: string; flag: OrderChargebackFlag }, { container }) => {
    const orders = container.resolve(Modules.ORDER)
    const order = await orders.retrieveOrder(input.order_id, { select: ["id", "metadata"] })
    const previous = (order.metadata as Record<string, unknown> | null)?.[ORDER_CHARGEBACK_FLAG] ?? null
    await orders.updateOrders(input.order_id, { metadata: { [ORDER_CHARGEBACK_FLAG]: input.flag } })
    return new StepResponse(input.flag, { order_id: input.order_id, previous })
  },
  async (written, { container }) => {
    if (!written) return
    // "" deletes a metadata key (Medusa's metadata merge).
    await container
      .resolve(Modules.ORDER)
      .updateOrders(written.order_id, { metadata: { [ORDER_CHARGEBACK_FLAG]: written.previous ?? "" } })
  }
)
