import { model } from "@medusajs/framework/utils"

/**
 * A PayCore payment link for what an order still owes (an order edit, exchange or claim, a converted draft order):
 * one order payment session and its PayCore invoice. Kept here because Medusa deletes a collection's sessions when
 * a new one is made, and the admin lists every link it sent. Rules: src/payment-links.
 */
export const PaycorePaymentLink = model.define("paycore_payment_link", {
  id: model.id({ prefix: "pcpl" }).primaryKey(),
  /** The Medusa payment session (the invoice's reference): the link's public id. */
  session_id: model.text().unique(),
  order_id: model.text().index(),
  display_id: model.number().nullable(),
  payment_collection_id: model.text().index(),
  provider_id: model.text(),
  /** PayCore's `cpi_…`; "" in HPP link mode until the customer opens the link. */
  invoice_id: model.text(),
  amount: model.bigNumber(),
  currency_code: model.text(),
  url: model.text(),
  status: model.enum(["awaiting", "paid", "failed", "expired", "canceled"]).default("awaiting"),
  /** Where the notification went; never shown by the store route. */
  email: model.text().nullable(),
  paid_at: model.dateTime().nullable(),
  expires_at: model.dateTime().nullable(),
  notified_at: model.dateTime().nullable(),
  /** The admin user who asked for it (`auth_context.actor_id`); a reused link keeps its first creator. */
  created_by: model.text().nullable(),
})
