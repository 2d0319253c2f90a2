import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { Modules } from "@medusajs/framework/utils"
import { recordNotified } from "../checkout-recovery/records"
import {
  CHECKOUT_RECOVERY_CREATED_EVENT,
  CHECKOUT_RECOVERY_TEMPLATE,
  type CheckoutRecoveryCreatedEventData,
} from "../workflows/checkout-recovery"

/**
 * Sends a recovered checkout's fresh payment link to the cart's email through Medusa's Notification Module: channel
 * `email`, template `paycore-checkout-recovery`. Template data (the shop's email provider renders it): `cart_id`,
 * `amount` (major units), `currency_code`, `url` (PayCore's hosted page), `expires_at` (ISO or null).
 */
export default async function sendPaycoreCheckoutRecovery({
  event,
  container,
}: SubscriberArgs<CheckoutRecoveryCreatedEventData>) {
  const recovery = event.data
  const sentAt = new Date()
  await container.resolve(Modules.NOTIFICATION).createNotifications({
    to: recovery.email,
    channel: "email",
    template: CHECKOUT_RECOVERY_TEMPLATE,
    data: {
      cart_id: recovery.cart_id,
      amount: recovery.amount,
      currency_code: recovery.currency_code,
      url: recovery.url,
      expires_at: recovery.expires_at,
    },
    resource_id: recovery.cart_id,
    resource_type: "cart",
    // One notification per recovered failure: a redelivered event is not sent again.
    idempotency_key: `paycore-checkout-recovery:${recovery.recovery_id}`,
  })
  await recordNotified(container, recovery.recovery_id, sentAt)
}

export const config: SubscriberConfig = {
  event: CHECKOUT_RECOVERY_CREATED_EVENT,
  context: { subscriberId: "paycore-checkout-recovery" },
}
