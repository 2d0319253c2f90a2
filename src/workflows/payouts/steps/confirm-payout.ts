import { MedusaError } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { paycoreAccount } from "../../../accounts"
import { withInvoiceLock } from "../../../apply-once"
import {
  isPaycoreError,
  maskCardNumbersInText,
  type PaycoreClient,
  type PaycorePayoutInvoice,
} from "../../../lib/paycore"
import { PAYCORE_MODULE } from "../../../modules/paycore"
import type { PaycoreModuleService } from "../../../modules/paycore/service"
import { payoutInvoiceLockKey } from "../../../payouts/apply-payout-state"
import { historyColumn, historyEntry, readHistory } from "../../../payouts/history"
import { PAYCORE_UNAVAILABLE, conflict } from "./sealed"

export const confirmPaycorePayoutStepId = "confirm-paycore-payout"
/**
 * `POST /api/payout-invoices/{id}/process`, once per payout (a lock per payout: two admins pressing Confirm at once
 * send it once). When PayCore refuses it, the payout is read again: if PayCore has moved it on already (confirmed by
 * someone else, or processing by itself), that state is the answer; otherwise PayCore's reason is. Who confirmed
 * is recorded. No compensation: a confirmation PayCore accepted cannot be taken back.
 */
export const confirmPaycorePayoutStep = createStep(
  confirmPaycorePayoutStepId,
  async (
    input: { payout_id: string; invoice_id: string; provider_id: string; confirmed_by: string },
    { container }
  ) => {
    const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
    const client = paycoreAccount(container, input.provider_id)!.client
    const invoice = await withInvoiceLock(container, `paycore:payout:${input.payout_id}`, async () => {
      const [payout] = await paycore.listPaycorePayouts({ id: input.payout_id }, { take: 1 })
      if (payout?.confirmed_by) {
        throw conflict(`Payout ${input.payout_id} was already confirmed at PayCore`)
      }
      if (payout?.status !== "created") {
        throw conflict(`Payout ${input.payout_id} is ${payout?.status ?? "gone"}, no longer waiting for a confirmation`)
      }
      const answer = await confirmAtPaycore(client, input.invoice_id)
      // PayCore's callbacks for the payout may already be arriving: written under their lock, on a fresh read.
      await withInvoiceLock(container, payoutInvoiceLockKey(input.invoice_id), async () => {
        const [current] = await paycore.listPaycorePayouts({ id: input.payout_id }, { take: 1 })
        await paycore.updatePaycorePayouts({
          id: input.payout_id,
          confirmed_by: input.confirmed_by,
          status_history: historyColumn([
            ...readHistory(current ?? payout),
            historyEntry("confirmed", "admin", { actor: input.confirmed_by }),
          ]),
        })
      })
      return answer
    })
    return new StepResponse(invoice)
  }
)

async function confirmAtPaycore(client: PaycoreClient, invoiceId: string): Promise<PaycorePayoutInvoice> {
  try {
    return await client.confirmPayoutInvoice(invoiceId)
  } catch (error) {
    const message = maskCardNumbersInText((error as Error).message ?? String(error))
    const current = await client.getPayoutInvoice(invoiceId).catch(() => null)
    if (current && current.attributes.status !== "created") return current
    if (!isPaycoreError(error) || (error as any).retryable !== false) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `PayCore did not confirm the payout: ${message}`,
        PAYCORE_UNAVAILABLE
      )
    }
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `PayCore refused the confirmation: ${message}`)
  }
}
