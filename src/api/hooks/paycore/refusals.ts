import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { inProcessQueue, QueueFullError } from "../../../apply-once"
import { PAYCORE_MODULE } from "../../../modules/paycore"
import type { PaycoreModuleService } from "../../../modules/paycore/service"

/**
 * A flood of forged callbacks must not become a flood of log lines: the first refusals of each minute are
 * logged in full, the rest are counted and summed up in one line when the next minute starts.
 */
const REFUSALS_LOGGED_PER_MINUTE = 10
let refusalWindow = { startedAt: 0, logged: 0, suppressed: 0 }

export function warnRefusal(logger: { warn(message: string): void }, message: string) {
  const now = Date.now()
  if (now - refusalWindow.startedAt >= 60_000) {
    if (refusalWindow.suppressed > 0) {
      logger.warn(
        `PayCore: ${refusalWindow.suppressed} more callbacks were refused in the previous minute (not logged one by one)`
      )
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

/** Database look-ups for refused callbacks per minute and process: past it, refusals cost no query at all. */
const REFUSAL_LOOKUPS_PER_MINUTE = 60
/** Invoices whose refusal log needs no look-up any more: full, or not an invoice of this store. */
const settled = new Set<string>()
const SETTLED_MAX = 10_000
let lookupWindow = { startedAt: 0, used: 0 }

/**
 * Whether recording a refusal for this invoice may query the database now: never for an invoice whose refusal log
 * is full (or that is not ours), and at most REFUSAL_LOOKUPS_PER_MINUTE times a minute in all, so a flood of
 * forgeries, even naming a fresh invoice id each time, costs memory and CPU only.
 */
export function refusalLookupAllowed(invoiceId: string, now = Date.now()): boolean {
  if (settled.has(invoiceId)) return false
  if (now - lookupWindow.startedAt >= 60_000) lookupWindow = { startedAt: now, used: 0 }
  if (lookupWindow.used >= REFUSAL_LOOKUPS_PER_MINUTE) return false
  lookupWindow.used += 1
  return true
}

/** No more look-ups for this invoice in this process. */
export function settleRefusals(invoiceId: string): void {
  if (settled.size >= SETTLED_MAX) settled.clear()
  settled.add(invoiceId)
}

export async function recordRefusal(container: MedusaContainer, raw: Buffer, reason: string): Promise<void> {
  let claimed: any
  try {
    claimed = JSON.parse(raw.toString("utf8"))?.data
  } catch {
    return
  }
  const invoiceId = typeof claimed?.id === "string" ? claimed.id : undefined
  if (!invoiceId || !/^cpi_[A-Za-z0-9]+$/.test(invoiceId)) return
  if (!refusalLookupAllowed(invoiceId)) return
  // One at a time per invoice, so that a flood cannot overshoot the cap (per server instance); a full queue drops it.
  await inProcessQueue(`paycore:refusal:${invoiceId}`, () => keepRefusal(container, invoiceId, claimed, reason)).catch(
    (error) => {
      if (!(error instanceof QueueFullError)) throw error
    }
  )
}

async function keepRefusal(container: MedusaContainer, invoiceId: string, claimed: any, reason: string): Promise<void> {
  try {
    const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
    const [known] = await paycore.listPaycorePaymentInvoices({ invoice_id: invoiceId }, { select: ["id", "test_mode"] })
    if (!known) return settleRefusals(invoiceId)
    const kept = await paycore.listPaycoreCallbacks(
      { invoice_id: invoiceId, signature: "refused" },
      { select: ["id"], take: MAX_REFUSALS_KEPT_PER_INVOICE }
    )
    if (kept.length >= MAX_REFUSALS_KEPT_PER_INVOICE) return settleRefusals(invoiceId)
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
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`PayCore: could not record a refused callback: ${(error as Error).message}`)
  }
}

/** Invoices already warned about as the other mode's (bounded: a flood cannot grow it without limit). */
const wrongModeWarned = new Set<string>()
const WRONG_MODE_WARNED_MAX = 10_000

/** One warning per invoice for callbacks of the other mode: PayCore resends each up to 100 times. */
export function warnWrongModeOnce(logger: { warn(message: string): void }, invoiceId: string, message: string) {
  if (wrongModeWarned.has(invoiceId)) return
  if (wrongModeWarned.size >= WRONG_MODE_WARNED_MAX) wrongModeWarned.clear()
  wrongModeWarned.add(invoiceId)
  warnRefusal(logger, message)
}
