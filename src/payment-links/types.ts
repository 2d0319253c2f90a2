// The payment-link shapes the routes answer with. The admin imports them type-only (`import type`).

export const PAYMENT_LINK_STATUSES = ["awaiting", "paid", "failed", "expired", "canceled"] as const
export type PaycorePaymentLinkStatus = (typeof PAYMENT_LINK_STATUSES)[number]

/** `POST /admin/paycore/orders/:id/payment-link`, `GET …/payment-links`, and the notification's data. */
export type PaycorePaymentLink = {
  /** The Medusa payment session (the PayCore invoice's reference). */
  id: string
  order_id: string
  display_id: number | null
  payment_collection_id: string
  /** PayCore's `cpi_…` ("" in HPP link mode until the customer opens the link). */
  invoice_id: string
  /** Major units, e.g. 27.5. */
  amount: number
  currency_code: string
  /** PayCore's hosted payment page. */
  url: string
  status: PaycorePaymentLinkStatus
  created_at: string
  paid_at: string | null
  expires_at: string | null
  notified_at: string | null
  /** The admin user who asked for the link (`user_…`); null when not asked through the admin API. */
  created_by: string | null
}

/** `GET /store/paycore/payment-links/:id`: what the customer's pay page needs, nothing personal. */
export type PaycoreStorePaymentLink = Pick<
  PaycorePaymentLink,
  "id" | "display_id" | "amount" | "currency_code" | "status" | "url" | "expires_at"
>

/** The event a new (or re-sent) payment link emits when the admin asks to notify the customer. */
export const PAYMENT_LINK_CREATED_EVENT = "paycore.payment_link.created"

export type PaymentLinkCreatedEventData = {
  payment_link: PaycorePaymentLink
  /** The order's email: where the notification goes. */
  email: string | null
  /** When the admin asked (ISO): a link sent again is a new notification. */
  requested_at: string
}

/** The Notification Module template the subscriber sends (src/subscribers/paycore-payment-link.ts). */
export const PAYMENT_LINK_TEMPLATE = "paycore-payment-link"
