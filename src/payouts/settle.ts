import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { paycoreAccount } from "../accounts"
import { withInvoiceLock } from "../apply-once"
import { PaycoreApiError, PaycoreReferenceLookupError, type PaycorePayoutInvoice } from "../lib/paycore"
import { modeOf } from "../lib/paycore/verify-callback"
import { PAYCORE_MODULE } from "../modules/paycore"
import type { PaycoreModuleService } from "../modules/paycore/service"
import { applyPayoutInvoiceState, type PayoutApplyResult } from "./apply-payout-state"
import { historyEntry, readHistory } from "./history"

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
  if (!account)
    throw new Error(`the PayCore provider ${payout.provider_id ?? "(none)"} of payout ${payout.id} is not registered`)

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
    const mode = modeOf(account.options.testMode)
    const result = await applyPayoutInvoiceState(container, invoice, {
      source: "reconciliation",
      providerId: account.providerId,
      mode,
    })
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
    const resolution = lookupError ? "outcome_unknown" : "not_sent"
    const concluded = await concludeUnsettled(container, current, {
      status: next,
      resolution,
      last_error: lookupError
        ? lookupError instanceof PaycoreReferenceLookupError
          ? // PayCore refuses or ignores lookups by reference: asking again cannot help, a callback or the dashboard can.
            `${lookupError.message} The payout stays unconfirmed until PayCore's callback for it arrives.`
          : `PayCore did not confirm whether it has this payout (${lookupError.message}); refresh asks again`
        : (current.last_error ?? "PayCore has no payout with this reference"),
      status_history: [...readHistory(current), historyEntry(next, "plugin", { resolution })],
    })
    if (!concluded) {
      // PayCore's own state arrived meanwhile (a callback): it stands.
      const [applied] = await paycore.listPaycorePayouts({ id: payoutId }, { take: 1 })
      return applied?.status ?? "missing"
    }
    return next
  })
  return { found: false, status, ...(lookupError ? { error: lookupError.message } : {}) }
}

/**
 * Writes the plugin's conclusion only if PayCore's state has not arrived since `current` was read: one statement,
 * because callbacks apply under the payout invoice's lock, not this payout's. A callback saying the payout exists
 * (processed) overwritten by "failed" would invite the admin to pay it out again.
 */
export async function concludeUnsettled(
  container: MedusaContainer,
  current: { id: string; status: string },
  change: { status: string; resolution: string; last_error: string; status_history: unknown[] }
): Promise<boolean> {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const result = await knex.raw(
    `update paycore_payout
        set status = ?, resolution = ?, last_error = ?, status_history = ?::jsonb, destination_fingerprint = null,
            updated_at = now()
      where id = ? and status = ? and paycore_updated_at is null and deleted_at is null`,
    [
      change.status,
      change.resolution,
      change.last_error,
      JSON.stringify(change.status_history),
      current.id,
      current.status,
    ]
  )
  return result.rowCount === 1
}
