// Reads what Medusa recorded, straight from its modules (the admin API computes some fields differently).
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

export async function ordersForCart(container: MedusaContainer, cartId: string): Promise<string[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
  return data.map((row: any) => row.order_id)
}

export async function orderPayments(container: MedusaContainer, orderId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "total",
      "payment_collections.status",
      "payment_collections.captured_amount",
      "payment_collections.payments.id",
      "payment_collections.payments.amount",
      "payment_collections.payments.captured_at",
      "payment_collections.payments.provider_id",
      "payment_collections.payments.captures.id",
    ],
    filters: { id: orderId },
  })
  return data[0] as any
}

export async function paymentSession(container: MedusaContainer, sessionId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment_session",
    fields: ["id", "status", "data", "amount", "payment.id", "payment.captured_at"],
    filters: { id: sessionId },
  })
  return data[0] as any
}

/** Polls a condition that Medusa reaches asynchronously (its built-in webhook waits 5 s before it runs). */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** A payment's Medusa refunds with their reasons, oldest first. */
export async function paymentRefunds(container: MedusaContainer, paymentId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment",
    fields: [
      "refunds.id",
      "refunds.amount",
      "refunds.note",
      "refunds.created_at",
      "refunds.refund_reason.code",
      "refunds.refund_reason.label",
    ],
    filters: { id: paymentId },
  })
  const refunds = ((data[0] as any)?.refunds ?? []) as any[]
  return refunds
    .map((refund) => ({ ...refund, amount: Number(refund.amount) }))
    .sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime())
}
