import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { getPayoutSettings, payoutSettingsUpdateSchema, updatePayoutSettings } from "../../../../../payouts/settings"
import { parseInput } from "../../validators"

/** The payout settings (defaults while none were saved: payouts disabled). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ settings: await getPayoutSettings(req.scope) })
}

/** Changes the given settings (`currencies` replaces the whole map); nothing is saved on a 400. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const update = parseInput(payoutSettingsUpdateSchema, req.body)
  res.json({ settings: await updatePayoutSettings(req.scope, update, req.auth_context?.actor_id ?? null) })
}
