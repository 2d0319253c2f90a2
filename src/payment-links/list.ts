import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { listOrderPaymentLinks, retrievePaymentLink } from "./records"
import type { PaycorePaymentLink, PaycoreStorePaymentLink } from "./types"
import { paymentLinkView, storePaymentLinkView, type PaymentLinkRecord } from "./view"

/**
 * Awaiting links whose session Medusa has deleted (the collection was marked as paid, or a newer session replaced
 * it) can no longer pay the order: they show as canceled even before a callback says anything.
 */
async function withoutGoneSessions<T extends { id: string; status: string }>(
  container: MedusaContainer,
  links: PaymentLinkRecord[],
  view: (link: PaymentLinkRecord) => T
): Promise<T[]> {
  const awaiting = links.filter((link) => link.status === "awaiting").map((link) => link.session_id)
  const live = new Set<string>()
  if (awaiting.length) {
    const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
      entity: "payment_session",
      fields: ["id"],
      filters: { id: awaiting },
    })
    for (const session of data as Array<{ id: string }>) live.add(session.id)
  }
  return links.map((link) => {
    const shown = view(link)
    return link.status === "awaiting" && !live.has(link.session_id) ? { ...shown, status: "canceled" } : shown
  })
}

/** `GET /admin/paycore/orders/:id/payment-links`: newest first. */
export async function orderPaymentLinks(container: MedusaContainer, orderId: string): Promise<PaycorePaymentLink[]> {
  return withoutGoneSessions(container, await listOrderPaymentLinks(container, orderId), (link) =>
    paymentLinkView(link)
  )
}

/** `GET /store/paycore/payment-links/:id`: 404 unless the id is a payment link's session. */
export async function storePaymentLink(
  container: MedusaContainer,
  sessionId: string
): Promise<PaycoreStorePaymentLink> {
  const [shown] = await withoutGoneSessions(container, [await retrievePaymentLink(container, sessionId)], (link) =>
    storePaymentLinkView(link)
  )
  return shown
}
