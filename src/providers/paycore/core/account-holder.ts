import { MedusaError } from "@medusajs/framework/utils"
import type {
  CreateAccountHolderInput,
  CreateAccountHolderOutput,
  DeleteAccountHolderInput,
  DeleteAccountHolderOutput,
  DeletePaymentMethodInput,
  DeletePaymentMethodOutput,
  ListPaymentMethodsInput,
  ListPaymentMethodsOutput,
  PaymentProviderContext,
  RetrieveAccountHolderInput,
  RetrieveAccountHolderOutput,
  SavePaymentMethodInput,
  SavePaymentMethodOutput,
  UpdateAccountHolderInput,
  UpdateAccountHolderOutput,
} from "@medusajs/framework/types"
import type { PaycoreOptions } from "../../../accounts/options"
import { tokenisedCard } from "../../../saved-cards/card-details"
import { paycoreModuleFromApp } from "../../../saved-cards/module-access"
import {
  customerView,
  deleteCard,
  deleteCustomerCards,
  listCards,
  saveCard,
  vaultAccountOf,
  type VaultAccount,
} from "../../../saved-cards/vault"

// Medusa's account holders and saved payment methods on top of PayCore's customer reference and card tokens.
// PayCore has no customer API: the account holder is the customer reference the plugin sends on invoices (the
// Medusa customer id), and a payment method is a saved card in the plugin's module (src/saved-cards).

/** An account holder's `data`: Medusa passes it back as `context.account_holder.data`. */
export type PaycoreAccountHolderData = { id: string; customer_reference: string }

function vaultOf(options: PaycoreOptions): VaultAccount {
  const vault = vaultAccountOf(options)
  if (!vault) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "PayCore: saved cards are not enabled for this provider (savedCards and savedCardKey options)"
    )
  }
  return vault
}

/** The customer an account holder (or, failing that, Medusa's customer) stands for. */
function customerOf(context: Partial<PaymentProviderContext> | undefined): string {
  const holder = context?.account_holder?.data as Partial<PaycoreAccountHolderData> | undefined
  const id = holder?.customer_reference ?? context?.customer?.id
  if (!id) throw new MedusaError(MedusaError.Types.INVALID_DATA, "PayCore: no account holder or customer given")
  return id
}

const holder = (customerId: string) => ({
  id: customerId,
  data: { id: customerId, customer_reference: customerId } satisfies PaycoreAccountHolderData,
})

/**
 * Medusa calls this when a logged-in customer starts a payment session. Without saved cards there is nothing to
 * hold: the empty answer makes Medusa create no account holder.
 */
export function createAccountHolder(options: PaycoreOptions, input: CreateAccountHolderInput) {
  if (!vaultAccountOf(options)) return {} as CreateAccountHolderOutput
  return holder(input.context.customer.id)
}

export function retrieveAccountHolder(input: RetrieveAccountHolderInput): RetrieveAccountHolderOutput {
  return holder(input.id)
}

/** Nothing to change at PayCore (it keeps no customer record of its own). */
export function updateAccountHolder(input: UpdateAccountHolderInput): UpdateAccountHolderOutput {
  return { data: input.context.account_holder.data }
}

/** The holder goes, and with it every card saved for the customer (PayCore keeps a token until its card expires). */
export async function deleteAccountHolder(input: DeleteAccountHolderInput): Promise<DeleteAccountHolderOutput> {
  const data = (input.context.account_holder.data ?? {}) as Partial<PaycoreAccountHolderData>
  const customerId = data.customer_reference ?? input.context.account_holder.external_id
  if (customerId) {
    await deleteCustomerCards(paycoreModuleFromApp(), customerId, "system:account holder deleted")
  }
  return { data: input.context.account_holder.data ?? {} }
}

export async function listPaymentMethods(
  options: PaycoreOptions,
  input: ListPaymentMethodsInput
): Promise<ListPaymentMethodsOutput> {
  const cards = await listCards(paycoreModuleFromApp(), vaultOf(options), customerOf(input.context))
  return cards.map((card) => {
    const { provider_id: _unknownHere, ...view } = customerView(card, "")
    return { id: card.id, data: view }
  })
}

/**
 * Saves a card PayCore tokenised: `data` is PayCore's `payload` (`token` and `payment_card`) plus `invoice_id`. The
 * plugin calls its vault directly when a callback brings a token; this is the same for Medusa's
 * `paymentModule.createPaymentMethods`.
 */
export async function savePaymentMethod(
  options: PaycoreOptions,
  input: SavePaymentMethodInput
): Promise<SavePaymentMethodOutput> {
  const tokenised = tokenisedCard(input.data)
  const invoiceId = typeof input.data?.invoice_id === "string" ? input.data.invoice_id : ""
  if (!tokenised || !invoiceId.startsWith("cpi_")) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "PayCore: data must hold PayCore's payload (token, payment_card) and the invoice_id that tokenised the card"
    )
  }
  const card = await saveCard(paycoreModuleFromApp(), vaultOf(options), {
    customerId: customerOf(input.context),
    token: tokenised.token,
    card: tokenised.card,
    invoiceId,
  })
  const { provider_id: _unknownHere, ...view } = customerView(card, "")
  return { id: card.id, data: view }
}

/** Deletes a saved card; with an account holder in the context, only that customer's. */
export async function deletePaymentMethod(input: DeletePaymentMethodInput): Promise<DeletePaymentMethodOutput> {
  const holderData = input.context?.account_holder?.data as Partial<PaycoreAccountHolderData> | undefined
  const customerId = holderData?.customer_reference ?? input.context?.customer?.id
  const by = customerId ? `customer:${customerId}` : "system:payment module"
  const deleted = await deleteCard(paycoreModuleFromApp(), { id: input.data.id, customerId, by })
  if (!deleted) throw new MedusaError(MedusaError.Types.NOT_FOUND, `PayCore: no saved card ${input.data.id}`)
  return { data: { id: input.data.id, deleted: true } }
}
