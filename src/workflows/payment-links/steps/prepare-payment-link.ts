import type { BigNumberInput } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, MathBN } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { paycoreAccount } from "../../../accounts"
import { listOrderPaymentLinks } from "../../../payment-links/records"
import { outstandingAmount, reusableLink } from "../../../payment-links/rules"
import type { PaymentLinkRecord } from "../../../payment-links/view"

export type PreparePaymentLinkInput = { order_id: string; provider_id?: string }

export type PreparedPaymentLink = {
  order_id: string
  display_id: number | null
  email: string | null
  currency_code: string
  /** What the order owes, as Medusa's raw value. */
  amount: BigNumberInput
  provider_id: string
  /** An unpaid, unexpired link for this very amount: sent again instead of a new invoice. */
  reusable: PaymentLinkRecord | null
}

const OPEN_COLLECTION = ["not_paid", "awaiting"]

export const preparePaymentLinkStepId = "prepare-paycore-payment-link"
/**
 * Reads the order and what it owes, refuses (404 unknown order, 400 nothing outstanding or not a PayCore provider)
 * and finds a link that can be reused. Reads only: nothing to compensate.
 */
export const preparePaymentLinkStep = createStep(
  preparePaymentLinkStepId,
  async (input: PreparePaymentLinkInput, { container }) => {
    const account = paycoreAccount(container, input.provider_id)
    if (!account) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        input.provider_id
          ? `provider_id: ${input.provider_id} is not a PayCore provider of this store`
          : "provider_id: this store has several PayCore providers; name one"
      )
    }
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: orders } = await query.graph({
      entity: "order",
      fields: [
        "id",
        "display_id",
        "email",
        "status",
        "currency_code",
        "summary",
        "payment_collections.id",
        "payment_collections.status",
        "payment_collections.payment_sessions.id",
        "payment_collections.payment_sessions.status",
      ],
      filters: { id: input.order_id },
    })
    const order = orders[0] as any
    if (!order) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id: ${input.order_id} was not found`)
    if (order.status === "canceled") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Order #${order.display_id} is canceled: nothing to pay`)
    }
    const amount = outstandingAmount(order.summary)
    if (amount === null) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Order #${order.display_id} has no outstanding amount (summary.pending_difference is ` +
          `${MathBN.convert(order.summary?.pending_difference ?? 0).toString()}): there is nothing to request`
      )
    }
    // A link can be sent again only while its session is still the open collection's pending session.
    const openSessions = new Map<string, string>()
    for (const collection of order.payment_collections ?? []) {
      if (!OPEN_COLLECTION.includes(collection?.status)) continue
      for (const session of collection.payment_sessions ?? []) {
        if (session?.status === "pending") openSessions.set(session.id, collection.id)
      }
    }
    const links = (await listOrderPaymentLinks(container, order.id)).filter((link) => openSessions.has(link.session_id))
    const reusable =
      links
        .map((link) =>
          reusableLink(
            [link],
            {
              amount,
              currency_code: order.currency_code,
              provider_id: account.providerId,
              payment_collection_id: openSessions.get(link.session_id)!,
            },
            new Date(),
            account.options.currencyDecimals
          )
        )
        .find(Boolean) ?? null
    const prepared: PreparedPaymentLink = {
      order_id: order.id,
      display_id: order.display_id ?? null,
      email: order.email ?? null,
      currency_code: order.currency_code,
      amount,
      provider_id: account.providerId,
      reusable,
    }
    return new StepResponse(prepared)
  }
)
