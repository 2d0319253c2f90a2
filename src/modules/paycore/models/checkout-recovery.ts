import { model } from "@medusajs/framework/utils"

/**
 * One failed or expired PayCore payment of a cart and what checkout recovery did about it: a fresh payment link sent
 * (`created`, then `notified`), or why not (`skipped`). Unique by the failed invoice, so a recovery is claimed once per
 * failure whichever server instance runs the job. Rules: src/checkout-recovery.
 */
export const PaycoreCheckoutRecovery = model.define("paycore_checkout_recovery", {
  id: model.id({ prefix: "pccr" }).primaryKey(),
  /** The failed or expired invoice (`cpi_…`). */
  invoice_id: model.text().unique(),
  cart_id: model.text().index(),
  provider_id: model.text(),
  /** The session the failed invoice paid for. */
  failed_session_id: model.text(),
  status: model.enum(["claimed", "created", "notified", "failed", "skipped"]),
  /** Why it was skipped, or why the last attempt failed. */
  reason: model.text().nullable(),
  attempts: model.number().default(0),
  claimed_at: model.dateTime().nullable(),
  /** The fresh payment session (its invoice's reference). */
  session_id: model.text().index().nullable(),
  url: model.text().nullable(),
  expires_at: model.dateTime().nullable(),
  /** Where the notification went. */
  email: model.text().nullable(),
  notified_at: model.dateTime().nullable(),
})
