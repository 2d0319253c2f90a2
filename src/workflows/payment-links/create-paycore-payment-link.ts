import {
  createOrUpdateOrderPaymentCollectionWorkflow,
  createPaymentSessionsWorkflow,
  emitEventStep,
} from "@medusajs/medusa/core-flows"
import { WorkflowResponse, createWorkflow, transform, when } from "@medusajs/framework/workflows-sdk"
import { PAYMENT_LINK_CREATED_EVENT } from "../../payment-links/types"
import { paymentLinkView } from "../../payment-links/view"
import { openPaymentCollectionStep, preparePaymentLinkStep, recordPaymentLinkStep } from "./steps"

export type CreatePaycorePaymentLinkInput = {
  order_id: string
  /** The PayCore provider (`pp_paycore_…`); may be left out when the store has one. */
  provider_id?: string
  /** Emit `paycore.payment_link.created` so that the customer is sent the link. */
  notify: boolean
  /** The admin user who asks (`req.auth_context.actor_id`), kept on a new link; a reused link keeps its own. */
  created_by?: string | null
}

export const createPaycorePaymentLinkWorkflowId = "create-paycore-payment-link"

/**
 * A PayCore payment link for what an order still owes: Medusa's order payment collection for the outstanding
 * amount (created or updated), a PayCore payment session on it (its invoice's reference is the session id, as at
 * checkout) and the link's record. An unpaid, unexpired link for the same amount is returned (and re-sent) instead.
 * Paying it is applied by the callback route and reconciliation (src/payment-links/paid.ts).
 */
export const createPaycorePaymentLinkWorkflow = createWorkflow(
  createPaycorePaymentLinkWorkflowId,
  function (input: CreatePaycorePaymentLinkInput) {
    const prepared = preparePaymentLinkStep({ order_id: input.order_id, provider_id: input.provider_id })

    const recorded = when("paycore-payment-link-is-new", { prepared }, ({ prepared }) => !prepared.reusable).then(
      () => {
        const collections = createOrUpdateOrderPaymentCollectionWorkflow.runAsStep({
          input: { order_id: input.order_id },
        })
        const collectionId = openPaymentCollectionStep({ order_id: input.order_id, after: collections })
        const sessionInput = transform({ collectionId, prepared }, ({ collectionId, prepared }) => ({
          payment_collection_id: collectionId,
          provider_id: prepared.provider_id,
          // Marks the session as this order's payment link (providers/paycore/session-data.ts).
          data: { paycore_order_id: prepared.order_id, ...(prepared.email ? { email: prepared.email } : {}) },
        }))
        const session = createPaymentSessionsWorkflow.runAsStep({ input: sessionInput })
        return recordPaymentLinkStep({ prepared, session: session as any, created_by: input.created_by })
      }
    )

    const link = transform({ prepared, recorded }, ({ prepared, recorded }) =>
      paymentLinkView((recorded ?? prepared.reusable)!)
    )

    when("paycore-payment-link-notify", { input }, ({ input }) => input.notify).then(() => {
      const data = transform({ link, prepared }, ({ link, prepared }) => ({
        payment_link: link,
        email: prepared.email,
        requested_at: new Date().toISOString(),
      }))
      emitEventStep({ eventName: PAYMENT_LINK_CREATED_EVENT, data })
    })

    return new WorkflowResponse(link)
  }
)
