import { mapPayoutStatus } from "../../providers/paycore/utils"

/** The plugin's own statuses, before (or instead of) PayCore's payout-invoice statuses. */
export const LOCAL_PAYOUT_STATUSES = ["pending_approval", "sending", "unconfirmed", "failed"] as const
export type LocalPayoutStatus = (typeof LOCAL_PAYOUT_STATUSES)[number]

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

/**
 * What an admin sees: `awaiting_approval`, `in_progress`, `paid`, `partially_paid`, `failed`, `canceled`, or
 * `unknown` (PayCore did not confirm whether it has the payout; refresh asks again).
 */
export type PayoutOutcome = "awaiting_approval" | "in_progress" | "paid" | "partially_paid" | "failed" | "canceled" | "unknown"

export function payoutOutcome(status: string): { outcome: PayoutOutcome; is_final: boolean } {
  switch (status) {
    case "pending_approval":
      return { outcome: "awaiting_approval", is_final: false }
    case "sending":
      return { outcome: "in_progress", is_final: false }
    case "unconfirmed":
      return { outcome: "unknown", is_final: false }
    case "failed":
      return { outcome: "failed", is_final: true }
    default: {
      const mapping = mapPayoutStatus(status)
      return { outcome: mapping.outcome, is_final: mapping.isFinal }
    }
  }
}

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value))
const isoOrNull = (value: unknown) => (value ? new Date(value as string).toISOString() : null)

/** A payout as the admin API returns it: the destination masked, never the fingerprint. */
export function payoutView(row: any) {
  return {
    id: row.id as string,
    reference_id: row.reference_id as string,
    invoice_id: (row.invoice_id ?? null) as string | null,
    provider_id: (row.provider_id ?? null) as string | null,
    service: row.service as string,
    amount: Number(row.amount),
    processed_amount: numberOrNull(row.processed_amount),
    currency_code: row.currency_code as string,
    destination: (row.destination ?? {}) as Record<string, string>,
    description: (row.description ?? null) as string | null,
    status: row.status as string,
    ...payoutOutcome(row.status),
    resolution: (row.resolution ?? null) as string | null,
    last_error: (row.last_error ?? null) as string | null,
    status_history: (row.status_history ?? []) as PayoutHistoryEntry[],
    order_id: (row.order_id ?? null) as string | null,
    customer_id: (row.customer_id ?? null) as string | null,
    created_by: (row.created_by ?? null) as string | null,
    approved_by: (row.approved_by ?? null) as string | null,
    test_mode: Boolean(row.test_mode),
    paycore_updated_at: isoOrNull(row.paycore_updated_at),
    created_at: isoOrNull(row.created_at),
    updated_at: isoOrNull(row.updated_at),
  }
}

export type PaycorePayoutView = ReturnType<typeof payoutView>

/** The status history as read from its json column. */
export function readHistory(row: { status_history?: unknown }): PayoutHistoryEntry[] {
  return Array.isArray(row.status_history) ? (row.status_history as PayoutHistoryEntry[]) : []
}

/** The status history as written to its json column (typed as an object by Medusa's DML; an array is stored as is). */
export function historyColumn(entries: PayoutHistoryEntry[]): Record<string, unknown> {
  return entries as unknown as Record<string, unknown>
}
