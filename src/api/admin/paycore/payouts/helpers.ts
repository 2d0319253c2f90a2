import type { MedusaContainer } from "@medusajs/framework/types"
import type { MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { PAYCORE_MODULE } from "../../../../modules/paycore"
import type { PaycoreModuleService } from "../../../../modules/paycore/service"
import { payoutView } from "../../../../payouts/view"
import { PAYCORE_UNAVAILABLE } from "../../../../workflows/payouts"

export async function findPayoutView(container: MedusaContainer, id: string) {
  const [row] = await container.resolve<PaycoreModuleService>(PAYCORE_MODULE).listPaycorePayouts({ id }, { take: 1 })
  return row ? payoutView(row) : undefined
}

/**
 * Answers an error from a payout workflow (workflows hand errors over serialised): 409 with its message for a
 * conflict (Medusa's error handler would replace it), 502 when PayCore was unavailable, 400/404 otherwise; the
 * payout is included when one was recorded (e.g. `failed` after PayCore refused it).
 */
export async function answerPayoutError(
  res: MedusaResponse,
  container: MedusaContainer,
  error: any,
  payoutId?: string
) {
  const type = error?.type as string | undefined
  const message = String(error?.message ?? "The payout could not be processed")
  const payout = payoutId ? await findPayoutView(container, payoutId) : undefined
  if (type === MedusaError.Types.CONFLICT) {
    res.status(409).json({ type: "conflict", message, ...(payout ? { payout } : {}) })
    return
  }
  if (error?.code === PAYCORE_UNAVAILABLE) {
    res.status(502).json({ type: PAYCORE_UNAVAILABLE, message, ...(payout ? { payout } : {}) })
    return
  }
  if (payout && (type === MedusaError.Types.INVALID_DATA || type === MedusaError.Types.NOT_ALLOWED)) {
    res.status(400).json({ type: "invalid_data", message, payout })
    return
  }
  if (type && Object.values(MedusaError.Types).includes(type as any)) throw new MedusaError(type, message)
  throw error
}
