import type { PaycoreClient } from "./client"
import { PaycoreApiError } from "./errors"
import type { PaycorePaymentInvoice } from "./schemas"

/**
 * A payment invoice as PayCore itself reports it: by id (through the Public API for invoices PayCore created from a
 * hosted-page link, which accounts without Private API access cannot read otherwise), else by reference. `null`
 * when PayCore has no such invoice (a 404 is an answer, not an outage); any other failure is thrown.
 */
export async function readPaymentInvoice(
  client: PaycoreClient,
  { invoiceId, referenceId, viaPublicApi = false }: { invoiceId?: string; referenceId?: string; viaPublicApi?: boolean }
): Promise<PaycorePaymentInvoice | null> {
  try {
    if (invoiceId) {
      return viaPublicApi ? await client.getPublicPaymentInvoice(invoiceId) : await client.getPaymentInvoice(invoiceId)
    }
    return referenceId ? await client.findPaymentInvoiceByReference(referenceId) : null
  } catch (error) {
    if (error instanceof PaycoreApiError && error.status === 404) return null
    throw error
  }
}
