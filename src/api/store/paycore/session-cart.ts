import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { isPaycoreProviderId } from "../../../accounts/provider-id"

/**
 * `POST /store/payment-collections/:id/payment-sessions` for a PayCore provider: the session's `cart_id` (written on
 * the invoice and used for the order) is the cart of this payment collection, looked up here, never the
 * storefront's word. A collection without a cart (an order's) gets none.
 */
export async function paycoreSessionCart(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const body = req.body as { provider_id?: unknown; data?: unknown } | undefined
  if (!body || !isPaycoreProviderId(body.provider_id)) return next()
  const data =
    body.data && typeof body.data === "object" && !Array.isArray(body.data) ? { ...(body.data as object) } : {}
  delete (data as Record<string, unknown>).cart_id
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: links } = await query.graph({
    entity: "cart_payment_collection",
    fields: ["cart_id"],
    filters: { payment_collection_id: req.params.id },
  })
  const cartId = (links[0] as { cart_id?: string } | undefined)?.cart_id
  body.data = cartId ? { ...data, cart_id: cartId } : data
  next()
}
