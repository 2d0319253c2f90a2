import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createPaycorePaymentLinkWorkflow } from "../../../../../../workflows/payment-links"
import { orderIdParam, parseInput, paymentLinkRequestSchema } from "../../../validators"

/** A PayCore payment link for what the order still owes (a reused one when it is still good): `{ payment_link }`. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const orderId = orderIdParam(req.params.id)
  const body = parseInput(paymentLinkRequestSchema, req.body)
  const { result } = await createPaycorePaymentLinkWorkflow(req.scope).run({
    input: {
      order_id: orderId,
      provider_id: body.provider_id,
      notify: body.notify,
      created_by: req.auth_context?.actor_id ?? null,
    },
  })
  res.json({ payment_link: result })
}
