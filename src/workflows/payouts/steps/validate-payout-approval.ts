import { MedusaError } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { PAYCORE_MODULE } from "../../../modules/paycore"
import type { PaycoreModuleService } from "../../../modules/paycore/service"
import { destinationFingerprint, fingerprintsMatch, normalizeDestination } from "../../../payouts/destination"
import { planPaycorePayout } from "../../../payouts/plan"
import {
  approvalSecret,
  assertPayoutMode,
  conflict,
  openSealed,
  sealPlan,
  type ApprovePaycorePayoutInput,
} from "./sealed"

export const validatePaycorePayoutApprovalStepId = "validate-paycore-payout-approval"
/**
 * A payout can be approved while it is `pending_approval`, by another admin than its creator, with the same
 * destination re-entered (four eyes on where the money goes: the full destination was never stored), and only if
 * it still passes the settings and PayCore's limits as they are now.
 */
export const validatePaycorePayoutApprovalStep = createStep(
  validatePaycorePayoutApprovalStepId,
  async (input: ApprovePaycorePayoutInput, { container }) => {
    const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
    const [payout] = await paycore.listPaycorePayouts({ id: input.payout_id }, { take: 1 })
    if (!payout) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payout ${input.payout_id} was not found`)
    if (payout.status !== "pending_approval")
      throw conflict(`Payout ${payout.id} is ${payout.status}, not pending approval`)
    if (!payout.created_by)
      throw conflict(`Payout ${payout.id} has no recorded creator, so no second admin can be told apart`)
    if (!input.approved_by || payout.created_by === input.approved_by) {
      throw conflict("The admin who created a payout cannot approve it: another admin must")
    }
    const fields = normalizeDestination(openSealed(input.sealed_fields))
    if (
      !payout.destination_fingerprint ||
      !fingerprintsMatch(
        destinationFingerprint(fields, approvalSecret(container, payout.provider_id)),
        payout.destination_fingerprint
      )
    ) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "fields: do not match the destination this payout was created with (re-enter every field exactly)"
      )
    }
    const plan = await planPaycorePayout(container, {
      service: payout.service,
      amount: Number(payout.amount),
      currency: payout.currency_code,
      fields,
      order_id: payout.order_id ?? undefined,
      customer_id: payout.customer_id ?? undefined,
      description: payout.description ?? undefined,
      provider_id: payout.provider_id ?? undefined,
    })
    assertPayoutMode(payout, plan.test_mode)
    return new StepResponse(sealPlan(container, { ...plan, requires_approval: false }))
  }
)
