import { MedusaError } from "@medusajs/framework/utils"
import type { PaycoreOptions } from "../../../accounts/options"
import type { CreatePaymentInvoiceAttributes } from "../../../lib/paycore"
import type { SavedCardSessionFields } from "../../../saved-cards/types"
import { vaultAccountOf, type VaultAccount } from "../../../saved-cards/vault"
import type { StorefrontSessionData } from "../session-data"
import { isCardService } from "./service-choice"

/** What a session asks of saved cards: tokenise the card it pays with, or pay with a saved one. */
export type SavedCardUse = {
  kind: "save" | "pay"
  account: VaultAccount
  customerId: string
  savedCardId: string
  /** Sent on the invoice (besides the token, which only the vault opens). */
  invoiceAttributes: Pick<CreatePaymentInvoiceAttributes, "gateway_options">
  sessionFields: SavedCardSessionFields & { paycore_flow?: "token" }
}

/**
 * `save_card` or `saved_card_id` in a session's data: allowed only for a logged-in customer (Medusa's context, never
 * the storefront's word) of a provider that keeps saved cards. PayCore's documented requests (docs/paycore-notes.md,
 * "Saved cards"): `cardgate.tokenize` with the customer's reference to save; `token` with the same reference and
 * `cardgate.instant` to pay without PayCore's page (`savedCardCharge: "hpp"` leaves `instant` out: PayCore's page
 * with the card filled in).
 */
export function savedCardUse(
  options: PaycoreOptions,
  storefront: StorefrontSessionData,
  customerId: string | undefined
): SavedCardUse | undefined {
  const field = storefront.saved_card_id ? "saved_card_id" : storefront.save_card ? "save_card" : undefined
  if (!field) return undefined
  if (storefront.saved_card_id && storefront.save_card) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "save_card: a saved card is saved already; send save_card or saved_card_id, not both"
    )
  }
  if (storefront.service && !isCardService(storefront.service)) {
    // Tokenisation and token charges are card gateway options: another method would ignore them, or refuse.
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `${field}: service "${storefront.service}" is not a card payment; a card is saved or paid with through a card service (payment_card_…)`
    )
  }
  const account = vaultAccountOf(options)
  if (!account) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `${field}: saved cards are not enabled for this PayCore provider (savedCards option)`
    )
  }
  if (!customerId) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${field}: only a logged-in customer can save or use a card`)
  }
  if (storefront.saved_card_id) {
    const instant = options.savedCardCharge === "instant"
    return {
      kind: "pay",
      account,
      customerId,
      savedCardId: storefront.saved_card_id,
      invoiceAttributes: { gateway_options: { cardgate: instant ? { instant: true } : {} } },
      sessionFields: {
        paycore_flow: "token",
        saved_card_id: storefront.saved_card_id,
        paycore_customer_id: customerId,
      },
    }
  }
  return {
    kind: "save",
    account,
    customerId,
    savedCardId: "",
    invoiceAttributes: { gateway_options: { cardgate: { tokenize: true } } },
    sessionFields: { paycore_save_card: true, paycore_customer_id: customerId },
  }
}
