import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { settlePayoutWithPaycore } from "../../../../../../payouts/settle"
import { payoutIdParam } from "../../../validators"
import { findPayoutView } from "../../helpers"

/**
 * "Check status at PayCore": looks the payout up (by its `cpoi_` id, else by reference) and applies what PayCore
 * has, through the same code as callbacks. `paycore`: `found`, `not_found`, or `unavailable` (with `message`).
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const id = payoutIdParam(req.params.id)
  if (!(await findPayoutView(req.scope, id)))
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payout ${id} was not found`)
  const lookup = await settlePayoutWithPaycore(req.scope, id, { concludeWhileSending: false })
  const payout = await findPayoutView(req.scope, id)
  if (!lookup.found && lookup.error) {
    res.status(502).json({
      type: "paycore_unavailable",
      message: `PayCore did not answer: ${lookup.error}`,
      paycore: "unavailable",
      payout,
    })
    return
  }
  res.json({
    paycore: lookup.found ? "found" : payout?.status === "pending_approval" ? "not_sent_yet" : "not_found",
    payout,
  })
}
