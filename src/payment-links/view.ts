import { shownStatus } from "./rules"
import type { PaycorePaymentLink, PaycorePaymentLinkStatus, PaycoreStorePaymentLink } from "./types"

/** A `paycore_payment_link` row as the module returns it. */
export type PaymentLinkRecord = {
  id: string
  session_id: string
  order_id: string
  display_id: number | null
  payment_collection_id: string
  provider_id: string
  invoice_id: string
  amount: number | string
  currency_code: string
  url: string
  status: PaycorePaymentLinkStatus
  email: string | null
  paid_at: Date | string | null
  expires_at: Date | string | null
  notified_at: Date | string | null
  created_by: string | null
  created_at: Date | string
}

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null)

/** The admin's view (no email: the order has it). */
export function paymentLinkView(record: PaymentLinkRecord, now = new Date()): PaycorePaymentLink {
  return {
    id: record.session_id,
    order_id: record.order_id,
    display_id: record.display_id ?? null,
    payment_collection_id: record.payment_collection_id,
    invoice_id: record.invoice_id,
    // The module returns a bigNumber column as a number already rounded to the invoice's digits.
    amount: Number(record.amount),
    currency_code: record.currency_code,
    url: record.url,
    status: shownStatus(record, now),
    created_at: iso(record.created_at)!,
    paid_at: iso(record.paid_at),
    expires_at: iso(record.expires_at),
    notified_at: iso(record.notified_at),
    created_by: record.created_by ?? null,
  }
}

/** The pay page's view: anyone with the link id sees it, so only what the hosted page shows anyway. */
export function storePaymentLinkView(record: PaymentLinkRecord, now = new Date()): PaycoreStorePaymentLink {
  const { id, display_id, amount, currency_code, status, url, expires_at } = paymentLinkView(record, now)
  return { id, display_id, amount, currency_code, status, url, expires_at }
}
