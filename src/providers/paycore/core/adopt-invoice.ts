import type { Logger } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type { PaycoreOptions } from "../../../accounts/options"
import type { PaycoreApiError, PaycoreClient, PaycorePaymentInvoice } from "../../../lib/paycore"
import { amountsMatch } from "../money"
import { toMedusaError } from "./live-status"

type AdoptDeps = { client: PaycoreClient; options: PaycoreOptions; logger?: Logger }

/**
 * PayCore already has an invoice with this session's reference: an earlier try for this very session (e.g. a
 * retried request) created it. It is adopted only if it asks for the same money.
 */
export async function adoptExistingInvoice(
  deps: AdoptDeps,
  request: { reference: string; amount: number; currency: string; duplicate: PaycoreApiError }
): Promise<PaycorePaymentInvoice> {
  const { reference, amount, currency, duplicate } = request
  let existing: PaycorePaymentInvoice | null
  try {
    existing = await deps.client.findPaymentInvoiceByReference(reference)
  } catch (error) {
    throw toMedusaError("read the existing payment invoice", error, deps.logger)
  }
  const attributes = existing?.attributes
  if (!existing || !attributes) {
    throw toMedusaError(
      `create the payment invoice (reference ${reference} is taken by another invoice)`,
      duplicate,
      deps.logger
    )
  }
  if (
    attributes.currency.toUpperCase() !== currency ||
    attributes.amount === null ||
    attributes.amount === undefined ||
    !amountsMatch(attributes.amount, amount, currency, deps.options.currencyDecimals)
  ) {
    // Permanent: the reference stays taken, so "try again" (what a 429 duplicate would otherwise say) cannot help.
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `PayCore refused to create the payment invoice: reference ${reference} is already used by invoice ` +
        `${existing.id} for ${attributes.amount ?? "an unknown amount"} ${attributes.currency}, not ${amount} ${currency}`
    )
  }
  return existing
}
