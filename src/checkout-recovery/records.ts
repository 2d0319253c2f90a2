import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, generateEntityId } from "@medusajs/framework/utils"
import { PAYCORE_MODULE, type PaycoreModuleService } from "../modules/paycore"
import { MAX_RECOVERY_ATTEMPTS, RECOVERABLE_OUTCOMES, RECOVERABLE_STATUSES, type FailedInvoice } from "./rules"

// Claims are plain SQL: "insert unless another instance already did" must be one statement to hold across servers.
const knex = (container: MedusaContainer) => container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
const service = (container: MedusaContainer) => container.resolve<PaycoreModuleService>(PAYCORE_MODULE)

/** `recovery_id`: the recovery a failed or crashed earlier run left (null: none yet). */
export type FailedInvoiceRow = FailedInvoice & { provider_id: string; recovery_id: string | null }

/**
 * A claim left by a run that died (rules.ts, claimLeaseMs). Timed by the database, one clock for every instance; one
 * `?`: lease(ms). The crashed run's event was never released: Medusa releases a workflow's events when it ends, and
 * by then the recovery is `created`, so claiming it again cannot send its link twice.
 */
const STALE_CLAIM = (row: string) => `(${row}.status = 'claimed' and ${row}.claimed_at < now() - ?::interval)`
const lease = (ms: number) => `${ms} milliseconds`

/**
 * A provider's failed or expired cart payments between `from` and `until` that no recovery has settled: none yet, or
 * a failed or crashed one that may be tried again. Oldest first.
 */
export async function failedCartInvoices(
  container: MedusaContainer,
  providerId: string,
  from: Date,
  until: Date,
  limit: number,
  leaseMs: number
): Promise<FailedInvoiceRow[]> {
  // Index: IDX_paycore_payment_invoice_provider_status_updated (models/payment-invoice.ts).
  const result = await knex(container).raw(
    `select i.invoice_id, i.session_id, i.cart_id, i.status, i.outcome, i.paycore_updated_at, i.provider_id,
            r.id as recovery_id
       from paycore_payment_invoice i
       left join paycore_checkout_recovery r on r.invoice_id = i.invoice_id and r.deleted_at is null
      where i.deleted_at is null and i.provider_id = ? and i.status = any(?) and i.outcome = any(?)
        and i.cart_id is not null and i.order_id is null
        and i.paycore_updated_at > ? and i.paycore_updated_at <= ?
        and (r.id is null or (r.attempts < ? and (r.status = 'failed' or ${STALE_CLAIM("r")})))
      order by i.paycore_updated_at asc
      limit ?`,
    [
      providerId,
      [...RECOVERABLE_STATUSES],
      [...RECOVERABLE_OUTCOMES],
      from,
      until,
      MAX_RECOVERY_ATTEMPTS,
      lease(leaseMs),
      limit,
    ]
  )
  return result.rows
}

/** Every recorded PayCore invoice of these carts (to tell whether a failure is the cart's latest payment). */
export async function invoicesOfCarts(container: MedusaContainer, cartIds: string[]) {
  if (!cartIds.length) return []
  const rows = await service(container).listPaycorePaymentInvoices(
    { cart_id: cartIds },
    { select: ["invoice_id", "session_id", "cart_id", "paycore_updated_at"] }
  )
  return rows as unknown as Array<{
    invoice_id: string
    session_id: string | null
    cart_id: string
    paycore_updated_at: Date
  }>
}

/** Which of these sessions were fresh links of a recovery. */
export async function recoverySessionIds(container: MedusaContainer, sessionIds: string[]): Promise<Set<string>> {
  if (!sessionIds.length) return new Set()
  const rows = await service(container).listPaycoreCheckoutRecoveries(
    { session_id: sessionIds },
    { select: ["session_id"] }
  )
  return new Set(rows.map((row) => row.session_id as string))
}

/**
 * Claims the recovery of one failure for this run: answers its id, or undefined when another run (here or on another
 * instance) has it, has done it, or it failed too often. A crashed run's claim counts as an attempt.
 */
export async function claimRecovery(
  container: MedusaContainer,
  failure: FailedInvoiceRow,
  leaseMs: number
): Promise<string | undefined> {
  const result = await knex(container).raw(
    `insert into paycore_checkout_recovery
       (id, invoice_id, cart_id, provider_id, failed_session_id, status, attempts, claimed_at)
     values (?, ?, ?, ?, ?, 'claimed', 1, now())
     on conflict (invoice_id) where deleted_at is null do update
       set status = 'claimed', attempts = paycore_checkout_recovery.attempts + 1, reason = null,
           claimed_at = excluded.claimed_at, updated_at = now()
       where paycore_checkout_recovery.attempts < ?
         and (paycore_checkout_recovery.status = 'failed' or ${STALE_CLAIM("paycore_checkout_recovery")})
     returning id`,
    [
      generateEntityId(undefined, "pccr"),
      failure.invoice_id,
      failure.cart_id,
      failure.provider_id,
      failure.session_id ?? "",
      MAX_RECOVERY_ATTEMPTS,
      lease(leaseMs),
    ]
  )
  return result.rows[0]?.id
}

/** A failure that will never be recovered, with why (a failed or crashed attempt before it is settled too). */
export async function recordSkipped(
  container: MedusaContainer,
  failure: FailedInvoiceRow,
  reason: string,
  leaseMs: number
) {
  await knex(container).raw(
    `insert into paycore_checkout_recovery (id, invoice_id, cart_id, provider_id, failed_session_id, status, reason)
     values (?, ?, ?, ?, ?, 'skipped', ?)
     on conflict (invoice_id) where deleted_at is null do update
       set status = 'skipped', reason = excluded.reason, updated_at = now()
       where paycore_checkout_recovery.status = 'failed' or ${STALE_CLAIM("paycore_checkout_recovery")}`,
    [
      generateEntityId(undefined, "pccr"),
      failure.invoice_id,
      failure.cart_id,
      failure.provider_id,
      failure.session_id ?? "",
      reason,
      lease(leaseMs),
    ]
  )
}

/** The claimed attempt did not make a link: a later run tries again, up to MAX_RECOVERY_ATTEMPTS. */
export async function recordFailedAttempt(container: MedusaContainer, id: string, reason: string) {
  await service(container).updatePaycoreCheckoutRecoveries({ id, status: "failed", reason: reason.slice(0, 1000) })
}

/** The subscriber sent the fresh link. */
export async function recordNotified(container: MedusaContainer, id: string, at: Date) {
  await service(container).updatePaycoreCheckoutRecoveries({ id, status: "notified", notified_at: at })
}
