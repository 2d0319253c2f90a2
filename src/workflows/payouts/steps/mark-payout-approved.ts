import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { withInvoiceLock } from "../../../apply-once"
import { PAYCORE_MODULE } from "../../../modules/paycore"
import type { PaycoreModuleService } from "../../../modules/paycore/service"
import { historyColumn, historyEntry, readHistory } from "../../../payouts/history"
import { settlePayoutWithPaycore } from "../../../payouts/settle"
import { conflict } from "./sealed"

export const markPaycorePayoutApprovedStepId = "mark-paycore-payout-approved"
/**
 * `pending_approval` → `sending`, with the approver, under a lock per payout so that two approvals at once send
 * once. Compensation: settle with PayCore (see createPaycorePayoutRecordStep).
 */
export const markPaycorePayoutApprovedStep = createStep(
  markPaycorePayoutApprovedStepId,
  async (input: { payout_id: string; approved_by: string }, { container }) => {
    const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
    await withInvoiceLock(container, `paycore:payout:${input.payout_id}`, async () => {
      const [payout] = await paycore.listPaycorePayouts({ id: input.payout_id }, { take: 1 })
      if (payout?.status !== "pending_approval") {
        throw conflict(`Payout ${input.payout_id} is ${payout?.status ?? "gone"}, not pending approval`)
      }
      await paycore.updatePaycorePayouts({
        id: payout.id,
        status: "sending",
        approved_by: input.approved_by,
        destination_fingerprint: null,
        status_history: historyColumn([
          ...readHistory(payout),
          historyEntry("sending", "admin", { actor: input.approved_by }),
        ]),
      })
    })
    return new StepResponse({ id: input.payout_id }, input.payout_id)
  },
  async (payoutId, { container }) => {
    if (payoutId) await settlePayoutWithPaycore(container, payoutId, { concludeWhileSending: true })
  }
)
