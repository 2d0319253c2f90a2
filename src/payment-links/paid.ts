import type { BigNumberInput, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { PaycorePaymentInvoice } from "../lib/paycore"
import { findPaymentLink, updatePaymentLink } from "./records"
import { collectionObstacle, linkStatusAfter, outstandingAmount } from "./rules"

/** The order a payment session pays as a payment link (set by the workflow, never by a storefront), if any. */
export function paymentLinkOrderId(session: { data?: Record<string, unknown> | null } | undefined): string | undefined {
  const value = session?.data?.paycore_order_id
  return typeof value === "string" && value ? value : undefined
}

/**
 * Why a paid link's payment can no longer be taken by its order (then it is an orphan payment), or undefined.
 * Asked before the first capture only: a repeated callback for a captured payment is no obstacle.
 */
export async function paymentLinkObstacle(
  container: MedusaContainer,
  session: { payment_collection_id: string; amount: BigNumberInput; data?: Record<string, unknown> | null }
): Promise<string | undefined> {
  const orderId = paymentLinkOrderId(session)
  if (!orderId) return undefined
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: collections } = await query.graph({
    entity: "payment_collection",
    fields: ["id", "status", "amount", "captured_amount", "order.id"],
    filters: { id: session.payment_collection_id },
  })
  const collection = collections[0] as any
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id", "status", "summary"],
    filters: { id: orderId },
  })
  const order = orders[0] as any
  if (!order) return `order ${orderId} was deleted`
  if (order.status === "canceled") return `order ${orderId} was canceled`
  return collectionObstacle(
    collection && {
      status: collection.status,
      amount: collection.amount,
      captured_amount: collection.captured_amount,
      order_id: collection.order?.id ?? null,
      deleted: false,
    },
    orderId,
    outstandingAmount(order.summary),
    session.amount
  )
}

/** Keeps the link's status with what applying an invoice state did (paid, failed, expired, or orphaned). */
export async function syncPaymentLink(
  container: MedusaContainer,
  sessionId: string,
  invoice: PaycorePaymentInvoice,
  result: { outcome: string; orphanStatus?: string | null }
): Promise<void> {
  const link = await findPaymentLink(container, sessionId)
  if (!link) return
  const status = linkStatusAfter(invoice.attributes.status, result.outcome, Boolean(result.orphanStatus))
  const invoiceId = link.invoice_id ? {} : { invoice_id: invoice.id }
  // A paid link stays paid: a late failure of an older attempt does not undo the payment.
  if (link.status === "paid" || !status || (status === link.status && !("invoice_id" in invoiceId))) return
  await updatePaymentLink(container, link.id, {
    status,
    ...invoiceId,
    ...(status === "paid" ? { paid_at: new Date((invoice.attributes.updated ?? Date.now() / 1000) * 1000) } : {}),
  })
}
