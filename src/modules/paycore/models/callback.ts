import { model } from "@medusajs/framework/utils"

/** One callback PayCore delivered (or one reconciliation look-up), kept for the admin's order widget. */
export const PaycoreCallback = model.define("paycore_callback", {
  id: model.id({ prefix: "pccb" }).primaryKey(),
  invoice_id: model.text().index(),
  invoice_type: model.text(),
  status: model.text(),
  paycore_updated_at: model.dateTime().nullable(),
  test_mode: model.boolean(),
  /** Whether the X-Signature matched; refused callbacks are kept only when they name a known invoice. */
  signature: model.enum(["accepted", "refused"]).default("accepted"),
  /** `callback` for PayCore's POSTs, `reconciliation` for states we fetched ourselves. */
  source: model.enum(["callback", "reconciliation"]).default("callback"),
  /** applied | duplicate | stale | retry | refused */
  outcome: model.text(),
  detail: model.text().nullable(),
})
