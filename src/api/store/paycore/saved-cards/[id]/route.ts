import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteSavedCard } from "../../../../../saved-cards/customer-cards"

/** Deletes one of the logged-in customer's saved cards (and its stored token); 404 for any other card. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const customerId = req.auth_context.actor_id
  res.json(await deleteSavedCard(req.scope, { id: req.params.id, customerId, by: `customer:${customerId}` }))
}
