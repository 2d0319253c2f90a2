import {
  paycoreRefundDocumentSchema,
  paycoreRefundRequestSchema,
  paycoreRefundResourceSchema,
  type PaycorePaymentInvoiceDocument,
  type PaycoreRefund,
} from "../schemas"
import { PAYMENT_INVOICES, readInvoiceDocumentOnce } from "./invoices"
import { createIdempotently } from "./retry"
import type { PaycoreTransport } from "./transport"
import { requireText, validateRequest } from "./validation"

/**
 * `POST /api/payment-invoices/{id}/refund` (PayCore's "new refund model"). Idempotent
 * by `reference_id` (use e.g. the Medusa refund id). PayCore has no documented way to
 * look a refund up by reference, so the client re-reads the invoice and looks for
 * the refund among its `included` resources: before re-sending an unconfirmed
 * refund, and after a 409/422/429 answer (a refund found there that predates the
 * call gives `isDuplicateReference: true`). A refund PayCore does not list there
 * cannot be recognised as a duplicate.
 */
export async function refundPaymentInvoice(
  transport: PaycoreTransport,
  invoiceId: string,
  refund: unknown
): Promise<PaycoreRefund> {
  const operation = "refundPaymentInvoice"
  requireText(invoiceId, "invoiceId", operation)
  const attributes = validateRequest(paycoreRefundRequestSchema, refund, operation)
  transport.logger?.debug("paycore: refunding payment invoice", { operation, invoiceId, attributes })
  return createIdempotently(transport, {
    operation,
    referenceId: attributes.reference_id,
    create: async () => {
      const answer = await transport.send({
        operation,
        method: "POST",
        api: "private",
        path: `/payment-invoices/${encodeURIComponent(invoiceId)}/refund`,
        body: {
          data: {
            type: "refund",
            attributes: {
              invoiceId,
              amount: attributes.amount,
              reference_id: attributes.reference_id,
              description: attributes.description,
            },
          },
        },
      })
      return transport.parse(paycoreRefundDocumentSchema, answer, operation, "refund document").data
    },
    findExisting: async () => {
      const document = await readInvoiceDocumentOnce(transport, PAYMENT_INVOICES, invoiceId, operation)
      return findIncludedRefund(document, attributes.reference_id)
    },
  })
}

/** A refund with this reference among the invoice's `included` resources, if PayCore lists it there. */
function findIncludedRefund(document: PaycorePaymentInvoiceDocument, referenceId: string): PaycoreRefund | null {
  for (const resource of document.included ?? []) {
    if (resource.type !== "refunds" || resource.attributes?.reference_id !== referenceId) {
      continue
    }
    const parsed = paycoreRefundResourceSchema.safeParse(resource)
    if (parsed.success) {
      return parsed.data
    }
  }
  return null
}
