import { Modules } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"

export const PAYCORE_REFUND_REASON_CODE = "paycore_dashboard"
export const PAYCORE_REFUND_REASON_LABEL = "Refunded at PayCore"

export const ensurePaycoreRefundReasonStepId = "ensure-paycore-refund-reason"
/**
 * The refund reason of refunds made at PayCore (code `paycore_dashboard`), created the first time. No compensation:
 * the reason is shared by every such refund, and the next recording would only create it again.
 */
export const ensurePaycoreRefundReasonStep = createStep(
  ensurePaycoreRefundReasonStepId,
  async (_input: void, { container }) => {
    const payments = container.resolve(Modules.PAYMENT)
    const find = async () =>
      (
        await payments.listRefundReasons(
          // `code` is a column (NOT NULL since 2.10) that the filter type does not name yet.
          { code: PAYCORE_REFUND_REASON_CODE } as Parameters<typeof payments.listRefundReasons>[0],
          { select: ["id"], order: { created_at: "ASC" }, take: 1 }
        )
      )[0]
    const existing = await find()
    if (existing) return new StepResponse({ id: existing.id })
    // Two invoices' first PayCore refunds at once would otherwise create it twice.
    const id = await container.resolve(Modules.LOCKING).execute(
      `paycore:refund-reason:${PAYCORE_REFUND_REASON_CODE}`,
      async () => {
        const found = await find()
        if (found) return found.id
        const created = await payments.createRefundReasons({
          code: PAYCORE_REFUND_REASON_CODE,
          label: PAYCORE_REFUND_REASON_LABEL,
          description: "Made in PayCore's dashboard (or otherwise without Medusa) and recorded from PayCore's callback",
        })
        return created.id
      },
      { timeout: 5 }
    )
    return new StepResponse({ id })
  }
)
