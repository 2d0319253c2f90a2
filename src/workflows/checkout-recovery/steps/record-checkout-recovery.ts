import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { paycoreAccount } from "../../../accounts"
import { PAYCORE_MODULE, type PaycoreModuleService } from "../../../modules/paycore"
import { expiryFor } from "../../../payment-links/rules"
import type { PaycoreSessionData } from "../../../providers/paycore/session-data"
import type { CheckoutRecoveryCreatedEventData } from "../types"

export type RecordCheckoutRecoveryInput = {
  recovery_id: string
  cart_id: string
  provider_id: string
  email: string
  failed_invoice_id: string
  session: { id: string; currency_code: string; data?: Record<string, unknown> | null }
}

export const recordCheckoutRecoveryStepId = "record-paycore-checkout-recovery"
/**
 * Writes the fresh session's link on the claimed recovery and answers the notification's data. Compensation: the
 * recovery is claimed again without a link (the job then records the attempt as failed).
 */
export const recordCheckoutRecoveryStep = createStep(
  recordCheckoutRecoveryStepId,
  async (input: RecordCheckoutRecoveryInput, { container }) => {
    const data = (input.session.data ?? {}) as Partial<PaycoreSessionData>
    const lifetime = paycoreAccount(container, input.provider_id)?.options.invoiceLifetimeMinutes ?? 0
    const expiresAt = expiryFor(new Date(), lifetime)
    const url = data.hpp_url ?? ""
    await container.resolve<PaycoreModuleService>(PAYCORE_MODULE).updatePaycoreCheckoutRecoveries({
      id: input.recovery_id,
      status: "created",
      session_id: input.session.id,
      url,
      expires_at: expiresAt,
      email: input.email,
    })
    const created: CheckoutRecoveryCreatedEventData = {
      recovery_id: input.recovery_id,
      cart_id: input.cart_id,
      email: input.email,
      session_id: input.session.id,
      failed_invoice_id: input.failed_invoice_id,
      // The invoice's own amount (major units, rounded to the currency's digits).
      amount: data.amount ?? 0,
      currency_code: input.session.currency_code,
      url,
      expires_at: expiresAt ? expiresAt.toISOString() : null,
    }
    return new StepResponse(created, input.recovery_id)
  },
  async (recoveryId, { container }) => {
    if (!recoveryId) return
    await container.resolve<PaycoreModuleService>(PAYCORE_MODULE).updatePaycoreCheckoutRecoveries({
      id: recoveryId,
      status: "claimed",
      session_id: null,
      url: null,
      expires_at: null,
    })
  }
)
