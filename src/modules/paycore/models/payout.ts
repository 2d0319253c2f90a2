import { model } from "@medusajs/framework/utils"

/**
 * One payout sent (or to be sent) through PayCore's Private API (`POST /api/payout-invoices`).
 *
 * The destination is kept masked only: a card number as its first 6 and last 4 digits, other fields as at most
 * their last 4 characters (see workflows/paycore-payouts/destination.ts). The full values go to PayCore and are
 * never stored. While a second admin must approve, `destination_fingerprint` (an HMAC of the full fields with a
 * key derived from the app's secret) lets the approver's re-entered fields be checked; it is cleared once sent.
 *
 * `status` is PayCore's payout-invoice status once PayCore has the payout (`created`, `processing`, `processed`,
 * `process_failed`, `canceled`, …) and before that one of the plugin's own: `pending_approval`, `sending`,
 * `unconfirmed` (PayCore did not confirm either way; refresh asks again) and `failed` (PayCore does not have it).
 */
export const PaycorePayout = model.define("paycore_payout", {
  id: model.id({ prefix: "pcpo" }).primaryKey(),
  /** PayCore's `reference_id`: the payout's own id, so that a retried request makes one payout at PayCore. */
  reference_id: model.text().unique(),
  /** PayCore's id, `cpoi_…`, once PayCore has answered. */
  invoice_id: model.text().index().nullable(),
  /** The PayCore provider (`pp_paycore_<id>`) whose account pays out. */
  provider_id: model.text().nullable(),
  service: model.text(),
  amount: model.bigNumber(),
  currency_code: model.text(),
  /** `{ card_number: "551928******0000", … }`: masked values only. */
  destination: model.json(),
  destination_fingerprint: model.text().nullable(),
  description: model.text().nullable(),
  status: model.text().index(),
  resolution: model.text().nullable(),
  /** Why the payout failed to be sent or could not be confirmed (PayCore's message, card numbers masked). */
  last_error: model.text().nullable(),
  /** `[{ status, time, source, resolution?, actor? }]`, oldest first; one entry per change. */
  status_history: model.json(),
  order_id: model.text().index().nullable(),
  customer_id: model.text().index().nullable(),
  created_by: model.text().nullable(),
  approved_by: model.text().nullable(),
  /**
   * How the payout was released at PayCore: `auto_process` (sent with `options.auto_process`) or
   * `confirm_in_admin` (PayCore keeps it `created` until an admin confirms it), and who confirmed it.
   */
  confirmation: model.text().nullable(),
  confirmed_by: model.text().nullable(),
  test_mode: model.boolean(),
  /** PayCore's `updated` of the last applied PayCore state: older or repeated states change nothing. */
  paycore_updated_at: model.dateTime().nullable(),
  processed_amount: model.bigNumber().nullable(),
})
