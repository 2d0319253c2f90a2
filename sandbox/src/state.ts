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

/**
 * Masked card data, as PayCore puts it in `payload.payment_card` (never the full number). A card paid without
 * tokenisation keeps the sandbox's older shape (4-digit `expiry_year`, issuer `null`); a tokenised or saved card has
 * the shape of PayCore's tokenisation example (2-digit `expiry_year`, an issuer), see tokens.ts.
 */
export interface CardSnapshot {
  first: string
  last: string
  mask: string
  brand: string
  holder: string | null
  expiry_month: string
  expiry_year: string
  issuer_name: string | null
  issuer_country: string | null
}

/**
 * A saved card (PayCore's card token, README "Saved cards (tokens)"): one per mode, customer reference and card
 * number. The card number itself is not kept: `fingerprint` (sha256 of the number) identifies the card, and the
 * test card it belongs to decides what a charge does.
 */
export interface SavedCard {
  token: string
  testMode: boolean
  customerReferenceId: string
  fingerprint: string
  /** `payload.payment_card` of charges with this token (2-digit expiry strings). */
  card: CardSnapshot
  revoked: boolean
  created: number
  updated: number
  /** The invoice whose payment saved the card; null for a card saved by the controls. */
  sourceInvoiceId: string | null
}

/** What a payment invoice asked for with `gateway_options.cardgate` and `token` (Private API only). */
export interface InvoiceCardOptions {
  /** `gateway_options.cardgate.tokenize: true`: save the card on success (needs `customer.reference_id`). */
  tokenize: boolean
  /** `gateway_options.cardgate.restrict_saved_cards`: accepted and kept; the sandbox has no "Remember me" cards. */
  restrictSavedCards: boolean | null
  /** `token`: pay with this saved card. */
  token: string | null
  /** `gateway_options.cardgate.instant: true`: charge the saved card without the buyer. */
  instant: boolean
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
  /** `tokenize`, `token`, `instant`… as requested; absent on invoices without them and in older state files. */
  cardOptions?: InvoiceCardOptions | null
  /** sha256 of the card number entered on the page, kept only while a card may still be saved (tokenize). */
  cardFingerprint?: string | null
  /** The card token shown as `payload.token`: the token saved by this payment, or the one it was paid with. */
  token?: string | null
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
  /** Absent in state files written before saved cards existed. */
  savedCards?: SavedCard[]
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
  /** Saved cards by token. */
  readonly savedCards = new Map<string, SavedCard>()
  callbackLog: CallbackLogEntry[] = []

  constructor(private readonly file: string | null) {}

  load(): void {
    if (!this.file || !existsSync(this.file)) return
    const snapshot = JSON.parse(readFileSync(this.file, "utf8")) as Snapshot
    if (snapshot.version !== 1) throw new Error(`state file ${this.file}: unsupported version`)
    for (const inv of snapshot.paymentInvoices) this.paymentInvoices.set(inv.id, inv)
    for (const inv of snapshot.payoutInvoices) this.payoutInvoices.set(inv.id, inv)
    for (const refund of snapshot.refunds) this.refunds.set(refund.id, refund)
    for (const card of snapshot.savedCards ?? []) this.savedCards.set(card.token, card)
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
      savedCards: [...this.savedCards.values()],
    }
    const tmp = `${this.file}.tmp`
    writeFileSync(tmp, JSON.stringify(snapshot, null, 2))
    renameSync(tmp, this.file)
  }

  reset(): void {
    this.paymentInvoices.clear()
    this.payoutInvoices.clear()
    this.refunds.clear()
    this.savedCards.clear()
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
