import type { PaycoreCartLike, PaycoreFailureReason, PaycoreReturn, PaycoreStoreSession } from "./types"

/** After a 409 (the callback is completing the cart) or a paid session whose order is on its way. */
export const RETRY_AFTER_MS = 1000
/** Between reads while PayCore has not decided. */
export const PENDING_RETRY_AFTER_MS = 2000

/** What PayCore appends to the return URL: only a hint for the first words; `readReturn` decides. */
export type PaycoreResultParam = "success" | "pending" | "fail"

/** The return page's parameters: the cart (the kit puts `cart_id` in the return URL) and PayCore's hint. */
export function readReturnParams(url: string | URL): {
  cartId: string | null
  paycoreResult: PaycoreResultParam | null
} {
  const params = new URL(String(url)).searchParams
  const result = params.get("paycore_result")
  return {
    cartId: params.get("cart_id") || null,
    paycoreResult: result === "success" || result === "pending" || result === "fail" ? result : null,
  }
}

/** The newest session of the provider in the cart, or undefined. */
export function paycoreSessionIn(
  cart: Pick<PaycoreCartLike, "payment_collection"> | null | undefined,
  providerId: string
): PaycoreStoreSession | undefined {
  const sessions = cart?.payment_collection?.payment_sessions ?? []
  return sessions.filter((session) => session.provider_id === providerId).at(-1)
}

const FAILURE_MESSAGES: Record<Exclude<PaycoreFailureReason, "declined">, string> = {
  canceled: "The payment was canceled on PayCore's page.",
  expired: "The payment page expired before the payment was made.",
  mismatch:
    "PayCore reported a payment that does not match this order, so the shop did not accept it. Please contact the shop if money was taken.",
  refunded:
    "Your payment was refunded: the shop could not place the order (something in the cart may no longer be available). Please check your cart and pay again.",
  no_session: "No payment was started for this cart.",
}

function failed(reason: PaycoreFailureReason, resolution: string | null, message?: string | null): PaycoreReturn {
  return {
    state: "failed",
    reason,
    resolution,
    message: message || (reason === "declined" ? "PayCore could not take the payment." : FAILURE_MESSAGES[reason]),
  }
}

/**
 * What a cart that did not complete says, read after `cart.complete` refused it: the session's Medusa status
 * decides, its data says why (the plugin puts PayCore's resolution and its English message there).
 */
export function returnFromCart(
  cart: PaycoreCartLike & { completed_at?: string | Date | null },
  providerId: string
): PaycoreReturn {
  // Completed meanwhile (by the callback): completing again answers with the order.
  if (cart.completed_at) return { state: "retry", retryAfterMs: 0 }
  const session = paycoreSessionIn(cart, providerId)
  if (!session) return failed("no_session", null)
  const data = (session.data ?? {}) as Record<string, unknown>
  const text = (key: string) => (typeof data[key] === "string" && data[key] !== "" ? (data[key] as string) : null)
  const resolution = text("paycore_resolution")
  if (text("paycore_problem")) return failed("mismatch", text("paycore_problem"))
  const paycoreStatus = text("paycore_status")
  if (paycoreStatus === "expired") return failed("expired", resolution)
  if (session.status === "canceled" || paycoreStatus === "terminated") return failed("canceled", resolution)
  if (session.status === "error") return failed("declined", resolution, text("paycore_resolution_message"))
  // Medusa refunded the payment (the cart could not become an order) and opened this session, not yet paid.
  if (text("paycore_previous_payment") === "refunded" && paycoreStatus === "created") return failed("refunded", null)
  // Paid: the order is being made (or the cart cannot become one yet); asking again answers with it.
  if (session.status === "authorized" || session.status === "captured") {
    return { state: "retry", retryAfterMs: RETRY_AFTER_MS }
  }
  return { state: "pending", retryAfterMs: PENDING_RETRY_AFTER_MS }
}
