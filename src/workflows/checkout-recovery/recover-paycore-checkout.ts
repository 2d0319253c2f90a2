import { WorkflowResponse, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import { createPaymentSessionsWorkflow, emitEventStep } from "@medusajs/medusa/core-flows"
import { RECOVERY_SESSION_CONTEXT_KEY } from "../../checkout-recovery/rules"
import { recordCheckoutRecoveryStep } from "./steps"
import { CHECKOUT_RECOVERY_CREATED_EVENT } from "./types"

export type RecoverPaycoreCheckoutInput = {
  /** The claimed `paycore_checkout_recovery` record. */
  recovery_id: string
  cart_id: string
  payment_collection_id: string
  provider_id: string
  email: string
  failed_invoice_id: string
  /** The fresh session's data (src/checkout-recovery/rules.ts, freshSessionData). */
  data: Record<string, unknown>
}

export const recoverPaycoreCheckoutWorkflowId = "recover-paycore-checkout"
/**
 * A fresh PayCore payment link for a cart whose payment failed or expired: a new session on the cart's payment
 * collection, as at checkout (its invoice's reference is the session, its lifetime the provider's option; Medusa
 * deletes the failed session), recorded on the recovery, then `paycore.checkout_recovery.created` for the
 * notification. Paying it takes the existing callback path, which completes the cart. The event leaves when the
 * workflow ends, after the recovery is `created`: a recovery still `claimed` has sent nothing.
 */
export const recoverPaycoreCheckoutWorkflow = createWorkflow(
  recoverPaycoreCheckoutWorkflowId,
  function (input: RecoverPaycoreCheckoutInput) {
    const sessionInput = transform({ input }, ({ input }) => ({
      payment_collection_id: input.payment_collection_id,
      provider_id: input.provider_id,
      data: input.data,
      // Stored on the session: if this run dies before it ends, the next one knows the session is no customer's.
      context: { [RECOVERY_SESSION_CONTEXT_KEY]: input.recovery_id },
    }))
    const session = createPaymentSessionsWorkflow.runAsStep({ input: sessionInput })
    const recordInput = transform({ input, session }, ({ input, session }) => ({
      recovery_id: input.recovery_id,
      cart_id: input.cart_id,
      provider_id: input.provider_id,
      email: input.email,
      failed_invoice_id: input.failed_invoice_id,
      session: session as any,
    }))
    const created = recordCheckoutRecoveryStep(recordInput)
    emitEventStep({ eventName: CHECKOUT_RECOVERY_CREATED_EVENT, data: created })
    return new WorkflowResponse(created)
  }
)
