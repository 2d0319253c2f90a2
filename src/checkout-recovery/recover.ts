import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { paycoreAccounts, type PaycoreAccount } from "../accounts"
import { recoverPaycoreCheckoutWorkflow } from "../workflows/checkout-recovery"
import {
  claimRecovery,
  failedCartInvoices,
  invoicesOfCarts,
  recordFailedAttempt,
  recordSkipped,
  recoverySessionIds,
  type FailedInvoiceRow,
} from "./records"
import {
  claimLeaseMs,
  freshSessionData,
  recoveryVerdict,
  RECOVERY_SESSION_CONTEXT_KEY,
  RECOVERY_WINDOW_MS,
  type RecoveryCart,
} from "./rules"

export type RecoverFailedCheckoutsOptions = {
  /** The clock: tests pass a time N minutes ahead instead of waiting. */
  now?: Date
  /** Failures looked at per provider and run (the oldest first). */
  limit?: number
}

export type RecoverFailedCheckoutsResult = {
  recovered: Array<{ recovery_id: string; cart_id: string; failed_invoice_id: string }>
  skipped: Array<{ failed_invoice_id: string; reason: string }>
  failed: Array<{ failed_invoice_id: string; reason: string }>
}

type CartRow = RecoveryCart & {
  id: string
  sessionData: Map<string, Record<string, unknown> | null>
  /** Session id → the recovery whose workflow made it (RECOVERY_SESSION_CONTEXT_KEY). */
  sessionRecovery: Map<string, string>
}

/**
 * The job's work (option `recoverFailedCheckoutAfterMinutes`, per PayCore provider; unset: nothing is read): every
 * failed or expired cart payment that `recoveryVerdict` finds due is claimed (once per failure, across instances),
 * and the recover-paycore-checkout workflow makes and announces its fresh link.
 */
export async function recoverFailedCheckouts(
  container: MedusaContainer,
  { now = new Date(), limit = 100 }: RecoverFailedCheckoutsOptions = {}
): Promise<RecoverFailedCheckoutsResult> {
  const result: RecoverFailedCheckoutsResult = { recovered: [], skipped: [], failed: [] }
  for (const account of paycoreAccounts(container)) {
    if (account.options.recoverFailedCheckoutAfterMinutes)
      await recoverForAccount(container, account, now, limit, result)
  }
  return result
}

async function recoverForAccount(
  container: MedusaContainer,
  account: PaycoreAccount,
  now: Date,
  limit: number,
  result: RecoverFailedCheckoutsResult
) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const afterMinutes = account.options.recoverFailedCheckoutAfterMinutes!
  const leaseMs = claimLeaseMs(account.options)
  const until = new Date(now.getTime() - afterMinutes * 60_000)
  const failures = await failedCartInvoices(
    container,
    account.providerId,
    new Date(until.getTime() - RECOVERY_WINDOW_MS),
    until,
    limit,
    leaseMs
  )
  if (!failures.length) return
  const cartIds = [...new Set(failures.map((failure) => failure.cart_id))]
  const [invoices, recoverySessions, carts] = await Promise.all([
    invoicesOfCarts(container, cartIds),
    recoverySessionIds(container, failures.map((failure) => failure.session_id).filter(Boolean) as string[]),
    cartsById(container, cartIds),
  ])

  for (const failure of failures) {
    const cart = carts.get(failure.cart_id)
    const crashedRunSessionIds = sessionsOfRecovery(cart, failure.recovery_id)
    const verdict = recoveryVerdict(
      {
        failure,
        cartInvoices: invoices.filter((invoice) => invoice.cart_id === failure.cart_id),
        cart,
        failedSessionWasRecovery: Boolean(failure.session_id && recoverySessions.has(failure.session_id)),
        crashedRunSessionIds,
      },
      now,
      afterMinutes
    )
    if (!verdict.due) {
      if (verdict.final) {
        await recordSkipped(container, failure, verdict.reason, leaseMs)
        result.skipped.push({ failed_invoice_id: failure.invoice_id, reason: verdict.reason })
      }
      continue
    }
    // Another run has it, or is within its lease (claimLeaseMs). Past the lease a run died: its fresh session, if any,
    // is replaced (nobody has its link), and its event never left (README, Recovering a failed checkout).
    const recoveryId = await claimRecovery(container, failure, leaseMs)
    if (!recoveryId) continue
    try {
      await recoverPaycoreCheckoutWorkflow(container).run({
        input: recoveryInput(recoveryId, failure, cart!, account.providerId, crashedRunSessionIds),
      })
      result.recovered.push({
        recovery_id: recoveryId,
        cart_id: failure.cart_id,
        failed_invoice_id: failure.invoice_id,
      })
      logger.info(`PayCore: fresh payment link for cart ${failure.cart_id} (its invoice ${failure.invoice_id} failed)`)
    } catch (error) {
      const reason = (error as Error).message
      await recordFailedAttempt(container, recoveryId, reason)
      result.failed.push({ failed_invoice_id: failure.invoice_id, reason })
      logger.warn(`PayCore: no fresh payment link for cart ${failure.cart_id} yet: ${reason}`)
    }
  }
}

/** The sessions an earlier run of this recovery made (one that crashed, or failed without deleting its session). */
function sessionsOfRecovery(cart: CartRow | undefined, recoveryId: string | null): Set<string> {
  if (!cart || !recoveryId) return new Set()
  return new Set([...cart.sessionRecovery].filter(([, id]) => id === recoveryId).map(([sessionId]) => sessionId))
}

function recoveryInput(
  recoveryId: string,
  failure: FailedInvoiceRow,
  cart: CartRow,
  providerId: string,
  crashedRunSessionIds: Set<string>
) {
  // A crashed run's session replaced the failed one (Medusa deleted it) and holds the customer's choices too.
  const failedData =
    (failure.session_id ? cart.sessionData.get(failure.session_id) : undefined) ??
    [...crashedRunSessionIds].map((id) => cart.sessionData.get(id)).find(Boolean)
  return {
    recovery_id: recoveryId,
    cart_id: cart.id,
    payment_collection_id: cart.payment_collection!.id,
    provider_id: providerId,
    email: cart.email!,
    failed_invoice_id: failure.invoice_id,
    data: freshSessionData(failedData, cart.id, cart.email!),
  }
}

/** The carts as the rule needs them (a deleted cart is missing), with their sessions' data. */
async function cartsById(container: MedusaContainer, cartIds: string[]): Promise<Map<string, CartRow>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [{ data: carts }, { data: orders }] = await Promise.all([
    query.graph({
      entity: "cart",
      fields: [
        "id",
        "email",
        "completed_at",
        "payment_collection.id",
        "payment_collection.status",
        "payment_collection.payment_sessions.id",
        "payment_collection.payment_sessions.status",
        "payment_collection.payment_sessions.data",
        "payment_collection.payment_sessions.context",
      ],
      filters: { id: cartIds },
    }),
    query.graph({ entity: "order_cart", fields: ["cart_id", "order_id"], filters: { cart_id: cartIds } }),
  ])
  const orderOf = new Map((orders as any[]).map((row) => [row.cart_id as string, row.order_id as string]))
  return new Map(
    (carts as any[]).map((cart) => {
      const sessions = ((cart.payment_collection?.payment_sessions ?? []) as any[]).filter(Boolean)
      const row: CartRow = {
        id: cart.id,
        email: cart.email ?? null,
        completed_at: cart.completed_at ?? null,
        order_id: orderOf.get(cart.id) ?? null,
        payment_collection: cart.payment_collection
          ? {
              id: cart.payment_collection.id,
              status: cart.payment_collection.status,
              payment_sessions: sessions.map((session) => ({ id: session.id, status: session.status })),
            }
          : null,
        sessionData: new Map(sessions.map((session) => [session.id as string, session.data ?? null])),
        sessionRecovery: new Map(
          sessions
            .filter((session) => typeof session.context?.[RECOVERY_SESSION_CONTEXT_KEY] === "string")
            .map((session) => [session.id as string, session.context[RECOVERY_SESSION_CONTEXT_KEY] as string])
        ),
      }
      return [cart.id as string, row]
    })
  )
}
