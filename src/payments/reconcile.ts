import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, PaymentSessionStatus } from "@medusajs/framework/utils"
import { readPaymentInvoice } from "../lib/paycore"
import { modeOf } from "../lib/paycore/verify-callback"
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
  if (!account)
    return {
      outcome: "not_ours",
      payment_session_id: session.id,
      detail: `${session.provider_id} is not a PayCore provider`,
    }
  const linkFlow = data.paycore_flow === "hpp_link"
  if (linkFlow && !data.paycore_invoice_id) {
    // An HPP link nobody has paid yet: PayCore has no invoice for it, and without the Private API none can be found.
    return { outcome: "pending", payment_session_id: session.id, detail: "payment link not used yet" }
  }
  const invoice = await readPaymentInvoice(account.client, {
    invoiceId: data.paycore_invoice_id,
    referenceId: data.paycore_reference_id,
    publicFallback: linkFlow,
  })
  if (!invoice)
    return { outcome: "not_ours", payment_session_id: session.id, detail: "PayCore has no invoice for this session" }
  const result = await applyPaymentInvoiceState(container, invoice, {
    source: "reconciliation",
    providerId: account.providerId,
    mode: modeOf(account.options.testMode),
    logUnchanged,
  })
  return { ...result, payment_session_id: session.id, invoice_id: invoice.id }
}

export type ReconcilePendingOptions = {
  /** Sessions younger than this are left to their callbacks. Default: the provider's `reconcileAfterMinutes`. */
  olderThanMinutes?: number
  /** Unpaid PayCore invoices expire; older sessions are not looked at again. */
  newerThanHours?: number
  /** At most this many sessions are asked about per run; the least recently checked go first. */
  limit?: number
}

/** Candidates are read in pages of this size, so that every pending session is seen, however many there are. */
const PAGE_SIZE = 200

/**
 * When this process last asked PayCore about each session. Every pending session is a candidate, and the least
 * recently checked go first: sessions nobody pays can never keep a paid one with a lost callback from being looked
 * at (bounded: the oldest entries are forgotten first).
 */
const lastChecked = new Map<string, number>()
const LAST_CHECKED_MAX = 50_000

function markChecked(sessionId: string) {
  lastChecked.delete(sessionId)
  lastChecked.set(sessionId, Date.now())
  if (lastChecked.size > LAST_CHECKED_MAX) lastChecked.delete(lastChecked.keys().next().value as string)
}

/**
 * The reconciliation job's work: PayCore sessions still pending after a while are looked up at PayCore. A paid
 * one becomes an order, a failed or expired one is closed, exactly as if its callback had arrived.
 */
export async function reconcilePendingPayments(
  container: MedusaContainer,
  { olderThanMinutes, newerThanHours = 72, limit = 200 }: ReconcilePendingOptions = {}
): Promise<{ checked: number; results: ReconcileResult[] }> {
  const accounts = paycoreAccounts(container)
  if (!accounts.length) return { checked: 0, results: [] }
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const candidates: Array<SessionRow & { created_at: Date | string }> = []
  for (const account of accounts) {
    const minutes = olderThanMinutes ?? account.options.reconcileAfterMinutes
    for (let skip = 0; ; skip += PAGE_SIZE) {
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
        pagination: { take: PAGE_SIZE, skip, order: { created_at: "ASC" } },
      })
      candidates.push(...(data as any[]))
      if (data.length < PAGE_SIZE) break
    }
  }
  const checkedAt = (session: SessionRow) => lastChecked.get(session.id) ?? 0
  candidates.sort(
    (a, b) => checkedAt(a) - checkedAt(b) || new Date(a.created_at).getTime() - new Date(b.created_at).getTime()
  )

  const results: ReconcileResult[] = []
  for (const session of candidates.slice(0, limit)) {
    markChecked(session.id)
    try {
      results.push(await reconcilePaymentSession(container, session))
    } catch (error) {
      logger.warn(`PayCore reconciliation of ${session.id} failed: ${(error as Error).message}`)
      results.push({ outcome: "retry", payment_session_id: session.id, detail: (error as Error).message })
    }
  }
  const changed = results.filter((result) => !["pending", "duplicate", "stale", "not_ours"].includes(result.outcome))
  if (changed.length) {
    logger.info(
      `PayCore reconciliation: ${results.length} checked, ${changed.length} changed ` +
        `(${changed.map((r) => `${r.payment_session_id}: ${r.outcome}`).join(", ")})`
    )
  }
  return { checked: results.length, results }
}
