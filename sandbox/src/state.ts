import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import type { CallbackLogEntry } from "./callback-log"

/** Payment invoice statuses (docs/paycore-notes.md, "Statuses (payment and payout)"). */
export type PaymentStatus =
  | "created"
  | "processing"
  | "process_pending"
  | "processed"
  | "partially_processed"
  | "process_failed"
  | "expired"
  | "terminated"
  | "refunding"
  | "refund_pending"
  | "partially_refunded"
  | "refunded"
  | "refund_failed"
  | "charged_back"
  | "partially_charged_back"

/** Payout invoice statuses (docs/paycore-notes.md, "Statuses (payment and payout)") that the sandbox produces. */
export type PayoutStatus =
  "created" | "processing" | "process_pending" | "processed" | "process_failed" | "canceling" | "canceled"

/**
 * Statuses treated as final for the "Only final" callback option. `processed` is listed although PayCore calls
 * it "not final since the payment can be refunded": without it "Only final" would hide every successful payment.
 */
export const FINAL_PAYMENT_STATUSES: ReadonlySet<string> = new Set([
  "processed",
  "partially_processed",
  "process_failed",
  "expired",
  "terminated",
  "partially_refunded",
  "refunded",
  "refund_failed",
  "charged_back",
  "partially_charged_back",
])

export const FINAL_PAYOUT_STATUSES: ReadonlySet<string> = new Set([
  "processed",
  "process_failed",
  "expired",
  "terminated",
  "canceled",
])

export interface ReturnUrls {
  success: string | null
  pending: string | null
  fail: string | null
}

/** Masked card data, as PayCore puts it in `payload.payment_card` (never the full number). */
export interface CardSnapshot {
  first: string
  last: string
  mask: string
  brand: string
  holder: string | null
  expiry_month: string
  expiry_year: string
  issuer_name: null
  issuer_country: null
}

/** Where an invoice was created, in PayCore's `source` vocabulary (docs/paycore-notes.md, "Callbacks and signatures"). */
export type InvoiceSource = "merchant_api" | "platform_public_api"

export interface PaymentInvoice {
  id: string
  status: PaymentStatus
  resolution: string
  /** All money fields are integer minor units of `currency`. */
  amount: number
  currency: string
  service: string | null
  referenceId: string
  testMode: boolean
  description: string | null
  customer: Record<string, unknown> | null
  customerId: string | null
  metadata: Record<string, unknown>
  returnUrl: string | null
  returnUrls: ReturnUrls | null
  callbackUrl: string | null
  locale: string | null
  serviceFields: unknown
  /** HPP `display[...]` / `style[...]` parameters, kept to render the page. */
  display: Record<string, unknown>
  style: Record<string, unknown>
  source: InvoiceSource
  created: number
  updated: number
  expires: number
  processed: number | null
  processedAmount: number | null
  refundedAmount: number | null
  chargedBackAmount: number | null
  card: CardSnapshot | null
  clientIp: string | null
  rrn: string | null
  approvalCode: string | null
  /** Set while the buyer is on the 3-D Secure step: what happens when the step is completed. */
  threeDs: { outcome: "success" } | { outcome: "fail"; resolution: string } | null
  refundIds: string[]
}

export type RefundStatus = "processing" | "process_pending" | "processed" | "process_failed"

export interface Refund {
  id: string
  invoiceId: string
  referenceId: string
  description: string | null
  status: RefundStatus
  amount: number
  currency: string
  created: number
  updated: number
}

export interface PayoutPart {
  id: string
  rrn: string | null
  amount: number
  status: PayoutStatus
}

export interface PayoutInvoice {
  id: string
  status: PayoutStatus
  resolution: string
  amount: number
  currency: string
  service: string
  referenceId: string
  testMode: boolean
  description: string | null
  customer: Record<string, unknown> | null
  metadata: Record<string, unknown>
  /** Service fields with card numbers already masked (first 6 + last 4). */
  fields: Record<string, unknown>
  callbackUrl: string | null
  source: InvoiceSource
  created: number
  updated: number
  processed: number | null
  processedAmount: number | null
  payouts: PayoutPart[]
  /** Sent to processing (auto_process, the account's autoprocessing or `…/process`); absent in older state files. */
  confirmed?: boolean
  /** `context.card` as received (test data: shows what arrived; never in API answers); absent in older state files. */
  cardExpiry?: { exp_month: string; exp_year: string } | null
  /** Decided at creation from the card number, so that the full number never has to be kept. */
  plannedOutcome: { outcome: "success" } | { outcome: "fail"; resolution: string }
}

interface Snapshot {
  version: 1
  paymentInvoices: PaymentInvoice[]
  payoutInvoices: PayoutInvoice[]
  refunds: Refund[]
  callbackLog: CallbackLogEntry[]
}

/** The callback log is capped so that a long-running sandbox does not grow without bound. */
export const CALLBACK_LOG_LIMIT = 10_000

/**
 * In-memory state, optionally persisted to a JSON file: loaded at start, rewritten (atomically, via a temporary
 * file and rename) after every change.
 */
export class Store {
  readonly paymentInvoices = new Map<string, PaymentInvoice>()
  readonly payoutInvoices = new Map<string, PayoutInvoice>()
  readonly refunds = new Map<string, Refund>()
  callbackLog: CallbackLogEntry[] = []

  constructor(private readonly file: string | null) {}

  load(): void {
    if (!this.file || !existsSync(this.file)) return
    const snapshot = JSON.parse(readFileSync(this.file, "utf8")) as Snapshot
    if (snapshot.version !== 1) throw new Error(`state file ${this.file}: unsupported version`)
    for (const inv of snapshot.paymentInvoices) this.paymentInvoices.set(inv.id, inv)
    for (const inv of snapshot.payoutInvoices) this.payoutInvoices.set(inv.id, inv)
    for (const refund of snapshot.refunds) this.refunds.set(refund.id, refund)
    this.callbackLog = snapshot.callbackLog ?? []
  }

  save(): void {
    if (!this.file) return
    const snapshot: Snapshot = {
      version: 1,
      paymentInvoices: [...this.paymentInvoices.values()],
      payoutInvoices: [...this.payoutInvoices.values()],
      refunds: [...this.refunds.values()],
      callbackLog: this.callbackLog,
    }
    const tmp = `${this.file}.tmp`
    writeFileSync(tmp, JSON.stringify(snapshot, null, 2))
    renameSync(tmp, this.file)
  }

  reset(): void {
    this.paymentInvoices.clear()
    this.payoutInvoices.clear()
    this.refunds.clear()
    this.callbackLog = []
    this.save()
  }

  appendCallbackLog(entry: CallbackLogEntry): void {
    this.callbackLog.push(entry)
    if (this.callbackLog.length > CALLBACK_LOG_LIMIT)
      this.callbackLog.splice(0, this.callbackLog.length - CALLBACK_LOG_LIMIT)
    this.save()
  }

  findPaymentByReference(referenceId: string): PaymentInvoice | undefined {
    for (const inv of this.paymentInvoices.values()) if (inv.referenceId === referenceId) return inv
    return undefined
  }

  findPayoutByReference(referenceId: string): PayoutInvoice | undefined {
    for (const inv of this.payoutInvoices.values()) if (inv.referenceId === referenceId) return inv
    return undefined
  }

  findRefundByReference(referenceId: string): Refund | undefined {
    for (const refund of this.refunds.values()) if (refund.referenceId === referenceId) return refund
    return undefined
  }
}
