import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"

export type OpenPaymentCollectionInput = {
  order_id: string
  /** What Medusa's create-or-update workflow answered; only orders this step after it. */
  after?: unknown
}

export const openPaymentCollectionStepId = "find-open-order-payment-collection"
/**
 * The order's open payment collection (`not_paid` or `awaiting`) that Medusa's create-or-update workflow just left
 * for the outstanding amount: the newest one. Reads only: nothing to compensate.
 */
export const openPaymentCollectionStep = createStep(
  openPaymentCollectionStepId,
  async (input: OpenPaymentCollectionInput, { container }) => {
    const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
      entity: "order",
      fields: ["payment_collections.id", "payment_collections.status", "payment_collections.created_at"],
      filters: { id: input.order_id },
    })
    const open = (((data[0] as any)?.payment_collections ?? []) as any[])
      .filter((collection) => collection && ["not_paid", "awaiting"].includes(collection.status))
      .sort((a, b) => new Date(b.created_at).getTime() - new Date(a.created_at).getTime())[0]
    if (!open) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `Order ${input.order_id} has no open payment collection for its outstanding amount`
      )
    }
    return new StepResponse(open.id as string)
  }
)
