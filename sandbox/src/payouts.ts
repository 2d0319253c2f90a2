import { checkPayoutCardExpiry, hideExpiryFields, payoutFieldValue } from "./card-expiry"
import type { SandboxCore } from "./core"
import { apiErrors } from "./errors"
import { ID_PREFIX, newId, randomDigits } from "./ids"
import { notifyPayoutInvoice } from "./notify"
import type { InvoiceSource, PayoutInvoice, PayoutStatus } from "./state"
import { DEFAULT_FAILURE_RESOLUTION, FAILURE_RESOLUTIONS, TEST_CARDS, maskCardNumber } from "./test-cards"
import {
  Problems,
  checkAmount,
  checkCurrency,
  checkLimits,
  checkMetadata,
  jsonPayoutSchema,
  normalizeCustomer,
  parseWith,
} from "./validation"

/**
 * Payout invoices (docs/paycore-notes.md, "Payouts" and "Callbacks and signatures"): created → processing →
 * processed | process_failed, with a `payouts` array of parts. PayCore's failing test cards make a payout fail; any
 * other valid card number succeeds.
 */

/** Validates payout attributes (JSON:API attributes or the flat body) into a new invoice, not yet stored. */
export function buildPayout(core: SandboxCore, raw: unknown, source: InvoiceSource): PayoutInvoice {
  const config = core.config
  const problems = new Problems()
  const attrs = parseWith(jsonPayoutSchema, raw, problems)
  if (!attrs) {
    problems.throwIfAny()
    throw new Error("unreachable")
  }
  let amount: number | undefined
  if (checkCurrency(config, attrs.currency, problems))
    amount = checkAmount(config, attrs.amount, attrs.currency, problems)

  const fields = attrs.fields ?? {}
  const service = config.payoutServices.find((s) => s.code === attrs.service)
  const cardExpiry = checkPayoutCardExpiry(config, service, (attrs as Record<string, unknown>).context, problems)
  if (!service) {
    problems.add("service", "not_found", `payout service ${attrs.service} is not available for this account`)
  } else if (service.currency !== attrs.currency) {
    problems.add(
      "service",
      "currency_mismatch",
      `service ${service.code} pays out ${service.currency}, not ${attrs.currency}`
    )
  } else {
    if (amount !== undefined) checkLimits(service, amount, core.decimals(attrs.currency), attrs.currency, problems)
    for (const field of service.fields) {
      const value = payoutFieldValue(field.key, fields, cardExpiry)
      if (value === undefined || value === null || value === "") {
        if (field.required) problems.add(`fields.${field.key}`, "required", `fields.${field.key} is required`)
        continue
      }
      if (typeof value !== "string") {
        problems.add(`fields.${field.key}`, "invalid_type", `fields.${field.key} must be a string`)
      } else if (field.regexp !== null && !new RegExp(field.regexp).test(value)) {
        problems.add(`fields.${field.key}`, "invalid_format", `fields.${field.key} does not match ${field.regexp}`)
      }
    }
  }
  const metadata = (attrs.metadata ?? {}) as Record<string, unknown>
  checkMetadata(config, metadata, problems)
  problems.throwIfAny()

  if (core.store.findPayoutByReference(attrs.reference_id)) {
    throw apiErrors.duplicate(config)
  }

  const cardNumber = typeof fields.card_number === "string" ? fields.card_number : null
  const now = core.clock.now()
  return {
    id: newId(ID_PREFIX.payoutInvoice),
    status: "created",
    resolution: "ok",
    amount: amount!,
    currency: attrs.currency,
    service: attrs.service,
    referenceId: attrs.reference_id,
    testMode: attrs.test_mode ?? false,
    description: attrs.description ?? null,
    customer: normalizeCustomer(attrs.customer as Record<string, unknown> | null | undefined),
    metadata,
    fields: hideExpiryFields(cardNumber ? { ...fields, card_number: maskCardNumber(cardNumber) } : { ...fields }),
    cardExpiry,
    callbackUrl: attrs.callback_url ?? null,
    source,
    created: now,
    updated: now,
    processed: null,
    processedAmount: null,
    payouts: [],
    confirmed: false,
    plannedOutcome: plannedOutcome(cardNumber, (attrs as Record<string, unknown>).context),
  }
}

/** Failing test cards fail the payout; the expiry (PayCore's context.card.exp_month/exp_year) picks the resolution. */
function plannedOutcome(cardNumber: string | null, context: unknown): PayoutInvoice["plannedOutcome"] {
  const card = TEST_CARDS.find((c) => c.number === cardNumber)
  if (!card || card.succeeds) return { outcome: "success" }
  const c = (context as { card?: { exp_month?: unknown; exp_year?: unknown } } | undefined)?.card
  const mm = c?.exp_month !== undefined ? String(c.exp_month).padStart(2, "0") : ""
  const yy = c?.exp_year !== undefined ? String(c.exp_year).slice(-2) : ""
  return { outcome: "fail", resolution: FAILURE_RESOLUTIONS[mm + yy] ?? DEFAULT_FAILURE_RESOLUTION }
}

export function createPayout(core: SandboxCore, raw: unknown, source: InvoiceSource): PayoutInvoice {
  const inv = buildPayout(core, raw, source)
  core.store.payoutInvoices.set(inv.id, inv)
  core.save()
  // Without `options.auto_process` or the account's autoprocessing, PayCore waits for the confirmation step.
  const autoProcess =
    (raw as { options?: { auto_process?: unknown } } | null)?.options?.auto_process === true &&
    core.config.payoutAutoProcessOption === "honoured"
  if (autoProcess || core.config.accountPayoutAutoprocessing) sendToProcessing(core, inv)
  return inv
}

/** `POST /api/payout-invoices/{id}/process`: the confirmation step of a payout that waits for it. */
export function confirmPayout(core: SandboxCore, inv: PayoutInvoice): void {
  assertPayoutStatus(inv, ["created"], "confirm")
  if (inv.confirmed) throw apiErrors.invalidState(`Payout ${inv.id} was already sent to processing`)
  sendToProcessing(core, inv)
}

function sendToProcessing(core: SandboxCore, inv: PayoutInvoice): void {
  inv.confirmed = true
  core.save()
  if (!core.config.payoutAutoProcess) return
  // After the answer: PayCore answers `created` and reports progress by callback.
  core.defer(() => {
    if (inv.status !== "created") return
    if (inv.plannedOutcome.outcome === "success") processPayout(core, inv)
    else failPayout(core, inv, inv.plannedOutcome.resolution)
  })
}

function changePayoutStatus(
  core: SandboxCore,
  inv: PayoutInvoice,
  status: PayoutStatus,
  patch: Partial<PayoutInvoice> = {}
): void {
  Object.assign(inv, patch)
  inv.status = status
  for (const part of inv.payouts) part.status = status
  inv.updated = core.clock.now()
  core.save()
  notifyPayoutInvoice(core, inv)
}

const OPEN: readonly PayoutStatus[] = ["created", "processing", "process_pending"]

function assertPayoutStatus(inv: PayoutInvoice, allowed: readonly PayoutStatus[], action: string): void {
  if (!allowed.includes(inv.status)) {
    throw apiErrors.invalidState(
      `Cannot ${action} payout ${inv.id} in status ${inv.status} (allowed: ${allowed.join(", ")})`
    )
  }
}

function startPayoutProcessing(core: SandboxCore, inv: PayoutInvoice): void {
  if (inv.status !== "created") return
  changePayoutStatus(core, inv, "processing", {
    payouts: [{ id: newId(ID_PREFIX.payout), rrn: null, amount: inv.amount, status: "processing" }],
  })
}

export function processPayout(core: SandboxCore, inv: PayoutInvoice): void {
  assertPayoutStatus(inv, OPEN, "process")
  startPayoutProcessing(core, inv)
  for (const part of inv.payouts) part.rrn = part.rrn ?? randomDigits(12)
  changePayoutStatus(core, inv, "processed", {
    resolution: "ok",
    processed: core.clock.now(),
    processedAmount: inv.amount,
  })
}

export function failPayout(core: SandboxCore, inv: PayoutInvoice, resolution: string): void {
  assertPayoutStatus(inv, OPEN, "fail")
  startPayoutProcessing(core, inv)
  changePayoutStatus(core, inv, "process_failed", { resolution })
}

/** Open payouts are canceled at once; a processed one goes canceling → canceled ("the payout can be canceled"). */
export function cancelPayout(core: SandboxCore, inv: PayoutInvoice): void {
  assertPayoutStatus(inv, [...OPEN, "processed"], "cancel")
  if (inv.status === "processed") changePayoutStatus(core, inv, "canceling")
  changePayoutStatus(core, inv, "canceled")
}

export function requirePayoutInvoice(core: SandboxCore, id: string): PayoutInvoice {
  const inv = core.store.payoutInvoices.get(id)
  if (!inv) throw apiErrors.notFound(`Payout invoice ${id} not found`)
  return inv
}
