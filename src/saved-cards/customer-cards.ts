import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { paycoreAccounts } from "../accounts"
import { PAYCORE_MODULE, type PaycoreModuleService } from "../modules/paycore"
import type { PaycoreAdminSavedCard, PaycoreSavedCard, PaycoreSavedCardDeleted } from "./types"
import { adminView, customerView, deleteCard, listAllCards, listCards, vaultAccountOf } from "./vault"

// What the store and admin routes answer: a customer's cards per PayCore provider that keeps saved cards, in the
// provider's current mode (store), or every card with its mode (admin).

const paycoreOf = (container: MedusaContainer) => container.resolve<PaycoreModuleService>(PAYCORE_MODULE)

function savingAccounts(container: MedusaContainer) {
  return paycoreAccounts(container).filter((account) => vaultAccountOf(account.options))
}

/** The customer's cards they can pay with now: of a provider that keeps saved cards, in its mode. */
export async function customerSavedCards(container: MedusaContainer, customerId: string): Promise<PaycoreSavedCard[]> {
  const seen = new Set<string>()
  const cards: PaycoreSavedCard[] = []
  for (const account of savingAccounts(container)) {
    const scope = { accountId: account.options.accountId, testMode: account.options.testMode }
    for (const row of await listCards(paycoreOf(container), scope, customerId)) {
      if (seen.has(row.id) || row.unusable_reason) continue
      seen.add(row.id)
      cards.push(customerView(row, account.providerId))
    }
  }
  return cards
}

/** Every card kept for the customer, whichever mode, with the provider that can use it ("" when none now can). */
export async function adminSavedCards(
  container: MedusaContainer,
  customerId: string
): Promise<PaycoreAdminSavedCard[]> {
  const accounts = savingAccounts(container)
  const rows = await listAllCards(paycoreOf(container), customerId)
  return rows.map((row) => {
    const account = accounts.find(
      (candidate) => candidate.options.accountId === row.account_id && candidate.options.testMode === row.test_mode
    )
    return adminView(row, account?.providerId ?? "")
  })
}

/** Deletes a card (only the customer's own when `customerId` is given); 404 when there is no such card. */
export async function deleteSavedCard(
  container: MedusaContainer,
  input: { id: string; customerId?: string; by: string }
): Promise<PaycoreSavedCardDeleted> {
  if (!(await deleteCard(paycoreOf(container), input))) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Saved card ${input.id} was not found`)
  }
  return { id: input.id, object: "paycore_saved_card", deleted: true }
}
