import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sealPayoutDestination } from "../../../../../../payouts/destination"
import { approvePaycorePayoutWorkflow } from "../../../../../../workflows/payouts"
import { parseInput, payoutApprovalSchema, payoutIdParam } from "../../../validators"
import { answerPayoutError, findPayoutView } from "../../helpers"

/**
 * A second admin approves a pending payout, re-entering its destination fields; it is then sent to PayCore.
 * 409: the creator cannot approve their own payout, or it is not pending approval.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const id = payoutIdParam(req.params.id)
  // Four eyes means two people: a secret API key's id is not a person (its holder may be the payout's creator).
  if (req.auth_context?.actor_type !== "user" || !req.auth_context.actor_id) {
    res
      .status(403)
      .json({ type: "not_allowed", message: "A payout is approved by a logged-in admin user, not with an API key" })
    return
  }
  const { fields } = parseInput(payoutApprovalSchema, req.body)
  try {
    await approvePaycorePayoutWorkflow(req.scope).run({
      input: { payout_id: id, approved_by: req.auth_context.actor_id, sealed_fields: sealPayoutDestination(fields) },
    })
  } catch (error) {
    return answerPayoutError(res, req.scope, error, id)
  }
  res.json({ payout: await findPayoutView(req.scope, id) })
}
