import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { paycoreAccounts } from "../../../accounts"
import { BusyError } from "../../../apply-once"
import {
  modeOf,
  signatureHeader,
  verifyPaycoreCallback,
  type CallbackRejection,
  type PaycoreMode,
} from "../../../lib/paycore/verify-callback"
import type { PaycoreCallback } from "../../../lib/paycore"
import { applyPaymentInvoiceState, type ApplyOutcome } from "../../../payments/apply-payment-state"
import { isCheckReference } from "../../../paycore-check/reference"
import { answerPayoutCallback } from "../../../payouts/apply-payout-state"
import { recordRefusal, warnRefusal, warnWrongModeOnce } from "./refusals"

export type CallbackAnswer = { status: number; body: Record<string, unknown> }

/** 503: PayCore sends the callback again. */
function retryLater(message = "the callback could not be applied yet"): CallbackAnswer {
  return { status: 503, body: { error: "retry_later", message } }
}

/** Another request is applying this invoice right now (or the process is at its limit). */
const BUSY = "this invoice is busy; PayCore sends the callback again"

/** A callback whose signature one registered PayCore account's key verified, parsed once. */
export type VerifiedCallback = {
  providerId: string
  mode: PaycoreMode
  providerMode: PaycoreMode
  callback: PaycoreCallback
}

/**
 * Verifies the raw bytes with the keys of the registered PayCore providers (a store may run several PayCore
 * accounts): the first that verifies them owns the callback. A signed but unreadable body outranks "signature does
 * not match another provider's key".
 */
export function verifyWithRegisteredKeys(
  container: MedusaContainer,
  raw: Buffer,
  headers: Record<string, unknown>
):
  | { ok: true; verified: VerifiedCallback }
  | { ok: "other_type"; providerId: string; type: string }
  | { ok: false; status: 400 | 401; message: string } {
  const signature = signatureHeader(headers)
  let rejection: CallbackRejection | undefined
  for (const account of paycoreAccounts(container)) {
    const result = verifyPaycoreCallback(raw, signature, {
      test: account.options.testPrivateKey,
      live: account.options.livePrivateKey,
    })
    if (result.ok === "other_type") return { ok: "other_type", providerId: account.providerId, type: result.type }
    if (result.ok) {
      const providerMode = modeOf(account.options.testMode)
      return {
        ok: true,
        verified: { providerId: account.providerId, mode: result.mode, providerMode, callback: result.callback },
      }
    }
    if (!rejection || result.status === 400) rejection = result
  }
  if (!rejection) return { ok: false, status: 401, message: "no PayCore payment provider is registered" }
  return { ok: false, status: rejection.status, message: `${rejection.code}: ${rejection.message}` }
}

/**
 * From the raw bytes PayCore POSTed to the answer it gets: verified once, parsed once, then applied by the payment or
 * payout rules with the verifying provider and mode. 200 only once the change is applied; 401 for a bad signature;
 * 5xx for a passing failure so that PayCore sends the callback again.
 */
export async function handlePaycoreCallback(
  container: MedusaContainer,
  raw: Buffer,
  headers: Record<string, unknown>
): Promise<CallbackAnswer> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const verification = verifyWithRegisteredKeys(container, raw, headers)
  if (verification.ok === "other_type") {
    logger.info(
      `PayCore: a signed callback of type ${verification.type} reached ${verification.providerId}; acknowledged, not applied`
    )
    return { status: 200, body: { received: true, outcome: "ignored", type: verification.type } }
  }
  if (!verification.ok) {
    const { status, message } = verification
    warnRefusal(logger, `PayCore callback refused (${status}): ${message}`)
    await recordRefusal(container, raw, message)
    return { status, body: { error: status === 401 ? "unauthorized" : "invalid_callback", message } }
  }

  const { providerId, mode, providerMode } = verification.verified
  const invoice = verification.verified.callback.data
  if (isCheckReference(invoice.attributes.reference_id)) {
    // A test invoice or payout of the PayCore check: nothing of the shop's to apply or record.
    return { status: 200, body: { received: true, outcome: "ignored", reason: "paycore_check" } }
  }
  if (mode !== providerMode) {
    // Genuinely signed, but with the other mode's key: never applied, and answered 200 so PayCore does not retry it.
    warnWrongModeOnce(
      logger,
      invoice.id,
      `PayCore: a ${mode} callback for ${invoice.id} reached ${providerId}, which is in ${providerMode} mode; ignored`
    )
    return { status: 200, body: { received: true, outcome: "wrong_mode" } }
  }
  return await answerWithin(CALLBACK_ANSWER_DEADLINE_MS, applyAndAnswer(container, invoice, providerId, mode))
}

/**
 * PayCore counts a callback as failed after 10 s (test) or 20 s (live) and sends it again. An apply still running
 * then (Medusa waiting for its cart lock, say) is answered 503 before that, and goes on: the resend finds it done.
 */
export const CALLBACK_ANSWER_DEADLINE_MS = 8_000

async function answerWithin(ms: number, work: Promise<CallbackAnswer>): Promise<CallbackAnswer> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<CallbackAnswer>((resolve) => {
    timer = setTimeout(() => resolve(retryLater("still being applied; PayCore sends the callback again")), ms)
  })
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

/** Applies a verified callback of the provider's mode; never throws (a failure is a 503). */
async function applyAndAnswer(
  container: MedusaContainer,
  invoice: VerifiedCallback["callback"]["data"],
  providerId: string,
  mode: PaycoreMode
): Promise<CallbackAnswer> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  if (invoice.type !== "payment-invoices") {
    // A payout invoice: applied to its payout (unknown references are acknowledged and ignored).
    try {
      return await answerPayoutCallback(container, invoice, providerId, mode)
    } catch (error) {
      if (error instanceof BusyError) return retryLater(BUSY)
      logger.error(`PayCore payout callback for ${invoice.id} could not be applied: ${(error as Error).message}`)
      return retryLater()
    }
  }

  let outcome: ApplyOutcome
  let detail: string | undefined
  try {
    const result = await applyPaymentInvoiceState(container, invoice, { source: "callback", providerId, mode })
    outcome = result.outcome
    detail = result.detail
  } catch (error) {
    if (error instanceof BusyError) return retryLater(BUSY)
    logger.error(`PayCore callback for ${invoice.id} could not be applied: ${(error as Error).message}`)
    return retryLater()
  }
  if (outcome === "wrong_mode")
    warnWrongModeOnce(logger, invoice.id, `PayCore: callback for ${invoice.id} ignored: ${detail}`)
  if (outcome === "retry") {
    logger.warn(`PayCore callback for ${invoice.id} will be retried by PayCore: ${detail}`)
    return retryLater(detail)
  }
  return { status: 200, body: { received: true, outcome } }
}
