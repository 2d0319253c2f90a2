import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import type { PaycorePaymentInvoice } from "../lib/paycore"
import type { PaycoreMode } from "../lib/paycore/verify-callback"
import { paymentStatusInfo } from "../lib/paycore/statuses"
import { paycoreAccount } from "../accounts"
import { applyIfNewer, compareStates, type StateSource } from "../apply-once"
import { sessionIdFromReference } from "../providers/paycore/reference"
import { resolutionMessage } from "../providers/paycore/resolution"
import { mapPaymentStatus } from "../providers/paycore/status"
import { recordAfterPayment } from "./after-payment"
import type { ApplyResult } from "./outcomes"
import { CALLBACK_COMPLETION_WAIT_MS, PATIENT_COMPLETION_WAIT_MS } from "./cart-completion-lock"
import { completePaidSession, markUnpaidSession } from "./complete-paid-session"
import { handleOrphan } from "./orphan"
import { paymentLinkObstacle, paymentLinkOrderId, syncPaymentLink } from "../payment-links/paid"
import { metadataString } from "./session-fields"
import { noteSavedCardDecline, rememberTokenisedCard } from "../saved-cards/remember"

export type { ApplyOutcome, ApplyResult } from "./outcomes"

export type ApplyOptions = {
  source?: Exclude<StateSource, "api">
  /** The PayCore provider whose keys verified the state (callbacks) or that owns the session (reconciliation). */
  providerId?: string
  /**
   * The mode of the key that verified the state (callbacks), or of the provider that read it (reconciliation). A
   * session of the other mode is never changed by it.
   */
  mode?: PaycoreMode
  /** Log an unchanged state too (an admin's "Check status at PayCore" should leave a trace). Default: no. */
  logUnchanged?: boolean
}

/**
 * The last state of each invoice that this process knows is durably applied. PayCore resends callbacks up to
 * 100 times; a resend of a state found here is answered without touching the database. It is only a shortcut:
 * an entry is added after the database holds the state, states are never un-applied, and a miss falls through
 * to the locked, database-backed path.
 */
const KNOWN_APPLIED_MAX = 10_000
const knownApplied = new Map<string, string>()

function stateKey(status: string, updatedAt: Date) {
  return `${status}@${updatedAt.getTime()}`
}

function rememberApplied(invoiceId: string, key: string) {
  knownApplied.delete(invoiceId)
  knownApplied.set(invoiceId, key)
  if (knownApplied.size > KNOWN_APPLIED_MAX) knownApplied.delete(knownApplied.keys().next().value as string)
}

/**
 * Applies one PayCore payment-invoice state to Medusa, exactly once and never older over newer: under a lock per
 * invoice (Medusa's locking module: configure its Postgres or Redis provider when several server instances run),
 * the last applied state is read from the database, and the state is recorded only after Medusa has durably applied
 * it. Used by the callback route and by reconciliation, so both behave the same.
 */
export async function applyPaymentInvoiceState(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  { source = "callback", providerId, mode, logUnchanged = false }: ApplyOptions = {}
): Promise<ApplyResult> {
  const attributes = invoice.attributes
  const sessionId = sessionIdFromReference(attributes.reference_id)
  if (!sessionId) {
    return {
      outcome: "not_ours",
      detail: `reference ${JSON.stringify(attributes.reference_id)} is not a Medusa payment session`,
    }
  }

  const updatedAt = new Date((attributes.updated ?? attributes.created ?? 0) * 1000)
  const key = stateKey(attributes.status, updatedAt)
  if (!logUnchanged && knownApplied.get(invoice.id) === key) return { outcome: "duplicate" }
  const incoming = { time: updatedAt, status: attributes.status, stage: paymentStatusInfo(attributes.status).stage }

  return await applyIfNewer<any, ApplyResult>(container, invoice, updatedAt, source, {
    lockKey: `paycore:payment-invoice:${invoice.id}`,
    read: async (paycore) => (await paycore.listPaycorePaymentInvoices({ invoice_id: invoice.id }))[0],
    freshness: (record) => {
      const freshness = compareStates(recordedStamp(record), incoming, record ? moreMoney(record, attributes) : false)
      if (freshness === "duplicate") rememberApplied(invoice.id, key)
      return freshness
    },
    // PayCore resends and the reconciliation job re-reads unchanged invoices all the time: only a late, older
    // state from PayCore (or an admin's explicit check) is worth a line in the callback log.
    logUnchanged: (freshness) => logUnchanged || (source === "callback" && freshness === "stale"),
    unchanged: (_record, freshness) => ({ outcome: freshness }),
    apply: async (record, paycore) => {
      const owner = providerId ?? record?.provider_id
      const result = await applyToMedusa(
        container,
        invoice,
        sessionId,
        record?.orphan_status ?? null,
        owner,
        mode,
        source
      )
      // Not recorded on retry (the same state must be applied again when PayCore resends it), nor for the other mode.
      if (result.outcome === "retry" || result.outcome === "wrong_mode") {
        return { result, log: [result.outcome, result.detail] }
      }
      await syncPaymentLink(container, sessionId, invoice, result)
      const values = {
        invoice_id: invoice.id,
        reference_id: attributes.reference_id!,
        session_id: sessionId,
        test_mode: Boolean(attributes.test_mode),
        status: attributes.status,
        resolution: attributes.resolution ?? null,
        paycore_updated_at: updatedAt,
        currency_code: attributes.currency.toLowerCase(),
        amount: attributes.amount ?? 0,
        processed_amount: attributes.processed_amount ?? null,
        refunded_amount: attributes.refunded_amount ?? null,
        charged_back_amount: (attributes.charged_back_amount as number | null | undefined) ?? null,
        outcome: result.outcome,
        // An orphan's later states (its refund) are in `status` and `orphan_status`: the detail keeps why it is one.
        outcome_detail:
          record?.orphan_status && result.orphanStatus && record.outcome_detail
            ? record.outcome_detail
            : (result.detail ?? null),
        provider_id: owner ?? null,
        cart_id: record?.cart_id ?? metadataString(attributes.metadata, "medusa_cart_id"),
        ...(result.orderId ? { order_id: result.orderId } : {}),
        ...(result.orphanStatus ? { orphan_status: result.orphanStatus } : {}),
      }
      if (record) await paycore.updatePaycorePaymentInvoices({ id: record.id, ...values })
      else await paycore.createPaycorePaymentInvoices(values)
      rememberApplied(invoice.id, key)
      return { result, log: ["applied", `${result.outcome}${result.detail ? `: ${result.detail}` : ""}`] }
    },
  })
}

function recordedStamp(record: { status: string; paycore_updated_at: Date | string } | undefined) {
  if (!record) return undefined
  const stage = paymentStatusInfo(record.status).stage
  return { time: new Date(record.paycore_updated_at), status: record.status, stage }
}

/** At the same second and status, a larger refunded or charged-back amount is further along. */
function moreMoney(
  record: { refunded_amount?: unknown; charged_back_amount?: unknown },
  incoming: PaycorePaymentInvoice["attributes"]
): boolean {
  const more = (recorded: unknown, now: number | null | undefined) =>
    now !== null &&
    now !== undefined &&
    MathBN.gt(now, recorded === null || recorded === undefined ? 0 : (recorded as any))
  return (
    more(record.refunded_amount, incoming.refunded_amount) ||
    more(record.charged_back_amount, incoming.charged_back_amount as any)
  )
}

async function applyToMedusa(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  sessionId: string,
  orphanStatus: ApplyResult["orphanStatus"] | null,
  providerId: string | null | undefined,
  mode: PaycoreMode | undefined,
  source: "callback" | "reconciliation"
): Promise<ApplyResult> {
  const attributes = invoice.attributes
  const query = container.resolve(ContainerRegistrationKeys.QUERY)

  const { data: sessions } = await query.graph({
    entity: "payment_session",
    fields: ["id", "status", "amount", "currency_code", "data", "provider_id", "payment_collection_id", "payment.id"],
    filters: { id: sessionId },
  })
  const session = sessions[0] as any
  const mapping = mapPaymentStatus(attributes.status)

  if (!session) {
    return await handleOrphan(container, invoice, sessionId, orphanStatus, providerId, source)
  }
  const foreign = foreignSession(session, providerId, mode)
  if (foreign) return { outcome: "wrong_mode", detail: foreign }
  // A payment link's payment its order did not take stays an orphan payment, whatever PayCore says next.
  const linkOrderId = paymentLinkOrderId(session)
  if (linkOrderId && orphanStatus) {
    const result = await handleOrphan(
      container,
      invoice,
      sessionId,
      orphanStatus,
      providerId,
      source,
      "its order did not need it"
    )
    return { ...result, orderId: linkOrderId }
  }

  if (mapping.kind === "refund" || mapping.kind === "chargeback") {
    return await recordAfterPayment(container, invoice, session, mapping.kind)
  }

  switch (mapping.webhookAction) {
    case PaymentActions.SUCCESSFUL: {
      if (linkOrderId && !session.payment?.id) {
        const obstacle = await paymentLinkObstacle(container, session)
        if (obstacle)
          return await orphanedLinkPayment(container, invoice, session, orphanStatus, providerId, source, obstacle)
      }
      const paid = await completePaidSession(
        container,
        invoice,
        session,
        currencyDecimalsOf(container, session.provider_id),
        source === "callback" ? CALLBACK_COMPLETION_WAIT_MS : PATIENT_COMPLETION_WAIT_MS
      )
      // Not on "retry": the same state comes again and saves the card then. A card that could not be saved is
      // a retry too (the order is already there; PayCore's next delivery or reconciliation saves it).
      const result = linkOrderId && paid.outcome === "payment_captured" ? { ...paid, orderId: linkOrderId } : paid
      if (result.outcome === "retry") return result
      const problem = await keepSavedCardBookkeeping(container, invoice, session, "paid")
      return problem ? { outcome: "retry", detail: problem } : result
    }
    case PaymentActions.FAILED:
    case PaymentActions.CANCELED: {
      await keepSavedCardBookkeeping(container, invoice, session, "declined")
      // Medusa's own webhook subscriber drops failures; without this the storefront would wait forever.
      const status =
        mapping.webhookAction === PaymentActions.FAILED ? PaymentSessionStatus.ERROR : PaymentSessionStatus.CANCELED
      const outcome = status === PaymentSessionStatus.ERROR ? "session_failed" : "session_canceled"
      const changed = await markUnpaidSession(container, session, status, {
        paycore_invoice_id: invoice.id,
        paycore_status: attributes.status,
        paycore_resolution: attributes.resolution ?? null,
        paycore_resolution_message: resolutionMessage(attributes.resolution),
        paycore_updated: attributes.updated ?? null,
        ...(attributes.status === "partially_processed"
          ? {
              paycore_problem: `amount_mismatch: paid ${attributes.processed_amount ?? "?"} of ${attributes.amount} ${attributes.currency}`,
            }
          : {}),
      })
      return changed
        ? { outcome, detail: attributes.resolution ?? undefined }
        : { outcome, detail: "the session was already paid; left unchanged" }
    }
    default:
      return { outcome: "pending" }
  }
}

/**
 * A payment link paid after its order stopped needing it: an orphan payment (recorded, refunded if so configured),
 * and the session is closed so that reconciliation stops asking about it.
 */
async function orphanedLinkPayment(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  session: any,
  orphanStatus: ApplyResult["orphanStatus"] | null,
  providerId: string | null | undefined,
  source: "callback" | "reconciliation",
  obstacle: string
): Promise<ApplyResult> {
  const result = await handleOrphan(container, invoice, session.id, orphanStatus, providerId, source, obstacle)
  if (result.outcome !== "retry") {
    await markUnpaidSession(container, session, PaymentSessionStatus.CANCELED, {
      paycore_invoice_id: invoice.id,
      paycore_status: invoice.attributes.status,
      paycore_problem: `orphan payment: ${obstacle}`,
      paycore_updated: invoice.attributes.updated ?? null,
    }).catch(() => false) // the collection may be gone with its sessions
  }
  return { ...result, orderId: paymentLinkOrderId(session) }
}

/**
 * Saved cards follow the payment: a paid invoice with the customer's consent saves the card PayCore tokenised, a
 * saved card declined as gone is not offered again. Answers what went wrong (logged; never undoes the payment).
 */
async function keepSavedCardBookkeeping(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  session: any,
  outcome: "paid" | "declined"
): Promise<string | undefined> {
  try {
    if (outcome === "paid") await rememberTokenisedCard(container, invoice, session)
    else await noteSavedCardDecline(container, invoice, session)
    return undefined
  } catch (error) {
    const problem = `saved card of invoice ${invoice.id} not recorded: ${(error as Error).message}`
    container.resolve(ContainerRegistrationKeys.LOGGER).error(`PayCore: ${problem}`)
    return problem
  }
}

/**
 * Test and live never mix: a state verified with one mode's key (or read by one provider) never changes a session
 * that another provider or the other mode created. Returns why, or nothing when the session is this state's.
 */
function foreignSession(session: any, providerId: string | null | undefined, mode: PaycoreMode | undefined) {
  if (providerId && session.provider_id !== providerId) {
    return `payment session ${session.id} belongs to ${session.provider_id}, not to ${providerId}`
  }
  const recorded = session.data?.test_mode
  if (mode && typeof recorded === "boolean" && recorded !== (mode === "test")) {
    return `a ${mode} state for the ${recorded ? "test" : "live"} payment session ${session.id}`
  }
  return undefined
}

/** The provider's `currencyDecimals` option (for currencies Medusa does not know), wherever money is compared. */
export function currencyDecimalsOf(container: MedusaContainer, providerId: string | null | undefined) {
  return paycoreAccount(container, providerId)?.options.currencyDecimals
}
