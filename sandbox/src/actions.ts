import type { CallbackLogEntry, CallbackModeInput, CallbackModeState } from "./callbacks"
import { DEFAULT_CONFIG, STARTUP_ONLY_KEYS, type SandboxConfig, validateConfig } from "./config"
import type { SandboxCore } from "./core"
import { ApiError, apiErrors } from "./errors"
import type { FaultRule, FaultRuleInput } from "./faults"
import { toMinorUnits } from "./money"
import {
  chargeBackPayment,
  completePayment,
  expirePayment,
  failPayment,
  getPaymentInvoice,
  requirePaymentInvoice,
  setPaymentPending,
  setPaymentProcessing,
  terminatePayment,
} from "./payments"
import { cancelPayout, failPayout, processPayout, requirePayoutInvoice } from "./payouts"
import { KEPT_ON_PROFILE_SWITCH, PROFILE_NAMES, SANDBOX_PROFILES, isProfileName } from "./profiles"
import { completeRefund, createRefund, failRefund, refundableAmount, requireRefund } from "./refunds"
import { type JsonApiDocument, paymentInvoiceDocument, payoutInvoiceDocument, refundResource } from "./resources"
import type { PaymentInvoice, PayoutInvoice } from "./state"
import { ID_PREFIX, newId } from "./ids"
import { DEFAULT_FAILURE_RESOLUTION } from "./test-cards"
import {
  type SaveCardTokenInput,
  type SavedCardInfo,
  expireSavedCard,
  requireSavedCard,
  saveCardFromControls,
  savedCardInfo,
} from "./tokens"

/** Full state of one invoice, for GET /_sandbox/invoices/:id and getInvoiceState(). */
export interface InvoiceState {
  kind: "payment" | "payout"
  /** The sandbox's internal record (amounts in minor units). */
  invoice: PaymentInvoice | PayoutInvoice
  /** What the API answers for it. */
  document: JsonApiDocument
  refunds: JsonApiDocument["data"][]
  callbacks: CallbackLogEntry[]
}

/**
 * Test controls, shared by the programmatic API (Sandbox) and the HTTP routes under /_sandbox/. Amounts are in
 * major units, like PayCore's API. Errors are ApiErrors: 404 unknown id, 409 wrong status, 422 bad input.
 */
export class SandboxActions {
  constructor(private readonly core: SandboxCore) {}

  // ---- reading -------------------------------------------------------------------------------------------

  getPaymentInvoice(id: string): JsonApiDocument | undefined {
    const inv = getPaymentInvoice(this.core, id)
    return inv ? paymentInvoiceDocument(this.core, inv) : undefined
  }

  findPaymentInvoiceByReference(referenceId: string): JsonApiDocument | undefined {
    const inv = this.core.store.findPaymentByReference(referenceId)
    return inv ? this.getPaymentInvoice(inv.id) : undefined
  }

  getPayoutInvoice(id: string): JsonApiDocument | undefined {
    const inv = this.core.store.payoutInvoices.get(id)
    return inv ? payoutInvoiceDocument(this.core, inv) : undefined
  }

  getInvoiceState(id: string): InvoiceState {
    const payment = getPaymentInvoice(this.core, id)
    const callbacks = this.callbackLog({ invoiceId: id })
    if (payment) {
      return {
        kind: "payment",
        invoice: structuredClone(payment),
        document: paymentInvoiceDocument(this.core, payment),
        refunds: payment.refundIds.map((r) => refundResource(this.core, this.core.store.refunds.get(r)!)),
        callbacks,
      }
    }
    const payout = this.core.store.payoutInvoices.get(id)
    if (payout) {
      return {
        kind: "payout",
        invoice: structuredClone(payout),
        document: payoutInvoiceDocument(this.core, payout),
        refunds: [],
        callbacks,
      }
    }
    throw apiErrors.notFound(`Invoice ${id} not found`)
  }

  /** Counts and the current fault settings. */
  summary() {
    const store = this.core.store
    return {
      paymentInvoices: store.paymentInvoices.size,
      payoutInvoices: store.payoutInvoices.size,
      refunds: store.refunds.size,
      savedCards: store.savedCards.size,
      callbackLogEntries: store.callbackLog.length,
      callbackMode: this.core.callbacks.getMode(),
      faults: this.core.faults.list(),
      clock: this.core.clock.now(),
    }
  }

  // ---- payment invoices ----------------------------------------------------------------------------------

  /** created/processing/process_pending → processing → processed (partially_processed with a smaller amount). */
  payInvoice(id: string, options: { processedAmount?: number } = {}): JsonApiDocument {
    const inv = requirePaymentInvoice(this.core, id)
    const amount =
      options.processedAmount === undefined
        ? undefined
        : this.minor(options.processedAmount, inv.currency, "processedAmount")
    completePayment(this.core, inv, amount)
    return paymentInvoiceDocument(this.core, inv)
  }

  failInvoice(id: string, options: { resolution?: string } = {}): JsonApiDocument {
    const inv = requirePaymentInvoice(this.core, id)
    failPayment(this.core, inv, options.resolution ?? DEFAULT_FAILURE_RESOLUTION)
    return paymentInvoiceDocument(this.core, inv)
  }

  expireInvoice(id: string): JsonApiDocument {
    const inv = requirePaymentInvoice(this.core, id)
    expirePayment(this.core, inv)
    return paymentInvoiceDocument(this.core, inv)
  }

  terminateInvoice(id: string): JsonApiDocument {
    const inv = requirePaymentInvoice(this.core, id)
    terminatePayment(this.core, inv)
    return paymentInvoiceDocument(this.core, inv)
  }

  setInvoiceProcessing(id: string): JsonApiDocument {
    const inv = requirePaymentInvoice(this.core, id)
    setPaymentProcessing(this.core, inv)
    return paymentInvoiceDocument(this.core, inv)
  }

  setInvoicePending(id: string, options: { resolution?: string } = {}): JsonApiDocument {
    const inv = requirePaymentInvoice(this.core, id)
    setPaymentPending(this.core, inv, options.resolution ?? "ok")
    return paymentInvoiceDocument(this.core, inv)
  }

  /** Full chargeback by default; `amount` (major units) for a partial one. */
  chargeBack(id: string, options: { amount?: number } = {}): JsonApiDocument {
    const inv = requirePaymentInvoice(this.core, id)
    const amount = options.amount === undefined ? undefined : this.minor(options.amount, inv.currency, "amount")
    chargeBackPayment(this.core, inv, amount)
    return paymentInvoiceDocument(this.core, inv)
  }

  /**
   * A refund a merchant makes in PayCore's dashboard (not through the API): the invoice moves as for an API refund
   * (refunding → partially_refunded / refunded, following `refundOutcome`); default amount: everything refundable.
   */
  refundAtDashboard(id: string, options: { amount?: number } = {}): JsonApiDocument {
    const inv = requirePaymentInvoice(this.core, id)
    const amount =
      options.amount === undefined ? refundableAmount(inv) : this.minor(options.amount, inv.currency, "amount")
    createRefund(this.core, inv, { amount, referenceId: newId("dashboard_"), description: "Refund from the dashboard" })
    return paymentInvoiceDocument(this.core, inv)
  }

  // ---- payouts and refunds -------------------------------------------------------------------------------

  processPayout(id: string): JsonApiDocument {
    const inv = requirePayoutInvoice(this.core, id)
    processPayout(this.core, inv)
    return payoutInvoiceDocument(this.core, inv)
  }

  failPayout(id: string, options: { resolution?: string } = {}): JsonApiDocument {
    const inv = requirePayoutInvoice(this.core, id)
    failPayout(this.core, inv, options.resolution ?? DEFAULT_FAILURE_RESOLUTION)
    return payoutInvoiceDocument(this.core, inv)
  }

  cancelPayout(id: string): JsonApiDocument {
    const inv = requirePayoutInvoice(this.core, id)
    cancelPayout(this.core, inv)
    return payoutInvoiceDocument(this.core, inv)
  }

  completeRefund(refundId: string): JsonApiDocument["data"] {
    const refund = requireRefund(this.core, refundId)
    completeRefund(this.core, refund)
    return refundResource(this.core, refund)
  }

  failRefund(refundId: string): JsonApiDocument["data"] {
    const refund = requireRefund(this.core, refundId)
    failRefund(this.core, refund)
    return refundResource(this.core, refund)
  }

  // ---- saved cards (tokens) -----------------------------------------------------------------------------

  /** Saved cards, oldest first; optionally of one customer reference and/or mode. */
  listTokens(filter: { customerReferenceId?: string; testMode?: boolean } = {}): SavedCardInfo[] {
    return [...this.core.store.savedCards.values()]
      .filter(
        (saved) =>
          (filter.customerReferenceId === undefined || saved.customerReferenceId === filter.customerReferenceId) &&
          (filter.testMode === undefined || saved.testMode === filter.testMode)
      )
      .map((saved) => savedCardInfo(this.core, saved))
  }

  /**
   * Revokes one token, or every token of a customer reference (optionally of one mode). A revoked token cannot pay
   * (`tokenRefusal`); the next tokenised payment with that card saves a new token. Returns the revoked cards.
   */
  revokeTokens(target: { token?: string; customerReferenceId?: string; testMode?: boolean }): SavedCardInfo[] {
    const { token, customerReferenceId, testMode } = target
    const cards =
      token !== undefined
        ? [requireSavedCard(this.core, token)]
        : customerReferenceId !== undefined
          ? [...this.core.store.savedCards.values()].filter(
              (saved) =>
                saved.customerReferenceId === customerReferenceId &&
                (testMode === undefined || saved.testMode === testMode)
            )
          : null
    if (!cards) throw apiErrors.invalid("token", "required", "token or customerReferenceId is required")
    const now = this.core.clock.now()
    for (const saved of cards) {
      if (saved.revoked) continue
      saved.revoked = true
      saved.updated = now
    }
    this.core.save()
    return cards.map((saved) => savedCardInfo(this.core, saved))
  }

  /** Moves the saved card's expiry to last month (by the sandbox clock): charges fail with `card_expired`. */
  expireToken(token: string): SavedCardInfo {
    const saved = requireSavedCard(this.core, token)
    expireSavedCard(this.core, saved)
    return savedCardInfo(this.core, saved)
  }

  /** Saves a test card for a customer without a payment (a chosen `token`, e.g. PayCore's published one, or a new one). */
  saveCardToken(input: SaveCardTokenInput): SavedCardInfo {
    return savedCardInfo(this.core, saveCardFromControls(this.core, input))
  }

  // ---- callbacks -----------------------------------------------------------------------------------------

  callbackLog(filter: { invoiceId?: string; status?: string } = {}): CallbackLogEntry[] {
    return this.core.store.callbackLog.filter(
      (e) =>
        (filter.invoiceId === undefined || e.invoiceId === filter.invoiceId) &&
        (filter.status === undefined || e.status === filter.status)
    )
  }

  resendCallback(logId: number): CallbackLogEntry {
    const entry = this.core.callbacks.resend(logId)
    if (!entry) throw apiErrors.notFound(`Callback log entry ${logId} not found`)
    return entry
  }

  setCallbackMode(mode: CallbackModeInput): CallbackModeState {
    return this.core.callbacks.setMode(mode)
  }

  clearCallbackMode(): CallbackModeState {
    return this.core.callbacks.clearMode()
  }

  getCallbackMode(): CallbackModeState {
    return this.core.callbacks.getMode()
  }

  /** Sends callbacks held by the reorder mode now. Returns how many were released. */
  flushCallbacks(): number {
    return this.core.callbacks.flush()
  }

  // ---- faults, config, clock, reset ----------------------------------------------------------------------

  addFault(rule: FaultRuleInput): FaultRule {
    try {
      return this.core.faults.add(rule)
    } catch (err) {
      throw apiErrors.invalid("fault", "invalid", (err as Error).message)
    }
  }

  listFaults(): FaultRule[] {
    return this.core.faults.list()
  }

  clearFaults(): void {
    this.core.faults.clear()
  }

  /** Changes options at run time (not host, port, stateFile, controls). Returns the new configuration. */
  updateConfig(patch: Partial<SandboxConfig>): SandboxConfig {
    const fixed = Object.keys(patch).filter((k) => (STARTUP_ONLY_KEYS as readonly string[]).includes(k))
    if (fixed.length > 0)
      throw apiErrors.invalid(fixed[0], "not_allowed", `${fixed.join(", ")} can only be set at start`)
    if ("profile" in patch)
      throw apiErrors.invalid("profile", "not_allowed", "switch profiles with POST /_sandbox/profile (applyProfile)")
    try {
      this.core.config = validateConfig({ ...this.core.config, ...patch })
    } catch (err) {
      throw apiErrors.invalid("config", "invalid", (err as Error).message)
    }
    return this.core.config
  }

  /**
   * Switches to a named profile (profiles.ts): every option goes back to its default and then to the profile's value,
   * except those in KEPT_ON_PROFILE_SWITCH. Invoices, callbacks and faults are left alone. Returns the new config.
   */
  applyProfile(name: unknown): SandboxConfig {
    if (!isProfileName(name))
      throw apiErrors.invalid("name", "invalid", `name must be one of: ${PROFILE_NAMES.join(", ")}`)
    const kept = Object.fromEntries(KEPT_ON_PROFILE_SWITCH.map((key) => [key, this.core.config[key]]))
    this.core.config = validateConfig({ ...DEFAULT_CONFIG, ...SANDBOX_PROFILES[name].config, ...kept, profile: name })
    return this.core.config
  }

  /** Moves the sandbox clock forward (to reach `expires` without waiting). */
  advanceClock(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) throw apiErrors.invalid("seconds", "invalid", "seconds must be >= 0")
    this.core.clock.advance(seconds)
    return this.core.clock.now()
  }

  /** Forgets every invoice, refund, saved card, callback (queued or logged), fault and callback mode; rewinds the clock. */
  reset(): void {
    this.core.callbacks.cancelAll()
    this.core.faults.clear()
    this.core.clock.reset()
    this.core.store.reset()
  }

  private minor(amount: number, currency: string, field: string): number {
    const parsed = toMinorUnits(amount, this.core.decimals(currency))
    if (!parsed.ok || parsed.minor <= 0)
      throw apiErrors.invalid(field, "invalid", `${field} is not a valid ${currency} amount`)
    return parsed.minor
  }
}

export { ApiError }
