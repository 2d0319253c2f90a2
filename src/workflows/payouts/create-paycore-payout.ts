import { WorkflowResponse, createWorkflow, when } from "@medusajs/framework/workflows-sdk"
import {
  applyPaycorePayoutAnswerStep,
  createPaycorePayoutRecordStep,
  sendPaycorePayoutStep,
  validatePaycorePayoutStep,
  type SealedPayoutRequest,
} from "./steps"

/**
 * The request (see PaycorePayoutRequest) with the destination fields sealed: `sealed_fields:
 * sealPayoutDestination({ card_number: "…" })`. Medusa stores a running workflow's input; a sealed destination can
 * only be opened by the process that sealed it, so the full card number is never stored.
 */
export type CreatePaycorePayoutWorkflowInput = SealedPayoutRequest & {
  /** The admin user who asks for the payout (`req.auth_context.actor_id`). */
  created_by: string | null
  /** The new payout's id (`pcpo_…`, also PayCore's reference_id); generated when not given. */
  payout_id?: string
}

export const createPaycorePayoutWorkflowId = "create-paycore-payout"

/**
 * Creates a PayCore payout: validated against the payout settings, PayCore's limits and the service's field rules,
 * recorded (the destination masked), then sent with `POST /api/payout-invoices` — or left `pending_approval` when
 * the settings require a second admin (see approvePaycorePayoutWorkflow). Returns `{ id, status }` of the record.
 *
 * Throws a 400 (`invalid_data`) naming the field for anything the settings or PayCore refuse; when PayCore cannot be
 * reached the error has `code: "paycore_unavailable"` and the payout ends `failed` (PayCore has nothing) or
 * `unconfirmed` (PayCore may have it; refresh settles it).
 */
export const createPaycorePayoutWorkflow = createWorkflow(
  createPaycorePayoutWorkflowId,
  function (input: CreatePaycorePayoutWorkflowInput) {
    const plan = validatePaycorePayoutStep(input)
    const payout = createPaycorePayoutRecordStep({ plan, created_by: input.created_by, payout_id: input.payout_id })
    when("send-paycore-payout-now", { plan }, ({ plan }) => !plan.requires_approval).then(() => {
      const invoice = sendPaycorePayoutStep({ payout_id: payout.id, plan })
      applyPaycorePayoutAnswerStep({ invoice, provider_id: plan.provider_id, test_mode: plan.test_mode })
    })
    return new WorkflowResponse(payout)
  }
)
