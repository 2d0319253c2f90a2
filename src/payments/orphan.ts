import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, PaymentSessionStatus } from "@medusajs/framework/utils"
import { paycoreAccount, type PaycoreAccount } from "../accounts"
import { PaycoreApiError, readPaymentInvoice, type PaycorePaymentInvoice } from "../lib/paycore"
import { mapPaymentStatus } from "../providers/paycore/status"
import type { ApplyResult } from "./outcomes"
import { metadataString } from "./session-fields"

/**
 * A payment PayCore processed for a session Medusa has deleted (the cart changed while the payment page stayed
 * open, and Medusa replaced the session), or for a payment link whose order no longer needs it. Never dropped:
 * recorded with its cart for the admin, and refunded in full when the provider's `refundOrphanPayments` option
 * says so. The refund's reference is derived from the invoice, so a repeated callback never refunds twice.
 */
export async function handleOrphan(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  sessionId: string,
  orphanStatus: ApplyResult["orphanStatus"] | null,
  providerId: string | null | undefined,
  source: "callback" | "reconciliation" = "callback",
  /** Why the payment has nowhere to go when its session still exists (a payment link whose order was paid otherwise). */
  reason?: string
): Promise<ApplyResult> {
  const attributes = invoice.attributes
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const mapping = mapPaymentStatus(attributes.status)
  const paid = mapping.sessionStatus === PaymentSessionStatus.CAPTURED && mapping.kind === "payment"
  if (!paid && !orphanStatus) {
    return { outcome: "unknown_session", detail: `payment session ${sessionId} not found` }
  }
  if (mapping.kind === "refund") {
    const refunded = attributes.status === "refunded" || attributes.status === "partially_refunded"
    const status =
      attributes.status === "refund_failed"
        ? "refund_failed"
        : refunded
          ? "refunded"
          : (orphanStatus ?? "refund_requested")
    return { outcome: "unknown_session", detail: `orphan payment: ${attributes.status}`, orphanStatus: status }
  }
  if (orphanStatus && orphanStatus !== "open") {
    return { outcome: "unknown_session", detail: "orphan payment already handled", orphanStatus }
  }

  const account = paycoreAccount(container, providerId)
  let amount: number | null | undefined
  if (account?.options.refundOrphanPayments) {
    // Money goes back only as PayCore itself reports it: never an amount taken from a callback's body.
    const read = source === "reconciliation" ? invoice : await paycoreRead(account, invoice.id)
    if (read === "unreachable")
      return { outcome: "retry", detail: `PayCore could not be asked about orphan invoice ${invoice.id}` }
    amount =
      read && paidAsConfigured(read, account.options.testMode)
        ? (read.attributes.processed_amount ?? read.attributes.amount)
        : null
  }
  if (!account?.options.refundOrphanPayments || amount === null || amount === undefined) {
    const where = reason
      ? `payment session ${sessionId}, but ${reason}`
      : `payment session ${sessionId}, which Medusa no longer has (${paidFor(attributes.metadata)})`
    logger.error(`PayCore: invoice ${invoice.id} was paid for ${where}. Refund it in PayCore or contact the customer.`)
    return {
      outcome: "unknown_session",
      detail: `orphan payment: ${reason ?? "paid for a deleted payment session"}`,
      orphanStatus: "open",
    }
  }
  try {
    const refund = await account.client.refundPaymentInvoice(invoice.id, {
      amount,
      reference_id: `orphan-${invoice.id}`,
      description: reason
        ? "Automatic refund: paid for an order that no longer needed it"
        : "Automatic refund: paid for a checkout that had changed",
    })
    logger.warn(
      `PayCore: invoice ${invoice.id} paid for deleted session ${sessionId} was refunded automatically (${refund.id})`
    )
    return {
      outcome: "unknown_session",
      detail: `orphan payment refunded: ${refund.id}`,
      orphanStatus: "refund_requested",
    }
  } catch (error) {
    if (error instanceof PaycoreApiError && error.isDuplicateReference) {
      return {
        outcome: "unknown_session",
        detail: "orphan payment refund already requested",
        orphanStatus: "refund_requested",
      }
    }
    if (error instanceof PaycoreApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
      logger.error(`PayCore: the automatic refund of orphan invoice ${invoice.id} was refused: ${error.message}`)
      return {
        outcome: "unknown_session",
        detail: `orphan refund refused: ${error.message}`,
        orphanStatus: "refund_failed",
      }
    }
    // PayCore unreachable: answer 5xx so PayCore sends the callback again and the refund is tried again.
    return { outcome: "retry", detail: `the automatic refund of orphan invoice ${invoice.id} could not be sent yet` }
  }
}

/** What the deleted session paid for, from the invoice's metadata: a cart, or an order's payment link. */
function paidFor(metadata: unknown): string {
  const orderId = metadataString(metadata, "medusa_order_id")
  if (orderId) return `a payment link of order ${orderId}`
  return `cart ${metadataString(metadata, "medusa_cart_id") ?? "unknown"}`
}

async function paycoreRead(
  account: PaycoreAccount,
  invoiceId: string
): Promise<PaycorePaymentInvoice | null | "unreachable"> {
  const publicFallback = account.options.invoiceCreation === "hpp_link"
  return readPaymentInvoice(account.client, { invoiceId, publicFallback }).catch(() => "unreachable" as const)
}

/** PayCore's own read says the invoice was paid, in the provider's mode. */
function paidAsConfigured(invoice: PaycorePaymentInvoice, testMode: boolean): boolean {
  const mapping = mapPaymentStatus(invoice.attributes.status)
  const paid = mapping.sessionStatus === PaymentSessionStatus.CAPTURED && mapping.kind === "payment"
  return paid && Boolean(invoice.attributes.test_mode) === testMode
}
