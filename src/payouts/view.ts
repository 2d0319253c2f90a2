import type { PayoutHistoryEntry } from "./history"
import { isAwaitingConfirmation } from "./confirmation"
import { payoutOutcome } from "./statuses"

export type { PayoutHistoryEntry }
export { payoutOutcome, type PayoutOutcome } from "./statuses"

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
    /** How the payout is released at PayCore (`auto_process` / `confirm_in_admin`), and who confirmed it. */
    confirmation: (row.confirmation ?? null) as string | null,
    confirmed_by: (row.confirmed_by ?? null) as string | null,
    /** PayCore holds it as `created` and waits for a confirmation: the admin shows Confirm. */
    awaiting_confirmation: isAwaitingConfirmation(row),
    test_mode: Boolean(row.test_mode),
    paycore_updated_at: isoOrNull(row.paycore_updated_at),
    created_at: isoOrNull(row.created_at),
    updated_at: isoOrNull(row.updated_at),
  }
}

export type PaycorePayoutView = ReturnType<typeof payoutView>
