import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, PaymentSessionStatus } from "@medusajs/framework/utils"
import { PaycoreApiError, type PaycorePaymentInvoice } from "../lib/paycore"
import type { PaycoreSessionData } from "../providers/paycore/session-data"
import { applyPaymentInvoiceState, type ApplyResult } from "./apply-payment-state"
import { paycoreAccount, paycoreAccounts } from "../accounts"

export type ReconcileResult = ApplyResult & { payment_session_id: string; invoice_id?: string }

type SessionRow = { id: string; provider_id: string; status: string; data: Record<string, unknown> | null }

/**
 * Asks PayCore for the invoice of one payment session and applies its state through the same code as the
 * callback route, so a lost callback has the same effect when it is found here.
 */
export async function reconcilePaymentSession(
  container: MedusaContainer,
  session: SessionRow,
  { logUnchanged = false }: { logUnchanged?: boolean } = {}
): Promise<ReconcileResult> {
  const account = paycoreAccount(container, session.provider_id)
  const data = (session.data ?? {}) as Partial<PaycoreSessionData>
  if (!account) return { outcome: "not_ours", payment_session_id: session.id, detail: `${session.provider_id} is not a PayCore provider` }
  const linkFlow = data.paycore_flow === "hpp_link"
  if (linkFlow && !data.paycore_invoice_id) {
    // An HPP link nobody has paid yet: PayCore has no invoice for it, and without the Private API none can be found.
    return { outcome: "pending", payment_session_id: session.id, detail: "payment link not used yet" }
  }
  let invoice: PaycorePaymentInvoice | null = null
  try {
    invoice = data.paycore_invoice_id
      ? linkFlow
        ? await account.client.getPublicPaymentInvoice(data.paycore_invoice_id)
        : await account.client.getPaymentInvoice(data.paycore_invoice_id)
      : data.paycore_reference_id
        ? await account.client.findPaymentInvoiceByReference(data.paycore_reference_id)
        : null
  } catch (error) {
    if (!(error instanceof PaycoreApiError && error.status === 404)) throw error
  }
  if (!invoice) return { outcome: "not_ours", payment_session_id: session.id, detail: "PayCore has no invoice for this session" }
  const result = await applyPaymentInvoiceState(container, invoice, {
    source: "reconciliation",
    providerId: account.providerId,
    logUnchanged,
  })
  return { ...result, payment_session_id: session.id, invoice_id: invoice.id }
}

export type ReconcilePendingOptions = {
  /** Sessions younger than this are left to their callbacks. Default: the provider's `reconcileAfterMinutes`. */
  olderThanMinutes?: number
  /** Unpaid PayCore invoices expire; older sessions are not looked at again. */
  newerThanHours?: number
  limit?: number
}

/**
 * The reconciliation job's work: PayCore sessions still pending after a while are looked up at PayCore. A paid
 * one becomes an order, a failed or expired one is closed, exactly as if its callback had arrived.
 */
export async function reconcilePendingPayments(
  container: MedusaContainer,
  { olderThanMinutes, newerThanHours = 72, limit = 100 }: ReconcilePendingOptions = {}
): Promise<{ checked: number; results: ReconcileResult[] }> {
  const accounts = paycoreAccounts(container)
  if (!accounts.length) return { checked: 0, results: [] }
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const results: ReconcileResult[] = []
  for (const account of accounts) {
    const minutes = olderThanMinutes ?? account.options.reconcileAfterMinutes
    const { data } = await query.graph({
      entity: "payment_session",
      fields: ["id", "provider_id", "status", "data", "created_at"],
      filters: {
        provider_id: account.providerId,
        status: [PaymentSessionStatus.PENDING, PaymentSessionStatus.REQUIRES_MORE],
        created_at: {
          $lt: new Date(Date.now() - minutes * 60_000),
          $gt: new Date(Date.now() - newerThanHours * 3_600_000),
        },
      },
      pagination: { take: limit, order: { created_at: "ASC" } },
    })
    for (const session of data as SessionRow[]) {
      try {
        results.push(await reconcilePaymentSession(container, session))
      } catch (error) {
        logger.warn(`PayCore reconciliation of ${session.id} failed: ${(error as Error).message}`)
        results.push({ outcome: "retry", payment_session_id: session.id, detail: (error as Error).message })
      }
    }
  }
  const changed = results.filter((result) => !["pending", "duplicate", "stale", "not_ours"].includes(result.outcome))
  if (changed.length) {
    logger.info(`PayCore reconciliation: ${results.length} checked, ${changed.length} changed (${changed.map((r) => `${r.payment_session_id}: ${r.outcome}`).join(", ")})`)
  }
  return { checked: results.length, results }
}
