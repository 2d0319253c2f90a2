import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { findPaymentLink, updatePaymentLink } from "../payment-links/records"
import {
  PAYMENT_LINK_CREATED_EVENT,
  PAYMENT_LINK_TEMPLATE,
  type PaymentLinkCreatedEventData,
} from "../payment-links/types"

/**
 * Sends a new payment link to the order's email through Medusa's Notification Module: channel `email`, template
 * `paycore-payment-link`. Template data (the shop's email provider renders it):
 * - `payment_link`: the PaycorePaymentLink (id, order_id, display_id, amount in major units, currency_code, url,
 *   status, expires_at, …; not `created_by`)
 * - `order_id`, `display_id`, `amount`, `currency_code`, `url` (PayCore's hosted page), `expires_at` (ISO or null)
 * The link's `notified_at` is set once the module accepted it. No email on the order: nothing is sent.
 */
export default async function sendPaycorePaymentLink({
  event,
  container,
}: SubscriberArgs<PaymentLinkCreatedEventData>) {
  const { payment_link: link, email } = event.data
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  if (!email) {
    logger.warn(`PayCore: payment link ${link.id} of order ${link.order_id} was not sent: the order has no email`)
    return
  }
  // Which admin asked for the link is the shop's record, not the customer's email.
  const forCustomer: Partial<typeof link> = { ...link }
  delete forCustomer.created_by
  const sentAt = new Date()
  await container.resolve(Modules.NOTIFICATION).createNotifications({
    to: email,
    channel: "email",
    template: PAYMENT_LINK_TEMPLATE,
    data: {
      payment_link: forCustomer,
      order_id: link.order_id,
      display_id: link.display_id,
      amount: link.amount,
      currency_code: link.currency_code,
      url: link.url,
      expires_at: link.expires_at,
    },
    resource_id: link.order_id,
    resource_type: "order",
    // One notification per request to send (a re-sent link is a new request); a redelivered event is not.
    idempotency_key: `paycore-payment-link:${link.id}:${event.data.requested_at}`,
  })
  const record = await findPaymentLink(container, link.id)
  if (record) await updatePaymentLink(container, record.id, { notified_at: sentAt })
}

export const config: SubscriberConfig = {
  event: PAYMENT_LINK_CREATED_EVENT,
  context: { subscriberId: "paycore-payment-link" },
}
