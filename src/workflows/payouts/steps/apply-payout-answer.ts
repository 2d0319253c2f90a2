import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import type { PaycorePayoutInvoice } from "../../../lib/paycore"
import { modeOf } from "../../../lib/paycore/verify-callback"
import { applyPayoutInvoiceState } from "../../../payouts/apply-payout-state"

export const applyPaycorePayoutAnswerStepId = "apply-paycore-payout-answer"
/** Records PayCore's answer (its `cpoi_` id and status) through the same code as callbacks: newer states only. */
export const applyPaycorePayoutAnswerStep = createStep(
  applyPaycorePayoutAnswerStepId,
  async (input: { invoice: PaycorePayoutInvoice; provider_id: string; test_mode: boolean }, { container }) => {
    const mode = modeOf(input.test_mode)
    const result = await applyPayoutInvoiceState(container, input.invoice, {
      source: "api",
      providerId: input.provider_id,
      mode,
    })
    return new StepResponse(result)
  }
)
