import type { SandboxCore } from "./core"
import { apiErrors } from "./errors"
import { ID_PREFIX, newId } from "./ids"
import { changePaymentStatus } from "./payments"
import type { PaymentInvoice, PaymentStatus, Refund } from "./state"

/**
 * Refunds, PayCore's "new refund model" (docs/paycore-notes.md, "Refunds"): several partial refunds until nothing is left.
 * The invoice reports each step by callback: refunding → partially_refunded | refunded (or refund_pending /
 * refund_failed). The refund's own statuses are not documented beyond `processed`; the sandbox uses
 * processing / process_pending / processed / process_failed (README).
 */

/** Invoice statuses from which a new refund may start. */
export const REFUNDABLE_STATUSES: readonly PaymentStatus[] = [
  "processed",
  "partially_processed",
  "partially_refunded",
  "refund_failed",
]

export function refundableAmount(inv: PaymentInvoice): number {
  return (inv.processedAmount ?? 0) - (inv.refundedAmount ?? 0) - (inv.chargedBackAmount ?? 0)
}

export function createRefund(
  core: SandboxCore,
  inv: PaymentInvoice,
  input: { amount: number; referenceId: string; description: string | null }
): Refund {
  if (core.store.findRefundByReference(input.referenceId)) {
    throw apiErrors.duplicate(core.config)
  }
  if (!REFUNDABLE_STATUSES.includes(inv.status)) {
    throw apiErrors.invalid(
      "invoiceId",
      "invalid_status",
      `Invoice ${inv.id} in status ${inv.status} cannot be refunded`
    )
  }
  const left = refundableAmount(inv)
  if (input.amount > left) {
    throw apiErrors.invalid("amount", "exceeds_refundable", "amount exceeds the amount that can still be refunded")
  }
  const now = core.clock.now()
  const refund: Refund = {
    id: newId(ID_PREFIX.refund),
    invoiceId: inv.id,
    referenceId: input.referenceId,
    description: input.description,
    status: "processing",
    amount: input.amount,
    currency: inv.currency,
    created: now,
    updated: now,
  }
  core.store.refunds.set(refund.id, refund)
  inv.refundIds.push(refund.id)
  changePaymentStatus(core, inv, "refunding")

  switch (core.config.refundOutcome) {
    case "processed":
      completeRefund(core, refund)
      break
    case "refund_pending":
      refund.status = "process_pending"
      changePaymentStatus(core, inv, "refund_pending")
      break
    case "failed":
      failRefund(core, refund)
      break
    case "refunding":
      break
  }
  return refund
}

function refundInvoice(core: SandboxCore, refund: Refund): PaymentInvoice {
  const inv = core.store.paymentInvoices.get(refund.invoiceId)
  if (!inv) throw apiErrors.notFound(`Invoice ${refund.invoiceId} of refund ${refund.id} not found`)
  return inv
}

function assertOpen(refund: Refund): void {
  if (refund.status !== "processing" && refund.status !== "process_pending") {
    throw apiErrors.invalidState(`Refund ${refund.id} is already ${refund.status}`)
  }
}

export function completeRefund(core: SandboxCore, refund: Refund): void {
  assertOpen(refund)
  const inv = refundInvoice(core, refund)
  refund.status = "processed"
  refund.updated = core.clock.now()
  const refunded = (inv.refundedAmount ?? 0) + refund.amount
  const everything = refunded >= (inv.processedAmount ?? 0) - (inv.chargedBackAmount ?? 0)
  changePaymentStatus(core, inv, everything ? "refunded" : "partially_refunded", { refundedAmount: refunded })
}

export function failRefund(core: SandboxCore, refund: Refund): void {
  assertOpen(refund)
  const inv = refundInvoice(core, refund)
  refund.status = "process_failed"
  refund.updated = core.clock.now()
  changePaymentStatus(core, inv, "refund_failed")
}

export function requireRefund(core: SandboxCore, id: string): Refund {
  const refund = core.store.refunds.get(id)
  if (!refund) throw apiErrors.notFound(`Refund ${id} not found`)
  return refund
}
