import type {
  AuthenticatedMedusaRequest,
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { isPaycoreProviderId } from "../../../accounts/provider-id"
import { checkStorefrontData } from "../../../providers/paycore/session-data"

/** Fields of PayCore's customer address (docs/paycore-notes.md) and the cart's billing address fields they come from. */
type CartAddress = {
  phone?: string | null
  address_1?: string | null
  address_2?: string | null
  city?: string | null
  province?: string | null
  postal_code?: string | null
  country_code?: string | null
}

/**
 * `POST /store/payment-collections/:id/payment-sessions` for a PayCore provider: the session's `cart_id` (written on
 * the invoice and used for the order) and `cart_customer` (the contact details sent to PayCore) come from this
 * payment collection's cart, looked up here, never from the storefront's word. A collection without a cart (an
 * order's) gets neither. The rest of the storefront's data is checked here, strictly.
 */
export async function paycoreSessionCart(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const body = req.body as { provider_id?: unknown; data?: unknown } | undefined
  if (!body || !isPaycoreProviderId(body.provider_id)) return next()
  const data: Record<string, unknown> =
    body.data && typeof body.data === "object" && !Array.isArray(body.data) ? { ...(body.data as object) } : {}
  delete data.cart_id
  delete data.cart_customer
  delete data.paycore_order_id // only the admin's payment-link workflow marks a session as an order's link
  // Refused here, by name, before anything is created: the provider also accepts a stored session's data, which
  // Medusa itself passes back when it recreates a session (providers/paycore/session-data.ts).
  const checked = checkStorefrontData(data)
  if (!checked.ok) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `PayCore: invalid payment session data: ${checked.problems}`)
  }
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: links } = await query.graph({
    entity: "cart_payment_collection",
    fields: ["cart_id"],
    filters: { payment_collection_id: req.params.id },
  })
  const cartId = (links[0] as { cart_id?: string } | undefined)?.cart_id
  if (!cartId) {
    refuseCardOfAnotherCustomer(req, data, undefined)
    body.data = data
    return next()
  }
  const { data: carts } = await query.graph({
    entity: "cart",
    fields: ["email", "customer_id", "billing_address.*"],
    filters: { id: cartId },
  })
  const cart = carts[0] as
    { email?: string | null; customer_id?: string | null; billing_address?: CartAddress | null } | undefined
  refuseCardOfAnotherCustomer(req, data, cart?.customer_id)
  body.data = { ...data, cart_id: cartId, ...cartCustomer(cart) }
  next()
}

/**
 * A card is saved from, or paid with for, the logged-in customer's own cart only: otherwise someone logged in could
 * save the card another person pays their cart with (and charge it later).
 */
function refuseCardOfAnotherCustomer(
  req: MedusaRequest,
  data: Record<string, unknown>,
  cartCustomerId: string | null | undefined
) {
  const field = data.saved_card_id !== undefined ? "saved_card_id" : data.save_card === true ? "save_card" : undefined
  if (!field) return
  const auth = (req as AuthenticatedMedusaRequest).auth_context
  const customerId = auth?.actor_type === "customer" ? auth.actor_id : undefined
  if (!customerId) {
    throw new MedusaError(MedusaError.Types.UNAUTHORIZED, `${field}: log in to save or use a card`)
  }
  if (cartCustomerId !== customerId) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `${field}: the cart is not this customer's`)
  }
}

/** The cart's email, billing phone and billing address, as the session's `cart_customer` (empty parts left out). */
export function cartCustomer(cart: { email?: string | null; billing_address?: CartAddress | null } | undefined): {
  cart_customer?: Record<string, unknown>
} {
  const billing = cart?.billing_address ?? {}
  const text = (value: string | null | undefined, max: number) => {
    const trimmed = value?.trim()
    return trimmed ? trimmed.slice(0, max) : undefined
  }
  const street = text([billing.address_1, billing.address_2].filter(Boolean).join(", "), 255)
  const country = text(billing.country_code, 2)?.toUpperCase()
  const address = Object.fromEntries(
    Object.entries({
      country: country && /^[A-Z]{2}$/.test(country) ? country : undefined,
      region: text(billing.province, 255),
      city: text(billing.city, 255),
      street,
      post_code: text(billing.postal_code, 32),
    }).filter(([, value]) => value !== undefined)
  )
  const details = Object.fromEntries(
    Object.entries({
      email: text(cart?.email, 255),
      phone: text(billing.phone, 64),
      address: Object.keys(address).length ? address : undefined,
    }).filter(([, value]) => value !== undefined)
  )
  return Object.keys(details).length ? { cart_customer: details } : {}
}
