import { restartedSessionData } from "../providers/paycore/session-data"

/** PayCore statuses a customer can recover from with a fresh link: declined or failed, or left until it expired. */
export const RECOVERABLE_STATUSES = ["process_failed", "expired"] as const

/** What applying those states did to the session (src/payments/outcomes.ts). */
export const RECOVERABLE_OUTCOMES = ["session_failed", "session_canceled"] as const

/**
 * Failures older than this past the delay are left alone: switching the option on must not mail every customer who
 * ever abandoned a cart.
 */
export const RECOVERY_WINDOW_MS = 72 * 3_600_000

/** Tries of one recovery in all when creating the fresh link fails (PayCore down, say), or its run crashed. */
export const MAX_RECOVERY_ATTEMPTS = 3

/**
 * A `claimed` recovery older than its lease was left by a run that died (process killed) before its workflow ended,
 * and may be claimed again. A claim is taken just before its workflow, which with the default options ends within
 * about a minute and a half (PayCore gives up after 3 tries of 15 s, a create and a lookup each): 15 minutes never
 * takes a recovery from a live run, and the link still goes out the same quarter-hour.
 */
export const CLAIM_LEASE_MS = 15 * 60_000

/**
 * A provider's lease: options may let PayCore calls take far longer to give up (up to 120 s × 10 tries), so three
 * times `timeoutMs × retryAttempts` (a try may be a create and a lookup) when that is longer than CLAIM_LEASE_MS.
 */
export function claimLeaseMs(options: { timeoutMs: number; retryAttempts: number }): number {
  return Math.max(CLAIM_LEASE_MS, 3 * options.timeoutMs * options.retryAttempts)
}

/** Key in a fresh session's `context` naming its recovery: a run after a crash tells it from the customer's own. */
export const RECOVERY_SESSION_CONTEXT_KEY = "paycore_checkout_recovery_id"

/** Medusa's session statuses of a payment in progress or done: the customer is paying again, or has paid. */
const ACTIVE_SESSION_STATUSES = ["pending", "requires_more", "authorized", "captured"]
const OPEN_COLLECTION_STATUSES = ["not_paid", "awaiting"]

export type FailedInvoice = {
  invoice_id: string
  session_id: string | null
  cart_id: string
  status: string
  outcome: string | null
  paycore_updated_at: Date | string
}

export type RecoveryCart = {
  email: string | null
  completed_at: Date | string | null
  order_id: string | null
  payment_collection: {
    id: string
    status: string
    payment_sessions: Array<{ id: string; status: string }>
  } | null
}

export type RecoveryFacts = {
  failure: FailedInvoice
  /** Every PayCore invoice recorded for the cart (the failure's included). */
  cartInvoices: Array<{ invoice_id: string; session_id?: string | null; paycore_updated_at: Date | string }>
  /** Undefined: the cart is gone. */
  cart: RecoveryCart | undefined
  /** The failed session was itself a recovery's fresh link: one recovery per checkout, not one per expiry. */
  failedSessionWasRecovery: boolean
  /**
   * Sessions an earlier run of this same recovery made before it crashed (RECOVERY_SESSION_CONTEXT_KEY): nobody has
   * their link, so they are neither the customer paying again nor a newer payment.
   */
  crashedRunSessionIds?: ReadonlySet<string>
}

/**
 * `due`: send a fresh link now. Otherwise why not, and whether that is `final` (recorded, never looked at again) or
 * may change (the customer may pay again, add an email, or the delay has not passed yet).
 */
export type RecoveryVerdict = { due: true } | { due: false; final: boolean; reason: string }

const time = (value: Date | string) => new Date(value).getTime()

/** Which failed checkouts get a fresh payment link, and when: the one rule of checkout recovery. */
export function recoveryVerdict(facts: RecoveryFacts, now: Date, afterMinutes: number): RecoveryVerdict {
  const { failure, cart } = facts
  const crashedRun = (sessionId: string | null | undefined) =>
    Boolean(sessionId && facts.crashedRunSessionIds?.has(sessionId))
  const skip = (reason: string) => ({ due: false as const, final: true, reason })
  const wait = (reason: string) => ({ due: false as const, final: false, reason })
  if (!(RECOVERABLE_STATUSES as readonly string[]).includes(failure.status)) {
    return skip(`the payment is ${failure.status}, not failed or expired`)
  }
  if (!(RECOVERABLE_OUTCOMES as readonly string[]).includes(failure.outcome ?? "")) {
    return skip(`applying it did not close the session (${failure.outcome ?? "no outcome"})`)
  }
  if (facts.failedSessionWasRecovery) return skip("the failed payment was itself a recovery link")
  const failedAt = time(failure.paycore_updated_at)
  const newer = facts.cartInvoices.find(
    (other) =>
      other.invoice_id !== failure.invoice_id &&
      time(other.paycore_updated_at) > failedAt &&
      !crashedRun(other.session_id)
  )
  if (newer) return skip(`a newer PayCore payment of the cart exists (${newer.invoice_id})`)
  if (!cart) return skip("the cart was deleted")
  if (cart.completed_at || cart.order_id) return skip("the cart became an order")
  const collection = cart.payment_collection
  if (!collection) return skip("the cart has no payment collection")
  if (!OPEN_COLLECTION_STATUSES.includes(collection.status)) {
    return skip(`the cart's payment collection is ${collection.status}`)
  }
  const since = now.getTime() - failedAt
  if (since > afterMinutes * 60_000 + RECOVERY_WINDOW_MS) return skip("the failure is too old")
  const active = collection.payment_sessions.find(
    (session) =>
      session.id !== failure.session_id && ACTIVE_SESSION_STATUSES.includes(session.status) && !crashedRun(session.id)
  )
  if (active) return wait(`the customer is paying again (session ${active.id} is ${active.status})`)
  if (since < afterMinutes * 60_000) return wait(`not ${afterMinutes} minutes since the failure yet`)
  if (!cart.email) return wait("the cart has no email")
  return { due: true }
}

/**
 * The fresh session's data: what the customer chose at checkout (return URL, method, language, contact details),
 * never a saved card (nobody consented to charge it again) and never fields the server sets.
 */
export function freshSessionData(
  failedSessionData: Record<string, unknown> | null | undefined,
  cartId: string,
  email: string
): Record<string, unknown> {
  const kept = restartedSessionData(failedSessionData)
  delete kept.paycore_order_id // a recovery is a cart's, never an order's payment link
  return { email, ...kept, cart_id: cartId }
}
