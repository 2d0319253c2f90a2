// When a payout waits for its confirmation at PayCore (`POST /api/payout-invoices/{id}/process`), and who may give
// it (docs/paycore-notes.md, "Payouts"). No Medusa imports: the admin dashboard reads the same rule.

/**
 * A payout sent with `options.auto_process` is normally past `created` within seconds; one that PayCore still keeps
 * `created` this long after its last change is treated as waiting for a confirmation (an account that ignores
 * `auto_process`, or whose payouts must be confirmed).
 */
export const CONFIRMATION_GRACE_MS = 2 * 60 * 1000

type ConfirmableRow = {
  status: string
  invoice_id?: string | null
  confirmation?: string | null
  paycore_updated_at?: Date | string | null
  updated_at?: Date | string | null
}

/** Whether PayCore has this payout and is waiting for a confirmation before it moves any money. */
export function isAwaitingConfirmation(row: ConfirmableRow, now: Date = new Date()): boolean {
  if (row.status !== "created" || !row.invoice_id) return false
  if (row.confirmation === "confirm_in_admin") return true
  const since = row.paycore_updated_at ?? row.updated_at
  return Boolean(since) && now.getTime() - new Date(since as string).getTime() >= CONFIRMATION_GRACE_MS
}

/**
 * Why this admin may not confirm the payout, or null. Like an approval, a confirmation is a person's act (never a
 * secret API key); while approvals are on, it is another admin's than the creator's.
 */
export function confirmationRefusal(
  row: { created_by?: string | null },
  confirmer: { actor_type?: string; actor_id?: string } | undefined,
  requireApproval: boolean
): string | null {
  if (confirmer?.actor_type !== "user" || !confirmer.actor_id) {
    return "A payout is confirmed by a logged-in admin user, not with an API key"
  }
  if (!requireApproval) return null
  if (!row.created_by) return "This payout has no recorded creator, so no second admin can be told apart"
  if (row.created_by === confirmer.actor_id) {
    return "While payouts need approval, the admin who created a payout cannot confirm it: another admin must"
  }
  return null
}
