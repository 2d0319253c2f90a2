/**
 * Where a history entry came from: `admin` (an admin created or approved), `api` (PayCore's answer to the create
 * request), `callback` (a verified PayCore callback), `reconciliation` (the plugin asked PayCore: refresh, or after
 * a failed send), `plugin` (the plugin concluded the payout was not sent or could not be confirmed).
 */
export type PayoutHistorySource = "admin" | "api" | "callback" | "reconciliation" | "plugin"

export type PayoutHistoryEntry = {
  status: string
  /** ISO time: PayCore's `updated` for PayCore states, the server's clock for the plugin's own. */
  time: string
  source: PayoutHistorySource
  resolution?: string | null
  /** The admin user, for `admin` entries. */
  actor?: string | null
}

export function historyEntry(
  status: string,
  source: PayoutHistorySource,
  extra: { time?: Date; resolution?: string | null; actor?: string | null } = {}
): PayoutHistoryEntry {
  return {
    status,
    time: (extra.time ?? new Date()).toISOString(),
    source,
    ...(extra.resolution !== undefined ? { resolution: extra.resolution } : {}),
    ...(extra.actor !== undefined ? { actor: extra.actor } : {}),
  }
}

/** The status history as read from its json column. */
export function readHistory(row: { status_history?: unknown }): PayoutHistoryEntry[] {
  return Array.isArray(row.status_history) ? (row.status_history as PayoutHistoryEntry[]) : []
}

/** The status history as written to its json column (typed as an object by Medusa's DML; an array is stored as is). */
export function historyColumn(entries: PayoutHistoryEntry[]): Record<string, unknown> {
  return entries as unknown as Record<string, unknown>
}
