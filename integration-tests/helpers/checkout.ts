import type { MedusaContainer } from "@medusajs/framework/types"
import type { Sandbox } from "../../sandbox/src"
import { orderPayments, ordersForCart } from "./medusa-state"
import { invoiceIdOf, type StoreClient } from "./store-flow"

/** A cart paid at PayCore (without a browser) whose callback made the order. */
export async function paidOrder(
  store: StoreClient,
  sandbox: Sandbox,
  container: MedusaContainer,
  currency: "eur" | "usd" | "uah" = "usd"
) {
  const cart = await store.cartReadyForPayment(currency)
  const { session } = await store.startPaycorePayment(cart.id)
  sandbox.payInvoice(invoiceIdOf(session))
  await sandbox.callbacksIdle()
  const [orderId] = await ordersForCart(container, cart.id)
  if (!orderId) throw new Error(`the callback made no order for cart ${cart.id}`)
  const order = await orderPayments(container, orderId)
  const payment = order.payment_collections[0].payments[0]
  return {
    cart,
    session,
    orderId,
    paymentId: payment.id as string,
    invoiceId: invoiceIdOf(session),
  }
}
