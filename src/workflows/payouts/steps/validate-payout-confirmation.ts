import { MedusaError } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { paycoreAccount } from "../../../accounts"
import { PAYCORE_MODULE } from "../../../modules/paycore"
import type { PaycoreModuleService } from "../../../modules/paycore/service"
import { confirmationRefusal } from "../../../payouts/confirmation"
import { getPayoutSettings } from "../../../payouts/settings"
import { assertPayoutMode, conflict } from "./sealed"

export type ConfirmPaycorePayoutInput = {
  payout_id: string
  /** The route's `auth_context`: who presses Confirm. */
  confirmer: { actor_type?: string; actor_id?: string }
}

export const validatePaycorePayoutConfirmationStepId = "validate-paycore-payout-confirmation"
/**
 * A payout can be confirmed while PayCore has it as `created`, by a logged-in admin (another than its creator while
 * approvals are on), with its provider still in the payout's mode. Answers what the confirmation needs.
 */
export const validatePaycorePayoutConfirmationStep = createStep(
  validatePaycorePayoutConfirmationStepId,
  async (input: ConfirmPaycorePayoutInput, { container }) => {
    const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
    const [payout] = await paycore.listPaycorePayouts({ id: input.payout_id }, { take: 1 })
    if (!payout) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payout ${input.payout_id} was not found`)
    const settings = await getPayoutSettings(container)
    const refusal = confirmationRefusal(payout, input.confirmer, settings.require_approval)
    if (refusal) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, refusal)
    if (payout.confirmed_by) throw conflict(`Payout ${payout.id} was already confirmed at PayCore`)
    if (payout.status !== "created" || !payout.invoice_id) {
      throw conflict(`Payout ${payout.id} is ${payout.status}; only a payout PayCore holds as created can be confirmed`)
    }
    const account = paycoreAccount(container, payout.provider_id)
    if (!account) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `${payout.provider_id} is not a registered PayCore provider`
      )
    }
    assertPayoutMode(payout, account.options.testMode)
    return new StepResponse({
      payout_id: payout.id,
      invoice_id: payout.invoice_id as string,
      provider_id: account.providerId,
      test_mode: Boolean(payout.test_mode),
      confirmed_by: input.confirmer.actor_id as string,
    })
  }
)
