import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { PAYCORE_MODULE } from "../../modules/paycore"
import type { PaycoreModuleService } from "../../modules/paycore/service"

export type PaycoreChargebackRow = {
  order_id: string
  display_id: number | null
  email: string | null
  invoice_id: string
  /** What PayCore says was charged back on the invoice (major units). */
  amount: number
  currency_code: string
  status: string
  /** PayCore's time of the last state (ISO 8601). */
  at: string
}

export type PaycoreChargebackList = {
  chargebacks: PaycoreChargebackRow[]
  count: number
  limit: number
  offset: number
}

/** Orders with a PayCore chargeback, the latest first (the admin order list's widget). */
export async function listChargebacks(
  container: MedusaContainer,
  { limit, offset }: { limit: number; offset: number }
): Promise<PaycoreChargebackList> {
  const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
  const [records, count] = await paycore.listAndCountPaycorePaymentInvoices(
    { charged_back_amount: { $gt: 0 }, order_id: { $ne: null } } as any,
    { order: { paycore_updated_at: "DESC" }, take: limit, skip: offset }
  )
  const orderIds = [...new Set(records.map((record) => record.order_id as string))]
  const { data: orders } = orderIds.length
    ? await container.resolve(ContainerRegistrationKeys.QUERY).graph({
        entity: "order",
        fields: ["id", "display_id", "email"],
        filters: { id: orderIds },
      })
    : { data: [] as any[] }
  const byId = new Map(orders.map((order: any) => [order.id as string, order]))
  return {
    chargebacks: records.map((record) => {
      const order = byId.get(record.order_id as string)
      return {
        order_id: record.order_id as string,
        display_id: order?.display_id ?? null,
        email: order?.email ?? null,
        invoice_id: record.invoice_id,
        amount: MathBN.convert(record.charged_back_amount as any).toNumber(),
        currency_code: record.currency_code,
        status: record.status,
        at: new Date(record.paycore_updated_at).toISOString(),
      }
    }),
    count,
    limit,
    offset,
  }
}
