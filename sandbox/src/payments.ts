import type { SandboxCore } from "./core"
import { apiErrors } from "./errors"
import { paymentAmount } from "./fees"
import { ID_PREFIX, newId, randomDigits } from "./ids"
import { notifyPaymentInvoice } from "./notify"
import type {
  CardSnapshot,
  InvoiceCardOptions,
  InvoiceSource,
  PaymentInvoice,
  PaymentStatus,
  ReturnUrls,
} from "./state"
import { tokenizeOnSuccess } from "./tokens"

/** Validated input for a new payment invoice (amount in minor units). */
export interface PaymentCreateInput {
  referenceId: string
  service: string | null
  currency: string
  amount: number
  testMode: boolean
  description: string | null
  customer: Record<string, unknown> | null
  metadata: Record<string, unknown>
  returnUrl: string | null
  returnUrls: ReturnUrls | null
  callbackUrl: string | null
  locale: string | null
  serviceFields: unknown
  display: Record<string, unknown>
  style: Record<string, unknown>
  /** Unix seconds; null = created + invoiceLifetimeSeconds. */
  expires: number | null
  source: InvoiceSource
  /** `token` and `gateway_options.cardgate` (Private API only; tokens.ts). */
  cardOptions?: InvoiceCardOptions | null
}

/** Throws the duplicate error when the account already has a payment invoice with this reference_id. */
export function assertNewPaymentReference(core: SandboxCore, referenceId: string): void {
  if (core.store.findPaymentByReference(referenceId)) {
    throw apiErrors.duplicate(core.config)
  }
}

export function createPaymentInvoice(core: SandboxCore, input: PaymentCreateInput): PaymentInvoice {
  assertNewPaymentReference(core, input.referenceId)
  const now = core.clock.now()
  const inv: PaymentInvoice = {
    id: newId(ID_PREFIX.paymentInvoice),
    status: "created",
    resolution: "ok",
    amount: input.amount,
    currency: input.currency,
    service: input.service,
    referenceId: input.referenceId,
    testMode: input.testMode,
    description: input.description,
    customer: input.customer,
    customerId: input.customer ? newId(ID_PREFIX.customer) : null,
    metadata: input.metadata,
    returnUrl: input.returnUrl,
    returnUrls: input.returnUrls,
    callbackUrl: input.callbackUrl,
    locale: input.locale,
    serviceFields: input.serviceFields,
    display: input.display,
    style: input.style,
    source: input.source,
    created: now,
    updated: now,
    expires: input.expires ?? now + core.config.invoiceLifetimeSeconds,
    processed: null,
    processedAmount: null,
    refundedAmount: null,
    chargedBackAmount: null,
    card: null,
    clientIp: null,
    rrn: null,
    approvalCode: null,
    threeDs: null,
    refundIds: [],
    ...(input.cardOptions ? { cardOptions: input.cardOptions } : {}),
  }
  core.store.paymentInvoices.set(inv.id, inv)
  core.save()
  // No callback for the initial `created` status: callbacks report status *changes* (sandbox choice, README).
  return inv
}

/** Sets a new status (and other fields), bumps `updated`, persists and queues the callback. */
export function changePaymentStatus(
  core: SandboxCore,
  inv: PaymentInvoice,
  status: PaymentStatus,
  patch: Partial<PaymentInvoice> = {}
): void {
  Object.assign(inv, patch)
  inv.status = status
  inv.updated = core.clock.now()
  core.save()
  notifyPaymentInvoice(core, inv)
}

export function getPaymentInvoice(core: SandboxCore, id: string): PaymentInvoice | undefined {
  const inv = core.store.paymentInvoices.get(id)
  return inv ? refreshExpiry(core, inv) : undefined
}

export function requirePaymentInvoice(core: SandboxCore, id: string): PaymentInvoice {
  const inv = getPaymentInvoice(core, id)
  if (!inv) throw apiErrors.notFound(`Payment invoice ${id} not found`)
  return inv
}

/** An unpaid invoice whose `expires` has passed becomes `expired` the moment anyone looks at it (or on the sweep). */
export function refreshExpiry(core: SandboxCore, inv: PaymentInvoice): PaymentInvoice {
  if (inv.status === "created" && core.clock.now() >= inv.expires) changePaymentStatus(core, inv, "expired")
  return inv
}

export function sweepExpiredInvoices(core: SandboxCore): void {
  for (const inv of core.store.paymentInvoices.values()) refreshExpiry(core, inv)
}

const AWAITING: readonly PaymentStatus[] = ["created", "processing", "process_pending"]

function assertStatus(inv: PaymentInvoice, allowed: readonly PaymentStatus[], action: string): void {
  if (!allowed.includes(inv.status)) {
    throw apiErrors.invalidState(
      `Cannot ${action} invoice ${inv.id} in status ${inv.status} (allowed: ${allowed.join(", ")})`
    )
  }
}

/** created → processing (each step its own callback, as PayCore reports every change). */
export function startProcessing(core: SandboxCore, inv: PaymentInvoice, patch: Partial<PaymentInvoice> = {}): void {
  if (inv.status === "created") changePaymentStatus(core, inv, "processing", patch)
  else Object.assign(inv, patch)
}

/** → processed (or partially_processed when less than the payment amount was paid). */
export function completePayment(core: SandboxCore, inv: PaymentInvoice, processedAmount?: number): void {
  assertStatus(inv, AWAITING, "pay")
  const owed = paymentAmount(core, inv)
  processedAmount ??= owed
  if (!Number.isInteger(processedAmount) || processedAmount <= 0 || processedAmount > owed) {
    throw apiErrors.invalid("processedAmount", "invalid", "processedAmount must be > 0 and at most the payment amount")
  }
  startProcessing(core, inv)
  // A card entered with tokenize + customer.reference_id is saved now; the token is in this status' callback.
  const token = tokenizeOnSuccess(core, inv)
  changePaymentStatus(core, inv, processedAmount < owed ? "partially_processed" : "processed", {
    resolution: "ok",
    processed: core.clock.now(),
    processedAmount,
    rrn: inv.rrn ?? randomDigits(12),
    approvalCode: inv.approvalCode ?? randomDigits(6),
    threeDs: null,
    ...(token ? { token } : {}),
    ...forgetCard(inv),
  })
}

/** The card number's fingerprint is kept only while the payment can still succeed (and save the card). */
function forgetCard(inv: PaymentInvoice): Partial<PaymentInvoice> {
  return inv.cardFingerprint ? { cardFingerprint: null } : {}
}

export function failPayment(core: SandboxCore, inv: PaymentInvoice, resolution: string): void {
  assertStatus(inv, AWAITING, "fail")
  startProcessing(core, inv)
  changePaymentStatus(core, inv, "process_failed", { resolution, threeDs: null, ...forgetCard(inv) })
}

export function setPaymentPending(core: SandboxCore, inv: PaymentInvoice, resolution: string): void {
  assertStatus(inv, ["created", "processing"], "set pending")
  startProcessing(core, inv)
  changePaymentStatus(core, inv, "process_pending", { resolution, threeDs: null })
}

export function setPaymentProcessing(core: SandboxCore, inv: PaymentInvoice): void {
  assertStatus(inv, ["created"], "start processing")
  changePaymentStatus(core, inv, "processing")
}

export function expirePayment(core: SandboxCore, inv: PaymentInvoice): void {
  assertStatus(inv, AWAITING, "expire")
  changePaymentStatus(core, inv, "expired", { threeDs: null, ...forgetCard(inv) })
}

export function terminatePayment(core: SandboxCore, inv: PaymentInvoice): void {
  assertStatus(inv, AWAITING, "terminate")
  changePaymentStatus(core, inv, "terminated", { threeDs: null, ...forgetCard(inv) })
}

/**
 * A chargeback of `amount` minor units (default: everything not yet refunded or charged back).
 * Covers the remainder → charged_back, else partially_charged_back.
 */
export function chargeBackPayment(core: SandboxCore, inv: PaymentInvoice, amount?: number): void {
  assertStatus(inv, ["processed", "partially_processed", "partially_refunded", "partially_charged_back"], "charge back")
  const open = (inv.processedAmount ?? 0) - (inv.refundedAmount ?? 0) - (inv.chargedBackAmount ?? 0)
  const value = amount ?? open
  if (!Number.isInteger(value) || value <= 0 || value > open) {
    throw apiErrors.invalid(
      "amount",
      "invalid",
      "chargeback amount must be > 0 and at most the amount not yet refunded or charged back"
    )
  }
  changePaymentStatus(core, inv, value === open ? "charged_back" : "partially_charged_back", {
    chargedBackAmount: (inv.chargedBackAmount ?? 0) + value,
  })
}

export function cardSnapshot(
  cardNumber: string,
  holder: string | null,
  month: string,
  year2: string,
  brand: string,
  mask: string
): CardSnapshot {
  return {
    first: cardNumber.slice(0, 6),
    last: cardNumber.slice(-4),
    mask,
    brand,
    holder,
    expiry_month: month,
    expiry_year: `20${year2}`,
    issuer_name: null,
    issuer_country: null,
  }
}
