import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { paycoreOrderView } from "../../../../../payments/order-view"
import { orderIdParam } from "../../validators"

/** The order's PayCore payments for the admin widget: invoice, status, amounts, refunds, recent callbacks. */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const orderId = orderIdParam(req.params.id)
  res.json(await paycoreOrderView(req.scope, orderId))
}
