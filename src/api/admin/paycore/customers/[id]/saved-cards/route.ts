import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { adminSavedCards } from "../../../../../../saved-cards/customer-cards"

/** A customer's saved cards, test and live, masked: brand, last four digits, expiry, when saved and last used. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ saved_cards: await adminSavedCards(req.scope, req.params.id) })
}
