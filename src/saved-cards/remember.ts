import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { paycoreAccount } from "../accounts"
import type { PaycorePaymentInvoice } from "../lib/paycore"
import { PAYCORE_MODULE, type PaycoreModuleService } from "../modules/paycore"
import { tokenisedCard } from "./card-details"
import type { SavedCardSessionFields } from "./types"
import { markCardUnusable, saveCard, vaultAccountOf } from "./vault"

/**
 * PayCore's final word that a saved card cannot pay any more (docs/paycore-notes.md, "Saved cards"): the card is
 * marked so that it is not offered again. Other declines (funds, limits, 3-D Secure) leave it usable.
 */
const CARD_IS_GONE = new Set([
  "card_expired",
  "fatal_card_expired",
  "invalid_card",
  "fatal_invalid_card",
  "invalid_card_status",
  "lost_or_stolen_card",
  "card_is_stolen",
  "card_restricted",
  "invalid_pan",
])

type SessionLike = { id: string; provider_id: string; data?: (Record<string, unknown> & SavedCardSessionFields) | null }

/**
 * A paid invoice of a session whose customer consented: the token and card PayCore sent (`payload`) are saved for that
 * customer, sealed. Runs for callbacks and reconciliation alike, under the invoice's lock; saving is idempotent (one
 * row per token). Answers the saved card's id, or why nothing was saved.
 */
export async function rememberTokenisedCard(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  session: SessionLike
): Promise<{ savedCardId?: string; skipped?: string }> {
  const data = session.data ?? {}
  if (data.paycore_save_card !== true || typeof data.paycore_customer_id !== "string") return { skipped: "no consent" }
  const account = paycoreAccount(container, session.provider_id)
  const vault = account && vaultAccountOf(account.options)
  if (!vault) return { skipped: "saved cards are off" }
  if (Boolean(invoice.attributes.test_mode) !== vault.testMode) return { skipped: "another mode" }
  const tokenised = tokenisedCard(invoice.attributes.payload)
  if (!tokenised) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`PayCore: invoice ${invoice.id} was paid with consent to save the card, but PayCore sent no token`)
    return { skipped: "no token from PayCore" }
  }
  const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
  const card = await saveCard(paycore, vault, {
    customerId: data.paycore_customer_id,
    token: tokenised.token,
    card: tokenised.card,
    invoiceId: invoice.id,
  })
  return { savedCardId: card.id }
}

/** A saved card's payment that PayCore declined because the card is gone: it is not offered again. */
export async function noteSavedCardDecline(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  session: SessionLike
): Promise<void> {
  const savedCardId = session.data?.saved_card_id
  const resolution = invoice.attributes.resolution
  if (typeof savedCardId !== "string" || !resolution || !CARD_IS_GONE.has(resolution)) return
  const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
  await markCardUnusable(paycore, savedCardId, `declined by PayCore: ${resolution}`)
}
