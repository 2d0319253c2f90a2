import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { listChargebacks } from "../../../../payments/at-paycore/chargeback-list"
import { chargebackListQuerySchema, parseInput } from "../validators"

/** Orders with a PayCore chargeback, the latest first (the order list's PayCore widget). */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  res.json(await listChargebacks(req.scope, parseInput(chargebackListQuerySchema, req.query, "query")))
}
