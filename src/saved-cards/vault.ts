import { MedusaError } from "@medusajs/framework/utils"
import type { PaycoreOptions } from "../accounts/options"
import type { PaycoreModuleService } from "../modules/paycore"
import { cardExpired, type CardDetails } from "./card-details"
import { openToken, sealToken, tokenFingerprint, type TokenOwner } from "./seal"
import type { PaycoreAdminSavedCard, PaycoreSavedCard } from "./types"

// The one place saved cards are written and read. Every read is scoped to a customer, a PayCore account and a mode:
// a customer only ever sees and uses their own cards, and a test token never pays live.

/** The PayCore account whose tokens a vault call handles. */
export type VaultAccount = { accountId: string; testMode: boolean; key: string }

/** The account's vault, or undefined when the provider does not keep saved cards. */
export function vaultAccountOf(options: PaycoreOptions): VaultAccount | undefined {
  if (!options.savedCards || !options.savedCardKey) return undefined
  return { accountId: options.accountId, testMode: options.testMode, key: options.savedCardKey }
}

export type SavedCardRow = {
  id: string
  customer_id: string
  account_id: string
  test_mode: boolean
  sealed_token: string
  brand: string
  last4: string
  expiry_month: string
  expiry_year: string
  unusable_reason: string | null
  last_used_at: Date | string | null
  last_cart_id: string | null
  last_invoice_id: string | null
  created_at: Date | string
}

const owner = (account: VaultAccount, customerId: string): TokenOwner => ({
  customerId,
  accountId: account.accountId,
  testMode: account.testMode,
})

/** Stores a tokenised card for a customer; the same token again updates the one row. */
export async function saveCard(
  paycore: PaycoreModuleService,
  account: VaultAccount,
  input: { customerId: string; token: string; card: CardDetails; invoiceId: string }
): Promise<SavedCardRow> {
  const fingerprint = tokenFingerprint(input.token, account.key)
  const scope = { customer_id: input.customerId, account_id: account.accountId, test_mode: account.testMode }
  const values = {
    ...scope,
    sealed_token: sealToken(input.token, owner(account, input.customerId), account.key),
    token_fingerprint: fingerprint,
    ...input.card,
    source_invoice_id: input.invoiceId,
    unusable_reason: null,
  }
  const [existing] = await paycore.listPaycoreSavedCards({ ...scope, token_fingerprint: fingerprint })
  if (existing) return (await paycore.updatePaycoreSavedCards({ id: existing.id, ...values })) as SavedCardRow
  try {
    return (await paycore.createPaycoreSavedCards(values)) as SavedCardRow
  } catch (error) {
    // Two deliveries of one tokenisation at once: the unique index let one in; that row is the card.
    const [row] = await paycore.listPaycoreSavedCards({ ...scope, token_fingerprint: fingerprint })
    if (row) return row as SavedCardRow
    throw error
  }
}

/** A customer's cards of this account and mode, newest first. */
export async function listCards(
  paycore: PaycoreModuleService,
  account: Pick<VaultAccount, "accountId" | "testMode">,
  customerId: string
): Promise<SavedCardRow[]> {
  return (await paycore.listPaycoreSavedCards(
    { customer_id: customerId, account_id: account.accountId, test_mode: account.testMode },
    { order: { created_at: "DESC" } }
  )) as SavedCardRow[]
}

/** Every card of a customer, whatever the account or mode (the admin's view). */
export async function listAllCards(paycore: PaycoreModuleService, customerId: string): Promise<SavedCardRow[]> {
  return (await paycore.listPaycoreSavedCards(
    { customer_id: customerId },
    { order: { created_at: "DESC" } }
  )) as SavedCardRow[]
}

/**
 * The token of a customer's card, ready to pay: refuses (naming `saved_card_id`) a card that is not theirs, not of
 * this account and mode, expired, or refused by PayCore before. "Not found" for someone else's card: an id tells
 * nothing about other customers.
 */
export async function tokenToPay(
  paycore: PaycoreModuleService,
  account: VaultAccount,
  customerId: string,
  savedCardId: string
): Promise<{ token: string; card: SavedCardRow }> {
  const [card] = await paycore.listPaycoreSavedCards({
    id: savedCardId,
    customer_id: customerId,
    account_id: account.accountId,
    test_mode: account.testMode,
  })
  if (!card) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `saved_card_id: no saved card ${savedCardId} for this customer`)
  }
  const row = card as SavedCardRow
  if (row.unusable_reason) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `saved_card_id: PayCore no longer accepts this card (${row.unusable_reason}); pay with a new card`
    )
  }
  if (cardExpired(row)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `saved_card_id: the card expired (${row.expiry_month}/${row.expiry_year}); pay with a new card`
    )
  }
  const token = openToken(row.sealed_token, owner(account, customerId), account.key)
  if (!token) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "saved_card_id: this card was saved under another savedCardKey and cannot be opened; pay with a new card"
    )
  }
  return { token, card: row }
}

export async function markCardUsed(
  paycore: PaycoreModuleService,
  id: string,
  payment: { cartId: string | null; invoiceId: string }
): Promise<void> {
  await paycore.updatePaycoreSavedCards({
    id,
    last_used_at: new Date(),
    last_cart_id: payment.cartId,
    last_invoice_id: payment.invoiceId,
  })
}

export async function markCardUnusable(paycore: PaycoreModuleService, id: string, reason: string): Promise<void> {
  await paycore.updatePaycoreSavedCards({ id, unusable_reason: reason.slice(0, 255) })
}

/**
 * Deletes a card (only the customer's own when `customerId` is given): the sealed token is wiped first, then the row
 * is soft-deleted with who did it. Answers whether there was such a card.
 */
export async function deleteCard(
  paycore: PaycoreModuleService,
  input: { id: string; customerId?: string; by: string }
): Promise<boolean> {
  const [card] = await paycore.listPaycoreSavedCards({
    id: input.id,
    ...(input.customerId ? { customer_id: input.customerId } : {}),
  })
  if (!card) return false
  await paycore.updatePaycoreSavedCards({ id: card.id, sealed_token: "", deleted_by: input.by.slice(0, 255) })
  await paycore.softDeletePaycoreSavedCards(card.id)
  return true
}

/** Deletes every card of a customer (the customer, or their account holder, was deleted). */
export async function deleteCustomerCards(
  paycore: PaycoreModuleService,
  customerId: string,
  by: string
): Promise<number> {
  const cards = await listAllCards(paycore, customerId)
  for (const card of cards) await deleteCard(paycore, { id: card.id, by })
  return cards.length
}

export function customerView(row: SavedCardRow, providerId: string): PaycoreSavedCard {
  return {
    id: row.id,
    provider_id: providerId,
    brand: row.brand,
    last4: row.last4,
    expiry_month: row.expiry_month,
    expiry_year: row.expiry_year,
    expired: cardExpired(row),
  }
}

export function adminView(row: SavedCardRow, providerId: string): PaycoreAdminSavedCard {
  const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString())
  return {
    ...customerView(row, providerId),
    test_mode: row.test_mode,
    created_at: iso(row.created_at)!,
    last_used_at: iso(row.last_used_at),
    unusable_reason: row.unusable_reason,
  }
}
