import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { planPaycorePayout } from "../../../payouts/plan"
import { openSealed, sealPlan, type SealedPayoutRequest } from "./sealed"

export const validatePaycorePayoutStepId = "validate-paycore-payout"
/** Checks the request against the payout settings, PayCore's limits and field rules, and the order or customer. */
export const validatePaycorePayoutStep = createStep(
  validatePaycorePayoutStepId,
  async (input: SealedPayoutRequest, { container }) => {
    const { sealed_fields, ...request } = input
    const plan = await planPaycorePayout(container, { ...request, fields: openSealed(sealed_fields) })
    return new StepResponse(sealPlan(container, plan))
  }
)
