import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, Modules } from "@medusajs/framework/utils"
import type { PaycorePaymentInvoice } from "../../lib/paycore"
import { PAYCORE_MODULE } from "../../modules/paycore"
import type { PaycoreModuleService } from "../../modules/paycore/service"
import {
  ORDER_CHARGEBACK_FLAG,
  recordPaycoreChargebackWorkflow,
  type OrderChargebackFlag,
} from "../../workflows/after-payment"

/**
 * A chargeback flags the order and emits `paycore.payment.charged_back`, once per new charged-back amount of the
 * invoice: "new" means more than the invoice's last applied state said (this runs under the invoice's lock, before
 * that record is updated) and more than the order's flag already shows for the invoice (a crash between the two).
 * Answers an error message when it should be tried again.
 */
export async function recordChargeback(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  paymentId: string | undefined,
  orderId: string | undefined
): Promise<string | undefined> {
  const attributes = invoice.attributes
  const amount = attributes.charged_back_amount
  if (!orderId || !paymentId || amount === null || amount === undefined || !MathBN.gt(amount, 0)) return undefined

  const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
  const [record] = await paycore.listPaycorePaymentInvoices({ invoice_id: invoice.id }, { take: 1 })
  if (record?.charged_back_amount !== null && record?.charged_back_amount !== undefined) {
    if (MathBN.gte(record.charged_back_amount as any, amount)) return undefined
  }
  const order = await container.resolve(Modules.ORDER).retrieveOrder(orderId, { select: ["id", "metadata"] })
  const shown = (order.metadata as Record<string, any> | null)?.[ORDER_CHARGEBACK_FLAG] as
    OrderChargebackFlag | undefined
  if (shown?.invoice_id === invoice.id && MathBN.gte(shown.amount, amount)) return undefined

  const flag: OrderChargebackFlag = {
    amount,
    currency: attributes.currency.toUpperCase(),
    status: attributes.status,
    at: (attributes.updated ? new Date(attributes.updated * 1000) : new Date()).toISOString(),
    invoice_id: invoice.id,
    payment_id: paymentId,
  }
  try {
    await recordPaycoreChargebackWorkflow(container).run({ input: { order_id: orderId, flag } })
  } catch (error) {
    return `the chargeback was not recorded on order ${orderId}: ${(error as Error).message}`
  }
  container
    .resolve(ContainerRegistrationKeys.LOGGER)
    .warn(`PayCore: order ${orderId} was charged back (${amount} ${flag.currency}, invoice ${invoice.id})`)
  return undefined
}

/** The order a payment collection belongs to (none for a collection of a cart that never became an order). */
export async function orderOfCollection(
  container: MedusaContainer,
  paymentCollectionId: string | undefined
): Promise<string | undefined> {
  if (!paymentCollectionId) return undefined
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order_payment_collection",
    fields: ["order_id"],
    filters: { payment_collection_id: paymentCollectionId },
  })
  return (data[0] as { order_id?: string } | undefined)?.order_id
}
