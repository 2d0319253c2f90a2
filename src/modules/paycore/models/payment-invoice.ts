import { model } from "@medusajs/framework/utils"

/**
 * What the plugin last applied for one PayCore payment invoice. Callbacks and reconciliation compare
 * PayCore's `updated` time with `paycore_updated_at` under a lock, so a state is applied once and an
 * older state arriving late never overwrites a newer one, whichever server instance receives it.
 */
export const PaycorePaymentInvoice = model
  .define("paycore_payment_invoice", {
    id: model.id({ prefix: "pcpi" }).primaryKey(),
    /** PayCore's id, `cpi_…`. */
    invoice_id: model.text().unique(),
    /** Our `reference_id`: the Medusa payment session id (see utils/reference.ts). */
    reference_id: model.text().index(),
    session_id: model.text().index().nullable(),
    /** Indexed: checkout recovery asks for every invoice of a set of carts (src/checkout-recovery/records.ts). */
    cart_id: model.text().index().nullable(),
    order_id: model.text().nullable(),
    test_mode: model.boolean(),
    /** PayCore status of the last applied state, e.g. `processed`. */
    status: model.text(),
    resolution: model.text().nullable(),
    /** PayCore's `updated` of the last applied state. */
    paycore_updated_at: model.dateTime(),
    currency_code: model.text(),
    amount: model.bigNumber(),
    processed_amount: model.bigNumber().nullable(),
    refunded_amount: model.bigNumber().nullable(),
    charged_back_amount: model.bigNumber().nullable(),
    /** What applying the last state did in Medusa: see ApplyOutcome in the callbacks code. */
    outcome: model.text().nullable(),
    /** Why the outcome is not the expected one (amount mismatch, unknown session, …). */
    outcome_detail: model.text().nullable(),
    /** The PayCore provider (`pp_paycore_<id>`) whose keys verified this invoice's callbacks. */
    provider_id: model.text().nullable(),
    /** A payment for a session Medusa no longer has: what was done about it. */
    orphan_status: model.enum(["open", "refund_requested", "refunded", "refund_failed"]).nullable(),
  })
  .indexes([
    // Checkout recovery's every-minute candidate query (src/checkout-recovery/records.ts): one provider's failed or
    // expired invoices in a time window, without reading its paid ones. Named: the generated name would pass
    // PostgreSQL's 63 characters.
    {
      name: "IDX_paycore_payment_invoice_provider_status_updated",
      on: ["provider_id", "status", "paycore_updated_at"],
    },
  ])
