import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import { amountsMatch, type CurrencyDecimalOverrides } from "../providers/paycore/money"
import type { PaycorePaymentLinkStatus } from "./types"

/** A link this close to its expiry is not handed out again: the customer would open a page about to close. */
export const REUSE_MARGIN_MS = 5 * 60_000

type Summary = { raw_pending_difference?: BigNumberInput | null; pending_difference?: BigNumberInput | null }

/** What the order still owes (Medusa's `summary.pending_difference`), or null when nothing is outstanding. */
export function outstandingAmount(summary: Summary | null | undefined): BigNumberInput | null {
  const pending = summary?.raw_pending_difference ?? summary?.pending_difference
  if (pending === null || pending === undefined) return null
  return MathBN.gt(pending, 0) ? pending : null
}

export type LinkCandidate = {
  session_id: string
  status: string
  provider_id: string
  payment_collection_id: string
  amount: BigNumberInput
  currency_code: string
  expires_at: Date | string | null
  created_at: Date | string
}

/**
 * The newest link that can be sent again instead of a new invoice: still awaiting, of this provider and collection,
 * for exactly this amount, and not about to expire.
 */
export function reusableLink<T extends LinkCandidate>(
  links: T[],
  want: { amount: BigNumberInput; currency_code: string; provider_id: string; payment_collection_id: string },
  now: Date,
  decimals?: CurrencyDecimalOverrides
): T | undefined {
  return [...links]
    .sort((a, b) => new Date(b.created_at).getTime() - new Date(a.created_at).getTime())
    .find(
      (link) =>
        link.status === "awaiting" &&
        link.provider_id === want.provider_id &&
        link.payment_collection_id === want.payment_collection_id &&
        link.currency_code.toLowerCase() === want.currency_code.toLowerCase() &&
        amountsMatch(link.amount, want.amount, want.currency_code.toUpperCase(), decimals) &&
        (link.expires_at === null || new Date(link.expires_at).getTime() - now.getTime() > REUSE_MARGIN_MS)
    )
}

/** An awaiting link past its expiry shows as expired, though no callback said so yet. */
export function shownStatus(
  link: { status: PaycorePaymentLinkStatus; expires_at: Date | string | null },
  now: Date
): PaycorePaymentLinkStatus {
  if (link.status === "awaiting" && link.expires_at && new Date(link.expires_at).getTime() <= now.getTime()) {
    return "expired"
  }
  return link.status
}

/** What applying an invoice state did, as the link's status; undefined when the link does not change. */
export function linkStatusAfter(
  paycoreStatus: string,
  outcome: string,
  orphan: boolean
): PaycorePaymentLinkStatus | undefined {
  if (orphan) return "canceled"
  if (outcome === "payment_captured" || outcome === "order_created") return "paid"
  if (outcome === "session_failed") return "failed"
  if (outcome === "session_canceled") return paycoreStatus === "expired" ? "expired" : "canceled"
  return undefined
}

export type CollectionState = {
  status: string
  amount: BigNumberInput
  captured_amount?: BigNumberInput | null
  order_id: string | null
  deleted: boolean
}

/**
 * Why a paid link's collection no longer takes the payment (an orphan payment then), or undefined when it does:
 * the collection was deleted, canceled or unlinked from the order, it (or the order) is already paid another way, or
 * the order now owes less than the link takes.
 */
export function collectionObstacle(
  collection: CollectionState | undefined,
  orderId: string,
  orderOutstanding: BigNumberInput | null,
  paying: BigNumberInput
): string | undefined {
  if (!collection || collection.deleted) return "its payment collection was deleted"
  if (collection.order_id !== orderId) return `its payment collection no longer belongs to order ${orderId}`
  if (collection.status === "canceled") return "its payment collection was canceled"
  if (collection.status === "completed" || MathBN.gte(collection.captured_amount ?? 0, collection.amount)) {
    return "its payment collection was already paid"
  }
  if (orderOutstanding === null) return `order ${orderId} owes nothing any more`
  // An edit that lowered the total after the link was sent: taking it all would overpay the order.
  if (MathBN.gt(paying, orderOutstanding)) return `order ${orderId} owes less than this link asks now`
  return undefined
}

/** When the invoice stops taking money: the provider's `invoiceLifetimeMinutes` (0: PayCore's own, unknown here). */
export function expiryFor(createdAt: Date, lifetimeMinutes: number): Date | null {
  return lifetimeMinutes > 0 ? new Date(createdAt.getTime() + lifetimeMinutes * 60_000) : null
}
