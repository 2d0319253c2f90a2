import { model } from "@medusajs/framework/utils"

/**
 * The store's payout rules (one row, `scope: "default"`), edited by admins:
 * - `enabled`: payouts can be created at all;
 * - `currencies`: `{ USD: { services: ["payment_card_usd"], default_service, min_amount, max_amount } }`,
 *   amounts in major units as decimal strings, `null` = no limit of the store's own (PayCore's limits still apply);
 * - `require_approval`: a payout waits in `pending_approval` until a second admin approves it;
 * - `pending_change`: switching approvals off, as one admin asked, until another confirms it;
 * - `change_log`: every change, with who made (and who confirmed) it and when.
 */
export const PaycorePayoutSetting = model.define("paycore_payout_setting", {
  id: model.id({ prefix: "pcps" }).primaryKey(),
  scope: model.text().unique(),
  enabled: model.boolean().default(false),
  require_approval: model.boolean().default(false),
  currencies: model.json(),
  updated_by: model.text().nullable(),
  pending_change: model.json().nullable(),
  change_log: model.json().nullable(),
})
