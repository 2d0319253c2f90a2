// One line of the sandbox's callback log: what was sent, to where, and what the receiver answered.
/** One delivery attempt (or one suppressed callback), as kept in the callback log. */
export interface CallbackLogEntry {
  /** Log entry number; pass it to resend. */
  id: number
  /** Shared by all attempts of one callback message (`cb_…`). */
  deliveryId: string
  invoiceId: string
  invoiceType: "payment-invoices" | "payout-invoices"
  /** Invoice status the body carries. */
  status: string
  url: string
  /** 1 for the first attempt; 0 for a suppressed callback that was never sent. */
  attempt: number
  outcome: "delivered" | "failed" | "suppressed"
  responseStatus: number | null
  /** First 1,000 characters of the receiver's answer. */
  responseBody: string | null
  error: string | null
  /** The X-Signature header that was (or would have been) sent. */
  signature: string
  /** The exact raw body (PHP-style JSON). */
  body: string
  /** This delivery is the second copy made by the "duplicate" mode. */
  duplicate: boolean
  /** This delivery was started by a resend. */
  resent: boolean
  /** ISO time of the attempt. */
  time: string
  durationMs: number
  /** When the next retry is due (ISO), null when none will follow. */
  nextAttemptAt: string | null
  /** Delay before that retry: attempt × callbackRetryIntervalMs (PayCore's linear schedule). */
  nextAttemptInMs: number | null
}
