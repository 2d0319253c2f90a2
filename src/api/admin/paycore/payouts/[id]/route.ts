import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { payoutIdParam } from "../../validators"
import { findPayoutView } from "../helpers"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const id = payoutIdParam(req.params.id)
  const payout = await findPayoutView(req.scope, id)
  if (!payout) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payout ${id} was not found`)
  res.json({ payout })
}
