import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { applyIfNewer, BusyError, compareStates, type StateSource } from "../apply-once"
import type { PaycorePayoutInvoice } from "../lib/paycore"
import { modeOf, type PaycoreMode } from "../lib/paycore/verify-callback"
import type { PaycoreModuleService } from "../modules/paycore/service"
import { historyColumn, historyEntry, readHistory } from "./history"
import { isWaitingForPaycore, payoutStage } from "./statuses"

/** What applying one PayCore payout-invoice state did. All are final for that state: the callback answers 200. */
export type PayoutApplyOutcome =
  | "payout_updated" // the state was newer and is now the payout's
  | "duplicate" // this state was applied before
  | "stale" // a newer state was applied before
  | "unknown_payout" // no payout of this store has that reference
  | "wrong_mode" // a state of the other mode: test and live never mix

export type PayoutApplyResult = { outcome: PayoutApplyOutcome; payoutId?: string; status?: string; detail?: string }

export type PayoutApplyOptions = {
  /** `callback`: a verified callback; `reconciliation`: the plugin asked PayCore; `api`: PayCore's answer to the create. */
  source?: StateSource
  providerId?: string
  /** The mode of the key that verified the state, or of the provider that asked PayCore. */
  mode?: PaycoreMode
}

/** The lock under which a payout's PayCore states (and anything else written beside them) are applied. */
export const payoutInvoiceLockKey = (invoiceId: string) => `paycore:payout-invoice:${invoiceId}`

/**
 * Applies one PayCore payout-invoice state to its payout, exactly once and never older over newer (apply-once), each
 * status change appending one entry to the payout's status history. Used by the callback route, by the create
 * workflow (PayCore's answer) and by refresh, so all three behave the same.
 */
export async function applyPayoutInvoiceState(
  container: MedusaContainer,
  invoice: PaycorePayoutInvoice,
  { source = "callback", providerId, mode }: PayoutApplyOptions = {}
): Promise<PayoutApplyResult> {
  const attributes = invoice.attributes
  // PayCore's published payout callback example has no `updated`: without it, states are ordered by how far along
  // the payout's life they are, and the last known time is kept.
  const paycoreTime = attributes.updated ?? attributes.created ?? null
  const updatedAt = paycoreTime === null ? null : new Date(paycoreTime * 1000)
  const incoming = { time: updatedAt, status: attributes.status, stage: payoutStage(attributes.status) }

  return await applyIfNewer<any, PayoutApplyResult>(container, invoice, updatedAt, source, {
    lockKey: payoutInvoiceLockKey(invoice.id),
    read: (paycore) => findPayout(paycore, invoice),
    refuse: (payout) => {
      // Not a payout of this store (another system on the same PayCore account), or of the other mode.
      if (!payout) return { outcome: "unknown_payout", detail: "no payout has this reference" }
      // Test and live never mix: compared always, by the verifying key's mode when the body does not say.
      const claimed = attributes.test_mode
      const stateMode = mode ?? (claimed === undefined || claimed === null ? undefined : modeOf(claimed))
      if (!stateMode || Boolean(payout.test_mode) !== (stateMode === "test")) {
        return {
          outcome: "wrong_mode",
          detail: `a ${stateMode ?? "mode-less"} state for a ${payout.test_mode ? "test" : "live"} payout`,
        }
      }
      return undefined
    },
    freshness: (payout) =>
      compareStates(
        payout.paycore_updated_at
          ? { time: new Date(payout.paycore_updated_at), status: payout.status, stage: payoutStage(payout.status) }
          : undefined,
        incoming
      ),
    logUnchanged: () => source === "callback",
    unchanged: (payout, freshness) => ({ outcome: freshness, payoutId: payout.id, status: payout.status }),
    apply: async (payout, paycore) => {
      const problem = mismatch(payout, invoice)
      if (problem) {
        container
          .resolve(ContainerRegistrationKeys.LOGGER)
          .error(`PayCore payout ${invoice.id} (${payout.id}): ${problem}`)
      }
      const history = [...readHistory(payout)]
      if (payout.status !== attributes.status || (payout.resolution ?? null) !== (attributes.resolution ?? null)) {
        const time = updatedAt ?? new Date()
        history.push(historyEntry(attributes.status, source, { time, resolution: attributes.resolution ?? null }))
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
        last_error: problem ?? (isWaitingForPaycore(payout.status) ? null : (payout.last_error ?? null)),
      })
      return {
        result: { outcome: "payout_updated", payoutId: payout.id, status: attributes.status },
        log: ["applied", attributes.status],
      }
    },
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

/**
 * The callback route's answer to a verified payout callback: 200 once applied (`payout_updated`, `duplicate`,
 * `stale`; `ignored` for a reference that is not one of this store's payouts), 503 when it could not be applied,
 * so that PayCore sends it again. BusyError (the payout is being applied right now) is the route's to answer.
 */
export async function answerPayoutCallback(
  container: MedusaContainer,
  invoice: PaycorePayoutInvoice,
  providerId: string | undefined,
  mode: PaycoreMode
): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    const result = await applyPayoutInvoiceState(container, invoice, { source: "callback", providerId, mode })
    const outcome = result.outcome === "unknown_payout" ? "ignored" : result.outcome
    return { status: 200, body: { received: true, outcome } }
  } catch (error) {
    if (error instanceof BusyError) throw error
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .error(`PayCore payout callback for ${invoice.id} could not be applied: ${(error as Error).message}`)
    return { status: 503, body: { error: "retry_later", message: "the callback could not be applied yet" } }
  }
}
