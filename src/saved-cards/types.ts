/** A saved card as a customer sees it: never the token, never more of the number than the last four digits. */
export type PaycoreSavedCard = {
  id: string
  provider_id: string
  /** PayCore's brand, e.g. `mastercard`, `visa`. */
  brand: string
  last4: string
  /** Two digits, as PayCore sends them: "12". */
  expiry_month: string
  /** Two digits: "32" for 2032. */
  expiry_year: string
  /** Past its expiry month: it cannot pay any more (PayCore's token lives until the card expires). */
  expired: boolean
}

/** A saved card as the admin sees it. */
export type PaycoreAdminSavedCard = PaycoreSavedCard & {
  test_mode: boolean
  created_at: string
  last_used_at: string | null
  /** Why it cannot pay (PayCore refused its token), or null. */
  unusable_reason: string | null
}

/** What `DELETE …/saved-cards/:id` answers. */
export type PaycoreSavedCardDeleted = { id: string; object: "paycore_saved_card"; deleted: true }

/** What the provider writes in a payment session's data about saved cards (never the token). */
export type SavedCardSessionFields = {
  /** The customer consented, was logged in and the invoice asked PayCore to tokenise the card. */
  paycore_save_card?: boolean
  /** The Medusa customer the card is saved for (from Medusa's context, never from the storefront). */
  paycore_customer_id?: string
  /** The saved card that pays this session (`paycore_flow: "token"`). */
  saved_card_id?: string
}
