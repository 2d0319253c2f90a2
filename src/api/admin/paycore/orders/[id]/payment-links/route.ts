import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { orderPaymentLinks } from "../../../../../../payment-links/list"
import { orderIdParam } from "../../../validators"

/** The order's PayCore payment links, newest first. */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const orderId = orderIdParam(req.params.id)
  res.json({ payment_links: await orderPaymentLinks(req.scope, orderId) })
}
