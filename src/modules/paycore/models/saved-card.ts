import { model } from "@medusajs/framework/utils"

/**
 * A customer's card saved at PayCore (src/saved-cards). The token that charges it is stored sealed (AES-256-GCM with
 * the provider's `savedCardKey`, bound to this customer, account and mode); the rest is what a customer may see.
 * Deleting a card wipes the sealed token before the row is soft-deleted, so no copy of it is left here.
 */
export const PaycoreSavedCard = model
  .define("paycore_saved_card", {
    id: model.id({ prefix: "pcsc" }).primaryKey(),
    customer_id: model.text().index(),
    /** The PayCore Commerce Account (`coma_…`) that issued the token: a token works only there. */
    account_id: model.text(),
    /** A test token never pays live, and the other way round. */
    test_mode: model.boolean(),
    sealed_token: model.text(),
    /** HMAC of the token with the sealing key: the same card saved twice is one row. */
    token_fingerprint: model.text(),
    brand: model.text(),
    last4: model.text(),
    /** PayCore's strings: two-digit month and year, e.g. "12" and "32". */
    expiry_month: model.text(),
    expiry_year: model.text(),
    /** The invoice whose payment tokenised the card. */
    source_invoice_id: model.text(),
    /** Why the card can no longer pay (PayCore refused its token); null while it can. */
    unusable_reason: model.text().nullable(),
    last_used_at: model.dateTime().nullable(),
    /** The cart and invoice of its last payment: a second payment of the same cart waits for that one's result. */
    last_cart_id: model.text().nullable(),
    last_invoice_id: model.text().nullable(),
    /** Who deleted it: `customer:<id>`, `admin:<user id>` or `system:<why>`. */
    deleted_by: model.text().nullable(),
  })
  .indexes([
    {
      on: ["customer_id", "account_id", "test_mode", "token_fingerprint"],
      unique: true,
      where: "deleted_at IS NULL",
    },
  ])
