import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import type { PaycoreWebhookActionResult } from "../providers/paycore/core/paycore-base"
import { PAYCORE_CALLBACK_REJECTED } from "../providers/paycore/core/paycore-base"
import { PAYCORE_MODULE } from "../modules/paycore"
import type { PaycoreModuleService } from "../modules/paycore/service"
import { applyPaymentInvoiceState, type ApplyOutcome } from "./apply-payment-invoice"
import { answerPayoutCallback } from "./apply-payout-invoice"
import { inProcessQueue } from "./invoice-lock"

export type CallbackAnswer = { status: number; body: Record<string, unknown> }

const PROVIDER_PREFIX = "pp_paycore_"
const PROVIDER_CACHE_MS = 60_000
let providerCache: { ids: string[]; at: number } | undefined

/**
 * From the raw bytes PayCore POSTed to the answer it gets. The signature is verified first, by the
 * provider (the same code Medusa's built-in webhook route uses), with each registered PayCore provider's
 * keys. 200 only once the change is applied; 401 for a bad signature; 5xx for a passing failure so that
 * PayCore sends the callback again.
 */
export async function handlePaycoreCallback(
  container: MedusaContainer,
  raw: Buffer,
  headers: Record<string, unknown>
): Promise<CallbackAnswer> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const paymentModule = container.resolve(Modules.PAYMENT)

  let verified: PaycoreWebhookActionResult | undefined
  let verifiedBy: string | undefined
  let rejection: { status: number; message: string } | undefined
  for (const provider of await paycoreProviderIds(container)) {
    try {
      verified = (await paymentModule.getWebhookActionAndData({
        provider,
        payload: { data: {}, rawData: raw, headers },
      })) as PaycoreWebhookActionResult
      verifiedBy = provider
      break
    } catch (error) {
      const message = (error as Error).message ?? ""
      if (!message.includes(PAYCORE_CALLBACK_REJECTED)) throw error
      const status = (error as MedusaError).type === MedusaError.Types.UNAUTHORIZED ? 401 : 400
      // A signed but unreadable body outranks "signature does not match another provider's key".
      if (!rejection || status === 400) rejection = { status, message: message.replace(`${PAYCORE_CALLBACK_REJECTED}: `, "") }
    }
  }
  if (!verified) {
    const answer = rejection ?? { status: 401, message: "no PayCore payment provider is registered" }
    warnRefusal(logger, `PayCore callback refused (${answer.status}): ${answer.message}`)
    await recordRefusal(container, raw, answer.message)
    return { status: answer.status, body: { error: answer.status === 401 ? "unauthorized" : "invalid_callback", message: answer.message } }
  }

  const invoice = verified.paycore.invoice
  if (invoice.type !== "payment-invoices") {
    // A payout invoice: applied to its payout (unknown references are acknowledged and ignored).
    return await answerPayoutCallback(container, invoice, verifiedBy)
  }

  let outcome: ApplyOutcome
  let detail: string | undefined
  try {
    const result = await applyPaymentInvoiceState(container, invoice, { source: "callback", providerId: verifiedBy })
    outcome = result.outcome
    detail = result.detail
  } catch (error) {
    logger.error(`PayCore callback for ${invoice.id} could not be applied: ${(error as Error).message}`)
    return { status: 503, body: { error: "retry_later", message: "the callback could not be applied yet" } }
  }
  if (outcome === "retry") {
    logger.warn(`PayCore callback for ${invoice.id} will be retried by PayCore: ${detail}`)
    return { status: 503, body: { error: "retry_later", message: detail ?? "the callback could not be applied yet" } }
  }
  return { status: 200, body: { received: true, outcome } }
}

/**
 * A flood of forged callbacks must not become a flood of log lines: the first refusals of each minute are
 * logged in full, the rest are counted and summed up in one line when the next minute starts.
 */
const REFUSALS_LOGGED_PER_MINUTE = 10
let refusalWindow = { startedAt: 0, logged: 0, suppressed: 0 }

function warnRefusal(logger: { warn(message: string): void }, message: string) {
  const now = Date.now()
  if (now - refusalWindow.startedAt >= 60_000) {
    if (refusalWindow.suppressed > 0) {
      logger.warn(`PayCore: ${refusalWindow.suppressed} more callbacks were refused in the previous minute (not logged one by one)`)
    }
    refusalWindow = { startedAt: now, logged: 0, suppressed: 0 }
  }
  if (refusalWindow.logged < REFUSALS_LOGGED_PER_MINUTE) {
    refusalWindow.logged += 1
    logger.warn(message)
  } else {
    refusalWindow.suppressed += 1
  }
}

/**
 * Refused callbacks an admin should see: only those naming an invoice we know, and at most 20 per invoice per
 * server instance, so a flood of forgeries cannot fill the database.
 */
const MAX_REFUSALS_KEPT_PER_INVOICE = 20

async function recordRefusal(container: MedusaContainer, raw: Buffer, reason: string): Promise<void> {
  let claimed: any
  try {
    claimed = JSON.parse(raw.toString("utf8"))?.data
  } catch {
    return
  }
  const invoiceId = typeof claimed?.id === "string" ? claimed.id : undefined
  if (!invoiceId || !/^cpi_[A-Za-z0-9]+$/.test(invoiceId)) return
  // One at a time per invoice, so that a flood cannot overshoot the cap (per server instance).
  await inProcessQueue(`paycore:refusal:${invoiceId}`, () => keepRefusal(container, invoiceId, claimed, reason))
}

async function keepRefusal(container: MedusaContainer, invoiceId: string, claimed: any, reason: string): Promise<void> {
  try {
    const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
    const [known] = await paycore.listPaycorePaymentInvoices({ invoice_id: invoiceId }, { select: ["id", "test_mode"] })
    if (!known) return
    const kept = await paycore.listPaycoreCallbacks(
      { invoice_id: invoiceId, signature: "refused" },
      { select: ["id"], take: MAX_REFUSALS_KEPT_PER_INVOICE }
    )
    if (kept.length >= MAX_REFUSALS_KEPT_PER_INVOICE) return
    const status = typeof claimed?.attributes?.status === "string" ? claimed.attributes.status.slice(0, 64) : "unknown"
    await paycore.createPaycoreCallbacks({
      invoice_id: invoiceId,
      invoice_type: "payment-invoices",
      status,
      paycore_updated_at: null,
      test_mode: known.test_mode,
      signature: "refused",
      source: "callback",
      outcome: "refused",
      detail: reason.slice(0, 255),
    })
  } catch (error) {
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`PayCore: could not record a refused callback: ${(error as Error).message}`)
  }
}

/** The ids of the registered PayCore providers (a store may run several PayCore accounts). */
async function paycoreProviderIds(container: MedusaContainer): Promise<string[]> {
  if (providerCache && Date.now() - providerCache.at < PROVIDER_CACHE_MS) return providerCache.ids
  const providers = await container.resolve(Modules.PAYMENT).listPaymentProviders({}, { take: 200 })
  const ids = providers.map((provider) => provider.id).filter((id) => id.startsWith(PROVIDER_PREFIX))
  providerCache = { ids, at: Date.now() }
  return ids
}
