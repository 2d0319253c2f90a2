import type { BigNumberInput, InitiatePaymentInput, Logger } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type { PaycoreOptions } from "../../../accounts/options"
import { settingHint } from "../../../accounts/setting-hints"
import {
  PaycoreApiError,
  type CreatePaymentInvoiceAttributes,
  type PaycoreClient,
  type PaycorePaymentInvoice,
} from "../../../lib/paycore"
import { payWithSavedCard } from "../../../saved-cards/pay-with-card"
import { toPaycoreAmount } from "../money"
import { paymentReferenceFor } from "../reference"
import { restartedSessionData, type PaycoreSessionData, type StorefrontSessionData } from "../session-data"
import { adoptExistingInvoice } from "./adopt-invoice"
import { customerFor, fill, hppLink, returnUrlsFor } from "./invoice-request"
import { toMedusaError } from "./live-status"
import type { SavedCardUse } from "./saved-card-use"
import { cardService, chosenService } from "./service-choice"

/** `client` may be a getter: the provider makes its client on first use, which the HPP link flow may never need. */
type CreateInvoiceDeps = { readonly client: PaycoreClient; options: PaycoreOptions; logger?: Logger }

export type CreateInvoiceArgs = {
  sessionId: string
  attempt: number
  amount: BigNumberInput
  currencyCode: string
  storefront: StorefrontSessionData
  context: InitiatePaymentInput["context"]
  card: SavedCardUse | undefined
}

/**
 * A session's PayCore invoice: created through the private API, or (`invoiceCreation: "hpp_link"`) only a signed
 * HPP link that PayCore turns into an invoice when the customer opens it. Returns the session's data.
 */
export async function createInvoice(deps: CreateInvoiceDeps, args: CreateInvoiceArgs): Promise<PaycoreSessionData> {
  const { options } = deps
  const currency = args.currencyCode.toUpperCase()
  let amount: number
  try {
    amount = toPaycoreAmount(args.amount, currency, options.currencyDecimals)
  } catch (error) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `PayCore: ${(error as Error).message}`)
  }
  const reference = paymentReferenceFor(args.sessionId, args.attempt)
  const cartId = args.storefront.cart_id
  const customer = customerFor(args.sessionId, args.context, args.storefront, args.card?.customerId)
  const placeholders = { cart_id: cartId ?? "", session_id: args.sessionId }
  const service =
    (await chosenService(deps, args.storefront.service, currency, amount)) ??
    (args.card ? await cardService(deps, currency, amount) : undefined)
  const returnUrls = returnUrlsFor(args.storefront.return_url, options.returnUrls, placeholders)
  const orderId = args.storefront.paycore_order_id
  const metadata = {
    medusa_session_id: args.sessionId,
    ...(cartId ? { medusa_cart_id: cartId } : {}),
    ...(orderId ? { medusa_order_id: orderId } : {}),
  }
  const description = fill(options.invoiceDescription, placeholders)
  const lifetime = options.invoiceLifetimeMinutes
  const expires = lifetime > 0 ? { expires: Math.floor(Date.now() / 1000) + lifetime * 60 } : {}
  const hppOptions = {
    ...(args.storefront.locale ? { locale: args.storefront.locale } : {}),
    ...(args.storefront.display ? { display: args.storefront.display } : {}),
    ...(args.storefront.style ? { style: args.storefront.style } : {}),
  }
  const common = {
    // The customer's choices stay with the session: a new invoice for it (amount changed, or Medusa recreating the
    // session after a refund) is made with the same page, language and contact details.
    ...restartedSessionData(args.storefront),
    session_id: args.sessionId,
    ...(cartId ? { cart_id: cartId } : {}),
    ...(orderId ? { paycore_order_id: orderId } : {}),
    paycore_reference_id: reference,
    paycore_attempt: args.attempt,
    amount,
    currency,
    test_mode: options.testMode,
    ...(args.storefront.return_url ? { return_url: args.storefront.return_url } : {}),
    ...args.card?.sessionFields,
  }

  if (options.invoiceCreation === "hpp_link") {
    // PayCore creates the invoice when the customer opens the link; its id arrives with the first callback.
    const link = hppLink(`${options.baseUrl}/hpp/`, {
      public_key: options.publicKey!,
      reference_id: reference,
      amount: String(amount),
      currency,
      description,
      ...(service ? { service } : {}),
      ...expires,
      ...returnUrls,
      ...(customer ? { customer } : {}),
      metadata,
      ...hppOptions,
    })
    return {
      ...common,
      paycore_invoice_id: "",
      paycore_flow: "hpp_link",
      hpp_url: link,
      paycore_status: "link_created",
    }
  }

  const attributes: CreatePaymentInvoiceAttributes = {
    reference_id: reference,
    amount,
    currency,
    test_mode: options.testMode,
    description,
    service,
    customer,
    metadata,
    callback_url: options.callbackUrl,
    ...expires,
    ...returnUrls,
    // PayCore documents these as hosted-page parameters; sent as invoice attributes for a `?cpi=` page.
    ...hppOptions,
    ...args.card?.invoiceAttributes,
  }
  const create = async (token?: string) => {
    try {
      return await deps.client.createPaymentInvoice(token ? { ...attributes, token } : attributes)
    } catch (error) {
      // PayCore already has an invoice with this reference: an earlier try for this very session
      // (e.g. a retried request) created it. Adopt it only if it asks for the same money.
      if (!(error instanceof PaycoreApiError && error.isDuplicateReference)) throw error
      return await adoptExistingInvoice(
        { client: deps.client, options, logger: deps.logger },
        { reference, amount, currency, duplicate: error }
      )
    }
  }
  let invoice: PaycorePaymentInvoice
  try {
    invoice =
      args.card?.kind === "pay"
        ? await payWithSavedCard({ ...args.card, client: deps.client, cartId }, create)
        : await create()
  } catch (error) {
    if (error instanceof MedusaError) throw error
    // A refusal that an option or an account setting decides (`expires`, `service`) names it.
    const refusal = toMedusaError("create the payment invoice", error, deps.logger)
    const hint = settingHint("payment", error, options)
    if (hint) refusal.message += `. ${hint}`
    throw refusal
  }
  return {
    ...common,
    paycore_invoice_id: invoice.id,
    paycore_flow: "private_api",
    hpp_url: `${options.baseUrl}/hpp/?cpi=${encodeURIComponent(invoice.id)}`,
    hpp_embed: {
      base_url: `${options.baseUrl}/hpp/`,
      cpi: invoice.id,
      public_key: options.publicKey ?? "",
      amount,
      currency,
    },
    paycore_status: invoice.attributes.status,
    paycore_updated: invoice.attributes.updated ?? null,
  }
}
