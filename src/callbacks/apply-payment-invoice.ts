import type { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MathBN,
  Modules,
  PaymentActions,
  PaymentSessionStatus,
} from "@medusajs/framework/utils"
import { processPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { PaycoreApiError, type PaycorePaymentInvoice } from "../lib/paycore"
import { PAYCORE_MODULE } from "../modules/paycore"
import type { PaycoreModuleService } from "../modules/paycore/service"
import { amountsMatch, fromPaycoreAmount, mapPaymentStatus, resolutionMessage } from "../providers/paycore/utils"
import { sessionIdFromReference } from "../providers/paycore/utils/reference"
import { withInvoiceLock } from "./invoice-lock"
import { paycoreAccount } from "./paycore-accounts"
import { releaseExpiredCartLock } from "./stale-locks"

/** What applying one PayCore state did. Every outcome but `retry` is final for that state: answer 200. */
export type ApplyOutcome =
  | "order_created" // the cart became an order (or already was one) with the payment captured
  | "payment_captured" // paid for a payment collection that belongs to no cart (e.g. an order edit)
  | "session_failed" // process_failed & co: the session shows `error`, the storefront can retry
  | "session_canceled" // expired / terminated: the session shows `canceled`
  | "pending" // created / processing: nothing to do yet
  | "refund_recorded"
  | "chargeback_recorded"
  | "payment_refused" // paid, but not for this session's amount/currency: never captured
  | "refund_failed" // PayCore could not refund: money the shop meant to return is still with the customer's bank
  | "unknown_session" // a state for a session Medusa no longer has (paid: an orphan payment, see orphan_status)
  | "not_ours" // a reference this plugin did not create
  | "duplicate" // this state was applied before
  | "stale" // a newer state was applied before
  | "retry" // a passing failure: PayCore should send it again

export type ApplyResult = {
  outcome: ApplyOutcome
  detail?: string
  orderId?: string
  orphanStatus?: "open" | "refund_requested" | "refunded" | "refund_failed"
}

type Source = "callback" | "reconciliation"
export type ApplyOptions = {
  source?: Source
  /** The PayCore provider whose keys verified the state (callbacks) or that owns the session (reconciliation). */
  providerId?: string
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
 * Applies one PayCore payment-invoice state to Medusa, exactly once and never older over newer:
 * under a lock per invoice (Medusa's locking module: configure its Postgres or Redis provider when
 * several server instances run), the last applied `updated` time is read from the database, and the
 * state is recorded only after Medusa has durably applied it. Used by the callback route and by
 * reconciliation, so both behave the same.
 */
export async function applyPaymentInvoiceState(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  { source = "callback", providerId, logUnchanged = false }: ApplyOptions = {}
): Promise<ApplyResult> {
  const attributes = invoice.attributes
  const sessionId = sessionIdFromReference(attributes.reference_id)
  if (!sessionId) {
    return { outcome: "not_ours", detail: `reference ${JSON.stringify(attributes.reference_id)} is not a Medusa payment session` }
  }

  const updatedAt = new Date((attributes.updated ?? attributes.created ?? 0) * 1000)
  const key = stateKey(attributes.status, updatedAt)
  if (!logUnchanged && knownApplied.get(invoice.id) === key) return { outcome: "duplicate" }

  return await withInvoiceLock(
    container,
    `paycore:payment-invoice:${invoice.id}`,
    async () => {
      const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
      const [record] = await paycore.listPaycorePaymentInvoices({ invoice_id: invoice.id })

      const freshness = compareWithRecord(record, attributes, updatedAt)
      if (freshness === "duplicate") rememberApplied(invoice.id, key)
      if (freshness !== "newer") {
        // PayCore resends and the reconciliation job re-reads unchanged invoices all the time: only a late,
        // older state from PayCore (or an admin's explicit check) is worth a line in the callback log.
        if (logUnchanged || (source === "callback" && freshness === "stale")) {
          await logCallback(paycore, invoice, updatedAt, source, freshness)
        }
        return { outcome: freshness }
      }

      const result = await applyToMedusa(container, invoice, sessionId, record?.orphan_status ?? null, providerId ?? record?.provider_id)
      if (result.outcome === "retry") {
        // Not recorded: the same state must be applied again when PayCore resends it.
        await logCallback(paycore, invoice, updatedAt, source, "retry", result.detail)
        return result
      }

      const values = {
        invoice_id: invoice.id,
        reference_id: attributes.reference_id!,
        session_id: sessionId,
        test_mode: Boolean(attributes.test_mode),
        status: attributes.status,
        resolution: attributes.resolution ?? null,
        paycore_updated_at: updatedAt,
        currency_code: attributes.currency.toLowerCase(),
        amount: amountOrZero(attributes.amount),
        processed_amount: attributes.processed_amount ?? null,
        refunded_amount: attributes.refunded_amount ?? null,
        charged_back_amount: (attributes.charged_back_amount as number | null | undefined) ?? null,
        outcome: result.outcome,
        outcome_detail: result.detail ?? null,
        provider_id: providerId ?? record?.provider_id ?? null,
        cart_id: record?.cart_id ?? metadataString(attributes.metadata, "medusa_cart_id"),
        ...(result.orderId ? { order_id: result.orderId } : {}),
        ...(result.orphanStatus ? { orphan_status: result.orphanStatus } : {}),
      }
      if (record) {
        await paycore.updatePaycorePaymentInvoices({ id: record.id, ...values })
      } else {
        await paycore.createPaycorePaymentInvoices(values)
      }
      await logCallback(paycore, invoice, updatedAt, source, "applied", `${result.outcome}${result.detail ? `: ${result.detail}` : ""}`)
      rememberApplied(invoice.id, key)
      return result
    }
  )
}

/**
 * PayCore says to order callbacks by `updated` and that duplicates happen. A state with the same time and
 * status as the recorded one is a duplicate; an earlier time is stale. `updated` has whole seconds, and
 * PayCore often moves an invoice twice within one (processing → processed): then the state further along
 * the invoice's life wins, and a larger refunded or charged-back amount is further along too.
 */
function compareWithRecord(
  record: { status: string; paycore_updated_at: Date | string; refunded_amount?: unknown; charged_back_amount?: unknown } | undefined,
  incoming: PaycorePaymentInvoice["attributes"],
  updatedAt: Date
): "newer" | "duplicate" | "stale" {
  if (!record) return "newer"
  const recordedTime = new Date(record.paycore_updated_at).getTime()
  const incomingTime = updatedAt.getTime()
  if (incomingTime > recordedTime) return "newer"
  if (incomingTime < recordedTime) return "stale"
  const recordedStage = lifeStage(record.status)
  const incomingStage = lifeStage(incoming.status)
  if (incomingStage !== recordedStage) return incomingStage > recordedStage ? "newer" : "stale"
  if (record.status !== incoming.status) return "newer"
  const moreMoney = (recorded: unknown, now: number | null | undefined) =>
    now !== null && now !== undefined && MathBN.gt(now, recorded === null || recorded === undefined ? 0 : (recorded as any))
  if (moreMoney(record.refunded_amount, incoming.refunded_amount)) return "newer"
  if (moreMoney(record.charged_back_amount, incoming.charged_back_amount as number | null | undefined)) return "newer"
  return "duplicate"
}

/** How far along its life an invoice in this status is: the order PayCore's status diagram allows. */
function lifeStage(status: string): number {
  const mapping = mapPaymentStatus(status)
  if (mapping.kind === "chargeback") return 5
  if (mapping.kind === "refund") return mapping.isFinal ? 4 : 3
  if (status === "created") return 0
  if (mapping.webhookAction === PaymentActions.PENDING) return 1
  return 2
}

async function applyToMedusa(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  sessionId: string,
  orphanStatus: ApplyResult["orphanStatus"] | null,
  providerId: string | null | undefined
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
    return await handleOrphan(container, invoice, sessionId, orphanStatus, providerId)
  }

  if (mapping.kind === "refund" || mapping.kind === "chargeback") {
    return await recordAfterPayment(container, invoice, session, mapping.kind)
  }

  switch (mapping.webhookAction) {
    case PaymentActions.SUCCESSFUL:
      return await completePaidSession(container, invoice, session)
    case PaymentActions.FAILED:
    case PaymentActions.CANCELED: {
      // Medusa's own webhook subscriber drops failures; without this the storefront would wait forever.
      const status = mapping.webhookAction === PaymentActions.FAILED ? PaymentSessionStatus.ERROR : PaymentSessionStatus.CANCELED
      const outcome = status === PaymentSessionStatus.ERROR ? "session_failed" : "session_canceled"
      const changed = await markUnpaidSession(container, session, status, {
        paycore_invoice_id: invoice.id,
        paycore_status: attributes.status,
        paycore_resolution: attributes.resolution ?? null,
        paycore_resolution_message: resolutionMessage(attributes.resolution),
        paycore_updated: attributes.updated ?? null,
        ...(attributes.status === "partially_processed"
          ? { paycore_problem: `amount_mismatch: paid ${attributes.processed_amount ?? "?"} of ${attributes.amount} ${attributes.currency}` }
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
 * A processed invoice: check it pays exactly this session, then let Medusa's own payment workflow
 * authorize (which asks PayCore for the live invoice again), capture and complete the cart.
 */
async function completePaidSession(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  session: any
): Promise<ApplyResult> {
  const attributes = invoice.attributes
  const paid = attributes.processed_amount ?? attributes.amount
  const currency = attributes.currency.toLowerCase()
  let problem: string | undefined
  if (currency !== String(session.currency_code).toLowerCase()) {
    problem = `currency_mismatch: paid in ${attributes.currency}, the session is in ${session.currency_code}`
  } else if (paid === null || paid === undefined || !amountsMatch(paid, session.amount, currency)) {
    problem = `amount_mismatch: paid ${paid ?? "nothing"} ${attributes.currency}, the session expects ${MathBN.convert(session.amount).toString()}`
  }
  if (problem) {
    // Never captured: the session shows the error and the shop sees the invoice in the PayCore records.
    container.resolve(ContainerRegistrationKeys.LOGGER).error(`PayCore: invoice ${invoice.id} was paid but refused: ${problem}`)
    await markUnpaidSession(container, session, PaymentSessionStatus.ERROR, {
      paycore_invoice_id: invoice.id,
      paycore_status: attributes.status,
      paycore_problem: problem,
      paycore_updated: attributes.updated ?? null,
    })
    return { outcome: "payment_refused", detail: problem }
  }

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  if (!session.data?.paycore_invoice_id && !session.payment?.id) {
    // HPP link mode: PayCore created the invoice on its page. Keep its id so authorization can read it.
    await container.resolve(Modules.PAYMENT).updatePaymentSession({
      id: session.id,
      amount: session.amount,
      currency_code: session.currency_code,
      data: { ...(session.data ?? {}), paycore_invoice_id: invoice.id },
    })
  }
  const { data: links } = await query.graph({
    entity: "cart_payment_collection",
    fields: ["cart_id"],
    filters: { payment_collection_id: session.payment_collection_id },
  })
  const cartId = (links[0] as any)?.cart_id as string | undefined
  // A server that died while completing this cart may have left its lock behind (see stale-locks.ts).
  if (cartId) await releaseExpiredCartLock(container, cartId)
  try {
    await processPaymentWorkflow(container).run({
      input: {
        action: PaymentActions.SUCCESSFUL,
        data: { session_id: session.id, amount: fromPaycoreAmount(paid as number, currency) },
      },
    })
  } catch (error) {
    logger.warn(`PayCore: processing the payment of session ${session.id} failed: ${(error as Error).message}`)
  }

  if (cartId) {
    const { data: orders } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
    const orderId = (orders[0] as any)?.order_id as string | undefined
    if (orderId) return { outcome: "order_created", orderId }
  }

  const { data: after } = await query.graph({
    entity: "payment_session",
    fields: ["status", "data", "payment.captured_at"],
    filters: { id: session.id },
  })
  const current = after[0] as any
  if (!cartId && current?.payment?.captured_at) return { outcome: "payment_captured" }
  if (current?.status === PaymentSessionStatus.ERROR || current?.status === PaymentSessionStatus.CANCELED) {
    return { outcome: "payment_refused", detail: current?.data?.paycore_problem ?? `the session is ${current.status}` }
  }
  return { outcome: "retry", detail: cartId ? `cart ${cartId} did not become an order yet` : "the payment was not captured yet" }
}

/**
 * Refunds and chargebacks happen after the order exists. Medusa has no place for PayCore's view of them, so
 * the payment's `data` gets PayCore's status and amounts (the admin widget shows them); a failed refund is
 * logged as an error because the shop believes the money went back.
 */
async function recordAfterPayment(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  session: any,
  kind: "refund" | "chargeback"
): Promise<ApplyResult> {
  const attributes = invoice.attributes
  const paymentModule = container.resolve(Modules.PAYMENT)
  if (session.payment?.id) {
    const [payment] = await paymentModule.listPayments({ id: session.payment.id }, { select: ["id", "data"] })
    await paymentModule.updatePayment({
      id: session.payment.id,
      data: {
        ...(payment?.data ?? {}),
        paycore_status: attributes.status,
        paycore_updated: attributes.updated ?? null,
        refunded_amount: attributes.refunded_amount ?? null,
        charged_back_amount: attributes.charged_back_amount ?? null,
      },
    } as any)
  }
  if (attributes.status === "refund_failed") {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .error(`PayCore: a refund of invoice ${invoice.id} failed at PayCore; the customer has not been refunded`)
    return { outcome: "refund_failed", detail: attributes.resolution ?? undefined }
  }
  if (kind === "chargeback") {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`PayCore: invoice ${invoice.id} was charged back (${attributes.charged_back_amount ?? "?"} ${attributes.currency})`)
    return { outcome: "chargeback_recorded", detail: `${attributes.status}: ${attributes.charged_back_amount ?? "?"} ${attributes.currency}` }
  }
  return { outcome: "refund_recorded", detail: `${attributes.status}: ${attributes.refunded_amount ?? 0} ${attributes.currency} refunded` }
}

/**
 * A payment PayCore processed for a session Medusa has deleted (the cart changed while the payment page stayed
 * open, and Medusa replaced the session). Never dropped: recorded with its cart for the admin, and refunded in
 * full when the provider's `refundOrphanPayments` option says so. The refund's reference is derived from the
 * invoice, so a repeated callback never refunds twice.
 */
async function handleOrphan(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  sessionId: string,
  orphanStatus: ApplyResult["orphanStatus"] | null,
  providerId: string | null | undefined
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
    const status = attributes.status === "refund_failed" ? "refund_failed" : refunded ? "refunded" : orphanStatus ?? "refund_requested"
    return { outcome: "unknown_session", detail: `orphan payment: ${attributes.status}`, orphanStatus: status }
  }
  if (orphanStatus && orphanStatus !== "open") {
    return { outcome: "unknown_session", detail: "orphan payment already handled", orphanStatus }
  }

  const account = paycoreAccount(container, providerId)
  const amount = attributes.processed_amount ?? attributes.amount
  if (!account?.options.refundOrphanPayments || amount === null || amount === undefined) {
    logger.error(
      `PayCore: invoice ${invoice.id} was paid for payment session ${sessionId}, which Medusa no longer has ` +
        `(cart ${metadataString(attributes.metadata, "medusa_cart_id") ?? "unknown"}). Refund it in PayCore or contact the customer.`
    )
    return { outcome: "unknown_session", detail: "orphan payment: paid for a deleted payment session", orphanStatus: "open" }
  }
  try {
    const refund = await account.client.refundPaymentInvoice(invoice.id, {
      amount,
      reference_id: `orphan-${invoice.id}`,
      description: "Automatic refund: paid for a checkout that had changed",
    })
    logger.warn(`PayCore: invoice ${invoice.id} paid for deleted session ${sessionId} was refunded automatically (${refund.id})`)
    return { outcome: "unknown_session", detail: `orphan payment refunded: ${refund.id}`, orphanStatus: "refund_requested" }
  } catch (error) {
    if (error instanceof PaycoreApiError && error.isDuplicateReference) {
      return { outcome: "unknown_session", detail: "orphan payment refund already requested", orphanStatus: "refund_requested" }
    }
    if (error instanceof PaycoreApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
      logger.error(`PayCore: the automatic refund of orphan invoice ${invoice.id} was refused: ${error.message}`)
      return { outcome: "unknown_session", detail: `orphan refund refused: ${error.message}`, orphanStatus: "refund_failed" }
    }
    // PayCore unreachable: answer 5xx so PayCore sends the callback again and the refund is tried again.
    return { outcome: "retry", detail: `the automatic refund of orphan invoice ${invoice.id} could not be sent yet` }
  }
}

function metadataString(metadata: unknown, key: string): string | null {
  const value = metadata && typeof metadata === "object" ? (metadata as Record<string, unknown>)[key] : undefined
  return typeof value === "string" ? value : null
}

/** Sets an unpaid session's status (and our status fields in its data); a paid session is never touched. */
async function markUnpaidSession(
  container: MedusaContainer,
  session: any,
  status: PaymentSessionStatus,
  data: Record<string, unknown>
): Promise<boolean> {
  if (
    session.payment?.id ||
    session.status === PaymentSessionStatus.AUTHORIZED ||
    session.status === PaymentSessionStatus.CAPTURED
  ) {
    return false
  }
  // The provider's updatePayment keeps the invoice when amount and currency are unchanged.
  await container.resolve(Modules.PAYMENT).updatePaymentSession({
    id: session.id,
    amount: session.amount,
    currency_code: session.currency_code,
    data: { ...(session.data ?? {}), ...data },
    status,
  })
  return true
}

async function logCallback(
  paycore: PaycoreModuleService,
  invoice: PaycorePaymentInvoice,
  updatedAt: Date,
  source: Source,
  outcome: string,
  detail?: string
) {
  await paycore.createPaycoreCallbacks({
    invoice_id: invoice.id,
    invoice_type: invoice.type,
    status: invoice.attributes.status,
    paycore_updated_at: updatedAt,
    test_mode: Boolean(invoice.attributes.test_mode),
    source,
    outcome,
    detail: detail ?? null,
  })
}

function amountOrZero(amount: number | null | undefined) {
  return amount ?? 0
}
