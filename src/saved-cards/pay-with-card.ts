import { container } from "@medusajs/framework"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { PaycoreApiError, type PaycoreClient, type PaycorePaymentInvoice } from "../lib/paycore"
import { paymentStatusInfo } from "../lib/paycore/statuses"
import { paycoreModuleFromApp } from "./module-access"
import { markCardUnusable, markCardUsed, tokenToPay, type VaultAccount } from "./vault"

/** How long a second payment with the same card waits for the first one's lock, in seconds. */
const CARD_LOCK_SECONDS = 15

/**
 * Pays with a customer's saved card: `charge` gets the opened token and creates the invoice. One payment per card at
 * a time (a lock per card), and never a second one for the same cart while the last one is paid or still pending
 * at PayCore: a double click or a retried request must not charge the card twice.
 */
export async function payWithSavedCard(
  args: {
    account: VaultAccount
    client: PaycoreClient
    customerId: string
    savedCardId: string
    cartId: string | undefined
  },
  charge: (token: string) => Promise<PaycorePaymentInvoice>
): Promise<PaycorePaymentInvoice> {
  const paycore = paycoreModuleFromApp()
  const locking = container.resolve(Modules.LOCKING)
  return await locking.execute(
    `paycore:saved-card:${args.savedCardId}`,
    async () => {
      const { token, card } = await tokenToPay(paycore, args.account, args.customerId, args.savedCardId)
      if (args.cartId && card.last_cart_id === args.cartId && card.last_invoice_id) {
        await refuseWhileLastPaymentStands(args.client, card.last_invoice_id)
      }
      let invoice: PaycorePaymentInvoice
      try {
        invoice = await charge(token)
      } catch (error) {
        if (tokenRefused(error)) {
          const why = describe(error as PaycoreApiError)
          await markCardUnusable(paycore, card.id, `token refused by PayCore ${why}`)
          throw new MedusaError(
            MedusaError.Types.INVALID_DATA,
            `saved_card_id: PayCore refused this saved card ${why}; pay with a new card`
          )
        }
        throw error
      }
      await markCardUsed(paycore, card.id, { cartId: args.cartId ?? null, invoiceId: invoice.id })
      return invoice
    },
    { timeout: CARD_LOCK_SECONDS }
  )
}

async function refuseWhileLastPaymentStands(client: PaycoreClient, invoiceId: string): Promise<void> {
  let status: string
  try {
    status = (await client.getPaymentInvoice(invoiceId)).attributes.status
  } catch (error) {
    if (error instanceof PaycoreApiError && error.status === 404) return
    throw error
  }
  const { outcome } = paymentStatusInfo(status)
  if (outcome === "paid" || outcome === "pending") {
    // Not CONFLICT: Medusa's error handler answers every 409 with its own idempotency-key message.
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `saved_card_id: this card is already paying this cart (invoice ${invoiceId} is ${status}); wait for its result`
    )
  }
}

/** PayCore's refusal of the token itself (unknown, revoked, another customer's), not of the rest of the request. */
function tokenRefused(error: unknown): boolean {
  if (!(error instanceof PaycoreApiError) || error.status < 400 || error.status >= 500 || error.status === 429) {
    return false
  }
  const said = [...error.errorCodes, ...error.messages, error.detail].join(" ").toLowerCase()
  return said.includes("token")
}

function describe(error: PaycoreApiError): string {
  return `(HTTP ${error.status}${error.errorCodes.length ? `, ${error.errorCodes.join(", ")}` : ""})`
}
