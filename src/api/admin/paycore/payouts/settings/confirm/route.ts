import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { confirmPendingSettingsChange, getPayoutSettings } from "../../../../../../payouts/settings"

/**
 * A second admin confirms switching payout approvals off (asked for by another admin through POST …/settings).
 * 403 with an API key (a person confirms); 409 when nothing waits or the asker confirms.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  if (req.auth_context?.actor_type !== "user" || !req.auth_context.actor_id) {
    res.status(403).json({
      type: "not_allowed",
      message: "A settings change is confirmed by a logged-in admin user, not with an API key",
    })
    return
  }
  try {
    await confirmPendingSettingsChange(req.scope, await getPayoutSettings(req.scope), req.auth_context.actor_id)
  } catch (error: any) {
    if (error?.type === "conflict") {
      res.status(409).json({ type: "conflict", message: error.message })
      return
    }
    throw error
  }
  res.json({ settings: await getPayoutSettings(req.scope) })
}
