import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { customerSavedCards } from "../../../../saved-cards/customer-cards"

/** The logged-in customer's saved cards they can pay with: brand, last four digits and expiry only. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ saved_cards: await customerSavedCards(req.scope, req.auth_context.actor_id) })
}
