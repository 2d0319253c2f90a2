import type { SandboxCore } from "./core"
import { phpJsonEncode } from "./php-json"
import { paymentInvoiceDocument, payoutInvoiceDocument } from "./resources"
import { signCallbackBody } from "./signature"
import { FINAL_PAYMENT_STATUSES, FINAL_PAYOUT_STATUSES, type PaymentInvoice, type PayoutInvoice } from "./state"

/**
 * Queues the callback for an invoice's new status. The body is the invoice document at this moment, encoded the
 * way PayCore's PHP encodes it, and signed with the private key of the invoice's mode. The target is the
 * invoice's callback_url, else the account default; with neither, nothing is sent.
 */
export function notifyPaymentInvoice(core: SandboxCore, inv: PaymentInvoice): void {
  if (core.config.onlyFinalCallbacks && !FINAL_PAYMENT_STATUSES.has(inv.status)) return
  const url = inv.callbackUrl ?? core.config.callbackUrl
  if (!url) return
  const body = phpJsonEncode(paymentInvoiceDocument(core, inv))
  core.callbacks.send({
    invoiceId: inv.id,
    invoiceType: "payment-invoices",
    status: inv.status,
    url,
    body,
    signature: signCallbackBody(body, core.secretFor(inv.testMode)),
  })
}

export function notifyPayoutInvoice(core: SandboxCore, inv: PayoutInvoice): void {
  if (core.config.onlyFinalCallbacks && !FINAL_PAYOUT_STATUSES.has(inv.status)) return
  const url = inv.callbackUrl ?? core.config.callbackUrl
  if (!url) return
  const body = phpJsonEncode(payoutInvoiceDocument(core, inv))
  core.callbacks.send({
    invoiceId: inv.id,
    invoiceType: "payout-invoices",
    status: inv.status,
    url,
    body,
    signature: signCallbackBody(body, core.secretFor(inv.testMode)),
  })
}
