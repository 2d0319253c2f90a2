import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { confirmPaycorePayoutWorkflow } from "../../../../../../workflows/payouts"
import { payoutIdParam } from "../../../validators"
import { answerPayoutError, findPayoutView } from "../../helpers"

/**
 * "Confirm at PayCore": releases a payout PayCore holds as `created` (`POST /api/payout-invoices/{id}/process`).
 * 403: not a logged-in admin, or (while approvals are on) the payout's creator; 409: not waiting for a confirmation.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const id = payoutIdParam(req.params.id)
  try {
    await confirmPaycorePayoutWorkflow(req.scope).run({
      input: {
        payout_id: id,
        confirmer: { actor_type: req.auth_context?.actor_type, actor_id: req.auth_context?.actor_id },
      },
    })
  } catch (error: any) {
    if (error?.type === MedusaError.Types.NOT_ALLOWED) {
      res
        .status(403)
        .json({ type: "not_allowed", message: String(error.message), payout: await findPayoutView(req.scope, id) })
      return
    }
    return answerPayoutError(res, req.scope, error, id)
  }
  res.json({ payout: await findPayoutView(req.scope, id) })
}
