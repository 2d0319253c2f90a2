// An order that still owes money, for the payment-link specs: a USD order paid through PayCore (the sandbox pays
// the invoice, its signed callback makes the order), then an order edit adds one more item through the admin API.
import { invoiceIdOf } from "../../helpers/store-flow"
import type { MedusaStack } from "./medusa-stack"

/** The sandbox pays the invoice, as a customer on PayCore's page would; PayCore's signed callback follows. */
export async function sandboxPays(stack: MedusaStack, invoiceId: string): Promise<void> {
  const pay = await fetch(`${stack.sandbox.url}/_sandbox/payment-invoices/${invoiceId}/pay`, { method: "POST" })
  if (!pay.ok) throw new Error(`the sandbox did not pay ${invoiceId}: ${pay.status} ${await pay.text()}`)
}

/** A USD order paid through PayCore; `referenceId` is the payment session's id (the invoice's reference). */
export async function orderPaidThroughPaycore(stack: MedusaStack) {
  const cart = await stack.store.cartReadyForPayment("usd")
  const { session, error, status } = await stack.store.startPaycorePayment(cart.id)
  if (!session) throw new Error(`the PayCore payment session was not created (${status}): ${JSON.stringify(error)}`)
  const invoiceId = invoiceIdOf(session)
  await sandboxPays(stack, invoiceId)
  return { orderId: await stack.waitForOrder(cart.id), invoiceId, referenceId: session.id as string, total: cart.total }
}

/** A paid order, then an order edit (begin, add the seeded variant, request, confirm): returns what it owes. */
export async function orderOwing(stack: MedusaStack): Promise<{ orderId: string; owed: number }> {
  const { orderId } = await orderPaidThroughPaycore(stack)
  const admin = async (path: string, body?: unknown) => {
    const response = await stack.adminRequest(body === undefined ? "get" : "post", path, body)
    if (response.status !== 200)
      throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.data)}`)
    return response.data
  }
  await admin("/admin/order-edits", { order_id: orderId })
  await admin(`/admin/order-edits/${orderId}/items`, { items: [{ variant_id: stack.seed.variantId, quantity: 1 }] })
  await admin(`/admin/order-edits/${orderId}/request`, {})
  await admin(`/admin/order-edits/${orderId}/confirm`, {})
  const { order } = await admin(`/admin/orders/${orderId}?fields=id,summary`)
  const owed = Number(order.summary?.pending_difference)
  if (!(owed > 0)) throw new Error(`the order edit left nothing owing: ${JSON.stringify(order.summary)}`)
  return { orderId, owed }
}
