import { WorkflowResponse, createWorkflow } from "@medusajs/framework/workflows-sdk"
import {
  applyPaycorePayoutAnswerStep,
  confirmPaycorePayoutStep,
  validatePaycorePayoutConfirmationStep,
  type ConfirmPaycorePayoutInput,
} from "./steps"

export type ConfirmPaycorePayoutWorkflowInput = ConfirmPaycorePayoutInput

export const confirmPaycorePayoutWorkflowId = "confirm-paycore-payout"

/**
 * An admin confirms a payout that PayCore holds as `created` (sent with `payoutConfirmation: "confirm_in_admin"`, or
 * on an account that waits for the confirmation step): `POST /api/payout-invoices/{id}/process`, then PayCore's
 * state is applied like any other answer. Returns `{ payout_id }`.
 */
export const confirmPaycorePayoutWorkflow = createWorkflow(
  confirmPaycorePayoutWorkflowId,
  function (input: ConfirmPaycorePayoutWorkflowInput) {
    const target = validatePaycorePayoutConfirmationStep(input)
    const invoice = confirmPaycorePayoutStep(target)
    applyPaycorePayoutAnswerStep({ invoice, provider_id: target.provider_id, test_mode: target.test_mode })
    return new WorkflowResponse({ payout_id: target.payout_id })
  }
)
