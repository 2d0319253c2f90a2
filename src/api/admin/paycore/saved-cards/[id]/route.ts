import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteSavedCard } from "../../../../../saved-cards/customer-cards"

/** Deletes a saved card and its stored token; the admin who did it is recorded on the card. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json(await deleteSavedCard(req.scope, { id: req.params.id, by: `admin:${req.auth_context.actor_id}` }))
}
