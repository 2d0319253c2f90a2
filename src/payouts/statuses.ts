import {
  PAYCORE_PAYOUT_STATUSES,
  PAYCORE_STATUS_TABLE,
  payoutStatusInfo,
  type PaycorePayoutOutcome,
  type PaycorePayoutStatus,
} from "../lib/paycore/statuses"

export { PAYCORE_PAYOUT_STATUSES, type PaycorePayoutOutcome, type PaycorePayoutStatus }

/** PayCore's payout statuses (one table for payments and payouts: lib/paycore/statuses.ts). */
export const PAYCORE_PAYOUT_STATUS_TABLE = PAYCORE_STATUS_TABLE.payout

/**
 * What an admin sees: PayCore's payout outcome, plus `awaiting_approval` and `unknown` (PayCore did not confirm
 * whether it has the payout; refresh asks again) for the plugin's own statuses.
 */
export type PayoutOutcome = PaycorePayoutOutcome | "awaiting_approval" | "unknown"

type LocalRow = { outcome: PayoutOutcome; isFinal: boolean; moving: boolean }

/**
 * The plugin's own statuses, before (or instead of) PayCore's: the first PayCore state replaces all but
 * `pending_approval` (which PayCore never sees).
 */
const LOCAL_PAYOUT_TABLE = Object.freeze({
  pending_approval: { outcome: "awaiting_approval", isFinal: false, moving: false },
  sending: { outcome: "in_progress", isFinal: false, moving: true },
  unconfirmed: { outcome: "unknown", isFinal: false, moving: false },
  failed: { outcome: "failed", isFinal: true, moving: false },
} satisfies Record<string, LocalRow>)

export type LocalPayoutStatus = keyof typeof LOCAL_PAYOUT_TABLE
export const LOCAL_PAYOUT_STATUSES = Object.keys(LOCAL_PAYOUT_TABLE) as LocalPayoutStatus[]
/** Every status a payout record can have: the plugin's own, then PayCore's. */
export const PAYOUT_STATUSES = [...LOCAL_PAYOUT_STATUSES, ...PAYCORE_PAYOUT_STATUSES] as [string, ...string[]]

function localRow(status: string): LocalRow | undefined {
  return Object.prototype.hasOwnProperty.call(LOCAL_PAYOUT_TABLE, status)
    ? LOCAL_PAYOUT_TABLE[status as LocalPayoutStatus]
    : undefined
}

/** Maps a PayCore payout-invoice status. Unknown statuses are `in_progress`, not final, `isKnown: false`. */
export function mapPayoutStatus(status: string) {
  const { outcome, isFinal, isKnown, status: normalised } = payoutStatusInfo(status)
  return { status: normalised, isKnown, outcome, isFinal }
}

/** The admin's view of any payout status: outcome and whether it is final. */
export function payoutOutcome(status: string): { outcome: PayoutOutcome; is_final: boolean } {
  const local = localRow(status)
  if (local) return { outcome: local.outcome, is_final: local.isFinal }
  const mapping = mapPayoutStatus(status)
  return { outcome: mapping.outcome, is_final: mapping.isFinal }
}

/** Whether PayCore (or a send under way) is expected to move this payout on by itself soon. */
export function isPayoutMoving(status: string): boolean {
  return localRow(status)?.moving ?? payoutStatusInfo(status).moving
}

/** The plugin's statuses that say "PayCore has not answered for this payout yet" (its first state replaces them). */
export function isWaitingForPaycore(status: string): boolean {
  return Boolean(localRow(status)) && status !== "pending_approval"
}

/**
 * How far along its life a payout in this status is. The plugin's own statuses are not PayCore's, so they get the
 * stage of a status PayCore has not settled (1): any PayCore answer with a time replaces them.
 */
export function payoutStage(status: string): number {
  return payoutStatusInfo(status).stage
}
