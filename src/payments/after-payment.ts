import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { PaycorePaymentInvoice } from "../lib/paycore"
import type { ApplyResult } from "./outcomes"

/**
 * Refunds and chargebacks happen after the order exists. Medusa has no place for PayCore's view of them, so
 * the payment's `data` gets PayCore's status and amounts (the admin widget shows them); a failed refund is
 * logged as an error because the shop believes the money went back.
 */
export async function recordAfterPayment(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  session: any,
  kind: "refund" | "chargeback"
): Promise<ApplyResult> {
  const attributes = invoice.attributes
  const paymentModule = container.resolve(Modules.PAYMENT)
  if (session.payment?.id) {
    const [payment] = await paymentModule.listPayments({ id: session.payment.id }, { select: ["id", "data"] })
    await paymentModule.updatePayment({
      id: session.payment.id,
      data: {
        ...(payment?.data ?? {}),
        paycore_status: attributes.status,
        paycore_updated: attributes.updated ?? null,
        refunded_amount: attributes.refunded_amount ?? null,
        charged_back_amount: attributes.charged_back_amount ?? null,
      },
    } as any)
  }
  if (attributes.status === "refund_failed") {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .error(`PayCore: a refund of invoice ${invoice.id} failed at PayCore; the customer has not been refunded`)
    return { outcome: "refund_failed", detail: attributes.resolution ?? undefined }
  }
  if (kind === "chargeback") {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(
        `PayCore: invoice ${invoice.id} was charged back (${attributes.charged_back_amount ?? "?"} ${attributes.currency})`
      )
    return {
      outcome: "chargeback_recorded",
      detail: `${attributes.status}: ${attributes.charged_back_amount ?? "?"} ${attributes.currency}`,
    }
  }
  return {
    outcome: "refund_recorded",
    detail: `${attributes.status}: ${attributes.refunded_amount ?? 0} ${attributes.currency} refunded`,
  }
}
