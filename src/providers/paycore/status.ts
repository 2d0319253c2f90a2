import { PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import {
  PAYCORE_PAYMENT_STATUSES,
  PAYCORE_STATUS_TABLE,
  paymentStatusInfo,
  type PaycorePaymentOutcome,
  type PaycorePaymentStatus,
  type PaycoreStatusKind,
} from "../../lib/paycore/statuses"

export { PAYCORE_PAYMENT_STATUSES, type PaycorePaymentStatus, type PaycoreStatusKind }

/**
 * What a PayCore payment status means to Medusa, derived from PayCore's one status table (lib/paycore/statuses.ts).
 *
 * PayCore charges in one step: an invoice that reaches `processed` has taken the money, so it maps straight to
 * `captured` and Medusa's capture is a no-op. Refunds and chargebacks do not undo the capture from the session's
 * point of view, so the session stays `captured` and webhooks answer `not_supported`; `kind` tells the caller to
 * record them separately.
 */
export interface PaycorePaymentStatusRow {
  /** For `authorizePayment` / `getPaymentStatus`. */
  sessionStatus: PaymentSessionStatus
  /** For `getWebhookActionAndData`. */
  webhookAction: PaymentActions
  /** PayCore will not change this status any more. */
  isFinal: boolean
  kind: PaycoreStatusKind
}

const { PENDING, CAPTURED, ERROR, CANCELED, AUTHORIZED } = PaymentSessionStatus

const MEDUSA_VIEW: Record<PaycorePaymentOutcome, [PaymentSessionStatus, PaymentActions]> = {
  pending: [PENDING, PaymentActions.PENDING],
  paid: [CAPTURED, PaymentActions.SUCCESSFUL],
  failed: [ERROR, PaymentActions.FAILED],
  canceled: [CANCELED, PaymentActions.CANCELED],
}

function medusaRow(info: {
  outcome: PaycorePaymentOutcome
  isFinal: boolean
  kind: PaycoreStatusKind
}): PaycorePaymentStatusRow {
  const [sessionStatus, action] = MEDUSA_VIEW[info.outcome]
  // After payment Medusa has nothing to do with the state: the plugin records it beside the payment.
  const webhookAction = info.kind === "payment" ? action : PaymentActions.NOT_SUPPORTED
  return Object.freeze({ sessionStatus, webhookAction, isFinal: info.isFinal, kind: info.kind })
}

export const PAYCORE_PAYMENT_STATUS_TABLE: Readonly<Record<PaycorePaymentStatus, PaycorePaymentStatusRow>> =
  Object.freeze(
    Object.fromEntries(
      PAYCORE_PAYMENT_STATUSES.map((status) => [status, medusaRow(PAYCORE_STATUS_TABLE.payment[status])])
    ) as Record<PaycorePaymentStatus, PaycorePaymentStatusRow>
  )

/** With PayCore's delayed-charge flow a `verified` invoice holds funds awaiting capture. */
const VERIFIED_WITH_DELAYED_CHARGE: PaycorePaymentStatusRow = Object.freeze({
  sessionStatus: AUTHORIZED,
  webhookAction: PaymentActions.AUTHORIZED,
  isFinal: false,
  kind: "payment",
})

export interface PaycorePaymentStatusMapping extends PaycorePaymentStatusRow {
  /** The status as given, trimmed and lower-cased. */
  status: string
  /** False for a status missing from the table: treated as pending, never as paid. */
  isKnown: boolean
}

export interface MapPaymentStatusOptions {
  /**
   * The store creates invoices with `flow: "delayed_charge"` (hold, then capture). Only then does `verified` mean
   * "authorized". PayCore's capture endpoint for this flow is undocumented, so this is off unless the provider
   * implements it.
   */
  delayedCharge?: boolean
}

/**
 * Maps a PayCore payment-invoice status to Medusa. Case-insensitive. An unknown status is `pending` with
 * `isKnown: false` and webhook action `not_supported`: a status added by PayCore later must never mark an order as
 * paid, nor as failed.
 */
export function mapPaymentStatus(status: string, options: MapPaymentStatusOptions = {}): PaycorePaymentStatusMapping {
  const info = paymentStatusInfo(status)
  if (!info.isKnown) {
    return {
      status: info.status,
      isKnown: false,
      sessionStatus: PENDING,
      webhookAction: PaymentActions.NOT_SUPPORTED,
      isFinal: false,
      kind: info.kind,
    }
  }
  const row =
    info.status === "verified" && options.delayedCharge
      ? VERIFIED_WITH_DELAYED_CHARGE
      : PAYCORE_PAYMENT_STATUS_TABLE[info.status as PaycorePaymentStatus]
  return { ...row, status: info.status, isKnown: true }
}
