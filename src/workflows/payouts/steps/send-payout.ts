import { MedusaError } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { paycoreAccount, settingHint } from "../../../accounts"
import {
  PaycoreApiError,
  PaycoreInvalidRequestError,
  isPaycoreError,
  maskCardNumbersInText,
} from "../../../lib/paycore"
import { PAYCORE_MODULE } from "../../../modules/paycore"
import type { PaycoreModuleService } from "../../../modules/paycore/service"
import { paycorePayoutDestination } from "../../../payouts/card-expiry"
import type { SealedPayoutPlan } from "../../../payouts/plan"
import { settlePayoutWithPaycore } from "../../../payouts/settle"
import { PAYCORE_UNAVAILABLE, openSealed } from "./sealed"

export const sendPaycorePayoutStepId = "send-paycore-payout"
/**
 * `POST /api/payout-invoices` through the PayCore client, with the payout's id as `reference_id`: the client looks
 * the reference up before sending again after an unconfirmed attempt, and resolves PayCore's "duplicate reference"
 * by looking it up, so one payout is made however often this runs. The full destination goes to PayCore only.
 * Compensation: settle with PayCore by reference (see createPaycorePayoutRecordStep).
 */
export const sendPaycorePayoutStep = createStep(
  sendPaycorePayoutStepId,
  async (input: { payout_id: string; plan: SealedPayoutPlan }, { container }) => {
    const { payout_id, plan } = input
    const fields = openSealed(plan.sealed_fields)
    const account = paycoreAccount(container, plan.provider_id)
    if (!account)
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `${plan.provider_id} is not a registered PayCore provider`)
    const confirmation = account.options.payoutConfirmation
    await container.resolve<PaycoreModuleService>(PAYCORE_MODULE).updatePaycorePayouts({ id: payout_id, confirmation })
    try {
      const invoice = await account.client.createPayoutInvoice({
        reference_id: payout_id,
        service: plan.service,
        currency: plan.currency,
        amount: plan.amount,
        // `fields`, and the card's expiry as `context.card` (docs/paycore-notes.md, "Payouts").
        ...paycorePayoutDestination(fields, plan.service_fields ?? null),
        test_mode: plan.test_mode,
        // Without it PayCore waits for a confirmation (`/payout-invoices/{id}/process`) unless the account has
        // "Payout Autoprocessing" on, and the payout stays `created` (docs/paycore-notes.md, "Payouts").
        options: { auto_process: confirmation === "auto_process" },
        ...(plan.description ? { description: plan.description } : {}),
        ...(plan.callback_url ? { callback_url: plan.callback_url } : {}),
        metadata: {
          medusa_payout_id: payout_id,
          ...(plan.order_id ? { medusa_order_id: plan.order_id } : {}),
          ...(plan.customer_id ? { medusa_customer_id: plan.customer_id } : {}),
        },
      })
      return new StepResponse(invoice, payout_id)
    } catch (error) {
      const hint = settingHint("payout", error, account.options)
      const message = maskCardNumbersInText((error as Error).message ?? String(error)) + (hint ? `. ${hint}` : "")
      await container
        .resolve<PaycoreModuleService>(PAYCORE_MODULE)
        .updatePaycorePayouts({ id: payout_id, last_error: message })
      throw sendError(error, message)
    }
  },
  async (payoutId, { container }) => {
    if (payoutId) await settlePayoutWithPaycore(container, payoutId, { concludeWhileSending: true })
  }
)

/** PayCore refused the payout (4xx): 400 with PayCore's reason. Anything else: PayCore unavailable (502). */
function sendError(error: unknown, message: string): MedusaError {
  const refused =
    error instanceof PaycoreInvalidRequestError ||
    (error instanceof PaycoreApiError && !error.retryable && !error.isDuplicateReference)
  if (refused) return new MedusaError(MedusaError.Types.INVALID_DATA, `PayCore refused the payout: ${message}`)
  if (!isPaycoreError(error)) return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, message, PAYCORE_UNAVAILABLE)
  return new MedusaError(
    MedusaError.Types.UNEXPECTED_STATE,
    `PayCore did not confirm the payout: ${message}`,
    PAYCORE_UNAVAILABLE
  )
}
