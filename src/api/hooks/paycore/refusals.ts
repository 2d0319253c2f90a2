import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { inProcessQueue } from "../../../apply-once"
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

export async function recordRefusal(container: MedusaContainer, raw: Buffer, reason: string): Promise<void> {
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
