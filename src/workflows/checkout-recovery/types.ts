// Checkout recovery's event and its notification template.

/** Emitted once per recovered failure, when its fresh payment link exists. */
export const CHECKOUT_RECOVERY_CREATED_EVENT = "paycore.checkout_recovery.created"

export type CheckoutRecoveryCreatedEventData = {
  /** The `paycore_checkout_recovery` record (one per failed invoice). */
  recovery_id: string
  cart_id: string
  /** The cart's email: where the notification goes. */
  email: string
  /** The fresh payment session (the new invoice's reference). */
  session_id: string
  failed_invoice_id: string
  /** Major units, e.g. 27.5. */
  amount: number
  currency_code: string
  /** PayCore's hosted payment page of the fresh invoice. */
  url: string
  /** When the fresh invoice stops taking money (ISO), or null when PayCore's account lifetime applies. */
  expires_at: string | null
}

/** The Notification Module template the subscriber sends (src/subscribers/paycore-checkout-recovery.ts). */
export const CHECKOUT_RECOVERY_TEMPLATE = "paycore-checkout-recovery"
