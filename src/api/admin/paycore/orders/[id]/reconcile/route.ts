import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { reconcileOrder } from "../../../../../../payments/order-view"
import { orderIdParam } from "../../../validators"

/** "Check status at PayCore": applies PayCore's live state of each of the order's PayCore payments. */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const orderId = orderIdParam(req.params.id)
  res.json(await reconcileOrder(req.scope, orderId))
}
