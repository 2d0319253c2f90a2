import { WorkflowResponse, createWorkflow } from "@medusajs/framework/workflows-sdk"
import {
  applyPaycorePayoutAnswerStep,
  markPaycorePayoutApprovedStep,
  sendPaycorePayoutStep,
  validatePaycorePayoutApprovalStep,
  type ApprovePaycorePayoutInput,
} from "./steps"

export type ApprovePaycorePayoutWorkflowInput = ApprovePaycorePayoutInput

export const approvePaycorePayoutWorkflowId = "approve-paycore-payout"

/**
 * A second admin approves a `pending_approval` payout: not its creator (409), with the destination re-entered and
 * matching (400), still within the settings and PayCore's limits (400). Then it is sent exactly like an unapproved
 * one. Returns `{ id }`.
 */
export const approvePaycorePayoutWorkflow = createWorkflow(
  approvePaycorePayoutWorkflowId,
  function (input: ApprovePaycorePayoutWorkflowInput) {
    const plan = validatePaycorePayoutApprovalStep(input)
    const payout = markPaycorePayoutApprovedStep({ payout_id: input.payout_id, approved_by: input.approved_by })
    const invoice = sendPaycorePayoutStep({ payout_id: payout.id, plan })
    applyPaycorePayoutAnswerStep({ invoice, provider_id: plan.provider_id, test_mode: plan.test_mode })
    return new WorkflowResponse(payout)
  }
)
