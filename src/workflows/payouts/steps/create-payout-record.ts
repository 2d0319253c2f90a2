import { generateEntityId } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { PAYCORE_MODULE } from "../../../modules/paycore"
import type { PaycoreModuleService } from "../../../modules/paycore/service"
import { historyColumn, historyEntry } from "../../../payouts/history"
import type { SealedPayoutPlan } from "../../../payouts/plan"
import { settlePayoutWithPaycore } from "../../../payouts/settle"

export const createPaycorePayoutRecordStepId = "create-paycore-payout-record"
/**
 * Records the payout before anything is sent: `pending_approval` (with the destination's fingerprint) when a second
 * admin must approve, else `sending`. Its id is PayCore's `reference_id`. Compensation: settle with PayCore (a
 * `sending` record ends as PayCore's state, `failed` or `unconfirmed`, never as "sent" without PayCore having it).
 */
export const createPaycorePayoutRecordStep = createStep(
  createPaycorePayoutRecordStepId,
  async (input: { plan: SealedPayoutPlan; created_by: string | null; payout_id?: string }, { container }) => {
    const { plan, created_by } = input
    const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
    const id = input.payout_id ?? generateEntityId(undefined, "pcpo")
    const status = plan.requires_approval ? "pending_approval" : "sending"
    const row = await paycore.createPaycorePayouts({
      id,
      reference_id: id,
      provider_id: plan.provider_id,
      service: plan.service,
      amount: plan.amount,
      currency_code: plan.currency_code,
      destination: plan.destination,
      destination_fingerprint: plan.requires_approval ? plan.destination_fingerprint : null,
      description: plan.description,
      status,
      status_history: historyColumn([historyEntry(status, "admin", { actor: created_by })]),
      order_id: plan.order_id,
      customer_id: plan.customer_id,
      created_by,
      test_mode: plan.test_mode,
    })
    return new StepResponse({ id: row.id as string, status }, row.id as string)
  },
  async (payoutId, { container }) => {
    if (payoutId) await settlePayoutWithPaycore(container, payoutId, { concludeWhileSending: true })
  }
)
