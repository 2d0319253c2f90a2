/**
 * PayCore's `reference_id` of a payment invoice is how a callback finds its Medusa payment session again.
 * The first invoice of a session uses the session id itself; when the amount of a session changes, the new
 * invoice gets `<session id>-r<attempt>` (PayCore refuses a reference it has seen before).
 */
const REFERENCE_PATTERN = /^(payses_[A-Za-z0-9]+)(?:-r([2-9]|[1-9][0-9]+))?$/

export function paymentReferenceFor(sessionId: string, attempt = 1): string {
  if (!/^payses_[A-Za-z0-9]+$/.test(sessionId)) {
    throw new Error(`Not a Medusa payment session id: ${JSON.stringify(sessionId)}`)
  }
  return attempt <= 1 ? sessionId : `${sessionId}-r${attempt}`
}

/** The Medusa payment session id of one of our references, or null for a reference that is not ours. */
export function sessionIdFromReference(reference: string | null | undefined): string | null {
  if (typeof reference !== "string") return null
  const match = REFERENCE_PATTERN.exec(reference)
  return match ? match[1] : null
}
