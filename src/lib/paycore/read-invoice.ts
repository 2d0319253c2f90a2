import type { PaycoreClient } from "./client"
import { PaycoreApiError } from "./errors"
import type { PaycorePaymentInvoice } from "./schemas"

/** Private API answers after which an invoice PayCore's page created may still be readable through the Public API. */
const PUBLIC_FALLBACK_STATUSES = new Set([401, 403, 404])

/**
 * A payment invoice as PayCore itself reports it: by id through the Private API (its credentials are always
 * configured), else by reference. For an invoice PayCore's hosted page created from a link (`publicFallback`), a
 * Private API refusal falls back to the Public API read with the public key, since the sources disagree on which of
 * the two such an invoice can be read through (docs/paycore-notes.md, "Public API / HPP"). `null` when PayCore has no
 * such invoice (a 404 is an answer, not an outage); any other failure is thrown. A stored id is always read by id; by
 * reference, a PayCore that refuses or ignores the filter gives `PaycoreReferenceLookupError` (unknown), never `null`.
 */
export async function readPaymentInvoice(
  client: PaycoreClient,
  {
    invoiceId,
    referenceId,
    publicFallback = false,
  }: { invoiceId?: string; referenceId?: string; publicFallback?: boolean }
): Promise<PaycorePaymentInvoice | null> {
  return notFoundIsNull(async () => {
    if (!invoiceId) return referenceId ? await client.findPaymentInvoiceByReference(referenceId) : null
    try {
      return await client.getPaymentInvoice(invoiceId)
    } catch (error) {
      if (!publicFallback || !(error instanceof PaycoreApiError) || !PUBLIC_FALLBACK_STATUSES.has(error.status)) {
        throw error
      }
      return await client.getPublicPaymentInvoice(invoiceId)
    }
  })
}

async function notFoundIsNull<T>(read: () => Promise<T | null>): Promise<T | null> {
  try {
    return await read()
  } catch (error) {
    if (error instanceof PaycoreApiError && error.status === 404) return null
    throw error
  }
}
