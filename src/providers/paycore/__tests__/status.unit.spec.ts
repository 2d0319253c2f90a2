import { PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"

import {
  PAYCORE_PAYMENT_STATUSES,
  PAYCORE_PAYMENT_STATUS_TABLE,
  mapPaymentStatus,
  type PaycoreStatusKind,
} from "../status"
import { PAYCORE_PAYOUT_STATUSES, PAYCORE_PAYOUT_STATUS_TABLE, mapPayoutStatus } from "../../../payouts/statuses"
import type { PaycorePayoutOutcome } from "../../../lib/paycore/statuses"

const { PENDING, CAPTURED, ERROR, CANCELED } = PaymentSessionStatus
const NOT_SUPPORTED = PaymentActions.NOT_SUPPORTED

/**
 * The expected meaning of every documented payment-invoice status (docs/paycore-notes.md, "Statuses (payment
 * and payout)"), written out independently of the implementation's table.
 */
const EXPECTED_PAYMENT: Record<string, [PaymentSessionStatus, PaymentActions, boolean, PaycoreStatusKind]> = {
  created: [PENDING, PaymentActions.PENDING, false, "payment"],
  processing: [PENDING, PaymentActions.PENDING, false, "payment"],
  process_pending: [PENDING, PaymentActions.PENDING, false, "payment"],
  process_error: [PENDING, PaymentActions.PENDING, false, "payment"],
  processed: [CAPTURED, PaymentActions.SUCCESSFUL, false, "payment"],
  partially_processed: [ERROR, PaymentActions.FAILED, true, "payment"],
  process_failed: [ERROR, PaymentActions.FAILED, true, "payment"],
  verified: [ERROR, PaymentActions.FAILED, true, "payment"],
  verify_failed: [ERROR, PaymentActions.FAILED, true, "payment"],
  expired: [CANCELED, PaymentActions.CANCELED, true, "payment"],
  terminated: [CANCELED, PaymentActions.CANCELED, true, "payment"],
  refunding: [CAPTURED, NOT_SUPPORTED, false, "refund"],
  refund_pending: [CAPTURED, NOT_SUPPORTED, false, "refund"],
  refund_error: [CAPTURED, NOT_SUPPORTED, false, "refund"],
  partially_refunded: [CAPTURED, NOT_SUPPORTED, true, "refund"],
  refunded: [CAPTURED, NOT_SUPPORTED, true, "refund"],
  refund_failed: [CAPTURED, NOT_SUPPORTED, true, "refund"],
  charged_back: [CAPTURED, NOT_SUPPORTED, true, "chargeback"],
  partially_charged_back: [CAPTURED, NOT_SUPPORTED, true, "chargeback"],
}

const EXPECTED_PAYOUT: Record<string, [PaycorePayoutOutcome, boolean]> = {
  created: ["in_progress", false],
  processing: ["in_progress", false],
  process_pending: ["in_progress", false],
  process_error: ["in_progress", false],
  processed: ["paid", false],
  partially_processed: ["partially_paid", true],
  process_failed: ["failed", true],
  expired: ["failed", true],
  terminated: ["failed", true],
  canceling: ["paid", false],
  cancel_pending: ["paid", false],
  partially_canceled: ["partially_paid", true],
  canceled: ["canceled", true],
  cancel_error: ["paid", false],
  cancel_failed: ["paid", true],
}

describe("payment status table", () => {
  it("has exactly one row per documented status, and every status has an expectation here", () => {
    expect(Object.keys(PAYCORE_PAYMENT_STATUS_TABLE).sort()).toEqual([...PAYCORE_PAYMENT_STATUSES].sort())
    expect([...PAYCORE_PAYMENT_STATUSES].sort()).toEqual(Object.keys(EXPECTED_PAYMENT).sort())
  })

  it.each(Object.entries(EXPECTED_PAYMENT))("%s → %j", (status, [sessionStatus, webhookAction, isFinal, kind]) => {
    expect(mapPaymentStatus(status)).toEqual({ status, isKnown: true, sessionStatus, webhookAction, isFinal, kind })
  })

  it("only `processed` ever maps to captured for a payment", () => {
    const captured = PAYCORE_PAYMENT_STATUSES.filter(
      (status) => mapPaymentStatus(status).sessionStatus === CAPTURED && mapPaymentStatus(status).kind === "payment"
    )
    expect(captured).toEqual(["processed"])
  })

  it("reads upper-case and padded statuses (payment requests use CHARGED_BACK)", () => {
    expect(mapPaymentStatus(" CHARGED_BACK ")).toMatchObject({
      status: "charged_back",
      isKnown: true,
      kind: "chargeback",
    })
    expect(mapPaymentStatus("Processed")).toMatchObject({ sessionStatus: CAPTURED, isKnown: true })
  })

  it("maps verified to authorized only with the delayed-charge option", () => {
    expect(mapPaymentStatus("verified", { delayedCharge: true })).toEqual({
      status: "verified",
      isKnown: true,
      sessionStatus: PaymentSessionStatus.AUTHORIZED,
      webhookAction: PaymentActions.AUTHORIZED,
      isFinal: false,
      kind: "payment",
    })
    expect(mapPaymentStatus("processed", { delayedCharge: true }).sessionStatus).toBe(CAPTURED)
  })

  it.each<[string, PaycoreStatusKind]>([
    ["some_future_status", "payment"],
    ["refund_reversed", "refund"],
    ["charge_back_reversed", "chargeback"],
    ["", "payment"],
  ])("maps the unknown status %p to pending, never captured, flagged as unknown (kind %s)", (status, kind) => {
    expect(mapPaymentStatus(status)).toEqual({
      status,
      isKnown: false,
      sessionStatus: PENDING,
      webhookAction: NOT_SUPPORTED,
      isFinal: false,
      kind,
    })
  })

  it("does not treat inherited object keys as statuses", () => {
    expect(mapPaymentStatus("constructor").isKnown).toBe(false)
    expect(mapPaymentStatus("__proto__").isKnown).toBe(false)
  })
})

describe("payout status table", () => {
  it("has exactly one row per documented status, and every status has an expectation here", () => {
    expect(Object.keys(PAYCORE_PAYOUT_STATUS_TABLE).sort()).toEqual([...PAYCORE_PAYOUT_STATUSES].sort())
    expect([...PAYCORE_PAYOUT_STATUSES].sort()).toEqual(Object.keys(EXPECTED_PAYOUT).sort())
  })

  it.each(Object.entries(EXPECTED_PAYOUT))("%s → %j", (status, [outcome, isFinal]) => {
    expect(mapPayoutStatus(status)).toEqual({ status, isKnown: true, outcome, isFinal })
  })

  it("maps an unknown payout status to in_progress, not final, flagged as unknown", () => {
    expect(mapPayoutStatus("PAUSED")).toEqual({
      status: "paused",
      isKnown: false,
      outcome: "in_progress",
      isFinal: false,
    })
  })
})
