import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { PaycoreApiError, type PaycorePayoutInvoice } from "../lib/paycore"
import { PAYCORE_MODULE } from "../modules/paycore"
import type { PaycoreModuleService } from "../modules/paycore/service"
import { historyColumn, historyEntry, readHistory } from "../workflows/paycore-payouts/view"
import { withInvoiceLock } from "./invoice-lock"
import { paycoreAccount } from "./paycore-accounts"

/** What applying one PayCore payout-invoice state did. All are final for that state: the callback answers 200. */
export type PayoutApplyOutcome =
  | "payout_updated" // the state was newer and is now the payout's
  | "duplicate" // this state was applied before
  | "stale" // a newer state was applied before
  | "unknown_payout" // no payout of this store has that reference (or it belongs to the other mode)

export type PayoutApplyResult = { outcome: PayoutApplyOutcome; payoutId?: string; status?: string; detail?: string }

export type PayoutApplyOptions = {
  /** `callback`: a verified callback; `reconciliation`: the plugin asked PayCore; `api`: PayCore's answer to the create. */
  source?: "callback" | "reconciliation" | "api"
  providerId?: string
}

/** Local statuses the plugin moves itself; the first PayCore state always replaces them. */
const WAITING_FOR_PAYCORE = new Set(["sending", "unconfirmed", "failed"])

/**
 * Applies one PayCore payout-invoice state to its payout, exactly once and never older over newer: under the same
 * per-invoice lock as payment callbacks, PayCore's `updated` is compared with the last applied one kept in the
 * database, and each status change appends one entry to the payout's status history. Used by the callback route,
 * by the create workflow (PayCore's answer) and by refresh, so all three behave the same.
 */
export async function applyPayoutInvoiceState(
  container: MedusaContainer,
  invoice: PaycorePayoutInvoice,
  { source = "callback", providerId }: PayoutApplyOptions = {}
): Promise<PayoutApplyResult> {
  const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
  const attributes = invoice.attributes
  // PayCore's published payout callback example has no `updated` (§8.4, abridged): without it, states are ordered
  // by how far along the payout's life they are, and the last known time is kept.
  const paycoreTime = attributes.updated ?? attributes.created ?? null
  const updatedAt = paycoreTime === null ? null : new Date(paycoreTime * 1000)

  return await withInvoiceLock(container, `paycore:payout-invoice:${invoice.id}`, async () => {
    const payout = await findPayout(paycore, invoice)
    if (!payout || (attributes.test_mode !== undefined && Boolean(payout.test_mode) !== Boolean(attributes.test_mode))) {
      // Not a payout of this store (another system on the same PayCore account), or of the other mode.
      return { outcome: "unknown_payout", detail: payout ? "test_mode differs from the payout's" : "no payout has this reference" }
    }

    const freshness = compare(payout, attributes.status, updatedAt)
    if (freshness !== "newer") {
      if (source === "callback") await logCallback(paycore, invoice, updatedAt, source, freshness)
      return { outcome: freshness, payoutId: payout.id, status: payout.status }
    }

    const problem = mismatch(payout, invoice)
    if (problem) {
      container.resolve(ContainerRegistrationKeys.LOGGER).error(`PayCore payout ${invoice.id} (${payout.id}): ${problem}`)
    }
    const history = [...readHistory(payout)]
    if (payout.status !== attributes.status || (payout.resolution ?? null) !== (attributes.resolution ?? null)) {
      history.push(
        historyEntry(attributes.status, source, { time: updatedAt ?? new Date(), resolution: attributes.resolution ?? null })
      )
    }
    await paycore.updatePaycorePayouts({
      id: payout.id,
      invoice_id: invoice.id,
      provider_id: payout.provider_id ?? providerId ?? null,
      status: attributes.status,
      resolution: attributes.resolution ?? null,
      paycore_updated_at: updatedAt ?? payout.paycore_updated_at ?? new Date(0),
      processed_amount: attributes.processed_amount ?? payout.processed_amount ?? null,
      status_history: historyColumn(history),
      destination_fingerprint: null,
      last_error: problem ?? (WAITING_FOR_PAYCORE.has(payout.status) ? null : payout.last_error ?? null),
    })
    if (source !== "api") await logCallback(paycore, invoice, updatedAt, source, "applied", attributes.status)
    return { outcome: "payout_updated", payoutId: payout.id, status: attributes.status }
  })
}

async function findPayout(paycore: PaycoreModuleService, invoice: PaycorePayoutInvoice): Promise<any | undefined> {
  const reference = invoice.attributes.reference_id
  if (reference) {
    const [byReference] = await paycore.listPaycorePayouts({ reference_id: reference }, { take: 1 })
    if (byReference) return byReference
  }
  const [byInvoice] = await paycore.listPaycorePayouts({ invoice_id: invoice.id }, { take: 1 })
  return byInvoice
}

/**
 * PayCore says to order callbacks by `updated`, which has whole seconds; a payout often moves twice within one
 * (processing → processed). At the same second the state further along the payout's life wins.
 */
function compare(payout: any, incomingStatus: string, updatedAt: Date | null): "newer" | "duplicate" | "stale" {
  if (!payout.paycore_updated_at) return "newer"
  if (updatedAt) {
    const recorded = new Date(payout.paycore_updated_at).getTime()
    const incoming = updatedAt.getTime()
    if (incoming > recorded) return "newer"
    if (incoming < recorded) return "stale"
  }
  const recordedStage = payoutStage(payout.status)
  const incomingStage = payoutStage(incomingStatus)
  if (incomingStage !== recordedStage) return incomingStage > recordedStage ? "newer" : "stale"
  return payout.status === incomingStatus ? "duplicate" : "newer"
}

/** How far along its life a payout invoice in this status is (PayCore's payout status list, §7.3). */
export function payoutStage(status: string): number {
  switch (status) {
    case "created":
      return 0
    case "processed":
    case "partially_processed":
    case "process_failed":
    case "expired":
    case "terminated":
      return 2
    case "canceling":
    case "cancel_pending":
    case "cancel_error":
      return 3
    case "canceled":
    case "partially_canceled":
    case "cancel_failed":
      return 4
    default:
      // processing, process_pending, process_error, and statuses PayCore may add later
      return 1
  }
}

function mismatch(payout: any, invoice: PaycorePayoutInvoice): string | undefined {
  const { amount, currency } = invoice.attributes
  if (currency && currency.toLowerCase() !== String(payout.currency_code).toLowerCase()) {
    return `PayCore reports the currency ${currency}, the payout is in ${String(payout.currency_code).toUpperCase()}`
  }
  if (amount !== null && amount !== undefined && !MathBN.eq(amount, payout.amount)) {
    return `PayCore reports the amount ${amount}, the payout is ${MathBN.convert(payout.amount).toString()}`
  }
  return undefined
}

async function logCallback(
  paycore: PaycoreModuleService,
  invoice: PaycorePayoutInvoice,
  updatedAt: Date | null,
  source: "callback" | "reconciliation",
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

// ---------------------------------------------------------------------------------------------------------------
// Asking PayCore: after a failed send, and on an admin's refresh
// ---------------------------------------------------------------------------------------------------------------

/** A `sending` payout older than this is no longer being sent by anyone: refresh may conclude it was not sent. */
const SENDING_GIVEN_UP_AFTER_MS = 5 * 60 * 1000

export type PayoutLookup =
  | { found: true; invoice: PaycorePayoutInvoice; result: PayoutApplyResult }
  | { found: false; status: string; error?: string }

/**
 * After sending failed (workflow compensation) or when an admin asks: looks the payout up at PayCore by its
 * reference. Found: PayCore's state is applied (the payout exists, whatever the failed call said). Certainly not
 * found: the payout is marked `failed`, so no record says "sent" for a payout PayCore does not have. PayCore not
 * answering: `unconfirmed` (never `failed`: it may exist); refresh asks again later.
 */
export async function settlePayoutWithPaycore(
  container: MedusaContainer,
  payoutId: string,
  { concludeWhileSending }: { concludeWhileSending: boolean }
): Promise<PayoutLookup> {
  const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
  const [payout] = await paycore.listPaycorePayouts({ id: payoutId }, { take: 1 })
  if (!payout) return { found: false, status: "missing" }
  if (payout.status === "pending_approval") return { found: false, status: payout.status }
  const account = paycoreAccount(container, payout.provider_id)
  if (!account) throw new Error(`the PayCore provider ${payout.provider_id ?? "(none)"} of payout ${payout.id} is not registered`)

  let invoice: PaycorePayoutInvoice | null
  let lookupError: Error | undefined
  try {
    invoice = payout.invoice_id
      ? await account.client.getPayoutInvoice(payout.invoice_id)
      : await account.client.findPayoutInvoiceByReference(payout.reference_id)
  } catch (error) {
    if (error instanceof PaycoreApiError && error.status === 404) invoice = null
    else {
      invoice = null
      lookupError = error as Error
    }
  }
  if (invoice) {
    const result = await applyPayoutInvoiceState(container, invoice, { source: "reconciliation", providerId: account.providerId })
    return { found: true, invoice, result }
  }
  if (payout.invoice_id && !lookupError) {
    // PayCore answered 404 for an id it gave us: say so, change nothing.
    return { found: false, status: payout.status, error: `PayCore answered 404 for ${payout.invoice_id}` }
  }

  const status = await withInvoiceLock(container, `paycore:payout:${payout.id}`, async () => {
    const [current] = await paycore.listPaycorePayouts({ id: payoutId }, { take: 1 })
    const sendingGivenUp =
      current?.status === "sending" &&
      (concludeWhileSending || Date.now() - new Date(current.updated_at).getTime() > SENDING_GIVEN_UP_AFTER_MS)
    if (!current || current.paycore_updated_at || !(sendingGivenUp || current.status === "unconfirmed")) {
      return current?.status ?? "missing"
    }
    const next = lookupError ? "unconfirmed" : "failed"
    if (next === current.status) return next
    await paycore.updatePaycorePayouts({
      id: current.id,
      status: next,
      resolution: lookupError ? "outcome_unknown" : "not_sent",
      destination_fingerprint: null,
      last_error: lookupError
        ? `PayCore did not confirm whether it has this payout (${lookupError.message}); refresh asks again`
        : current.last_error ?? "PayCore has no payout with this reference",
      status_history: historyColumn([
        ...readHistory(current),
        historyEntry(next, "plugin", { resolution: lookupError ? "outcome_unknown" : "not_sent" }),
      ]),
    })
    return next
  })
  return { found: false, status, ...(lookupError ? { error: lookupError.message } : {}) }
}

/**
 * The callback route's answer to a verified payout callback: 200 once applied (`payout_updated`, `duplicate`,
 * `stale`; `ignored` for a reference that is not one of this store's payouts), 503 when it could not be applied,
 * so that PayCore sends it again.
 */
export async function answerPayoutCallback(
  container: MedusaContainer,
  invoice: PaycorePayoutInvoice,
  providerId: string | undefined
): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    const result = await applyPayoutInvoiceState(container, invoice, { source: "callback", providerId })
    const outcome = result.outcome === "unknown_payout" ? "ignored" : result.outcome
    return { status: 200, body: { received: true, outcome } }
  } catch (error) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .error(`PayCore payout callback for ${invoice.id} could not be applied: ${(error as Error).message}`)
    return { status: 503, body: { error: "retry_later", message: "the callback could not be applied yet" } }
  }
}
