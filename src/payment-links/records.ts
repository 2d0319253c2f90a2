import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { PAYCORE_MODULE, type PaycoreModuleService } from "../modules/paycore"
import type { PaycorePaymentLinkStatus } from "./types"
import type { PaymentLinkRecord } from "./view"

const service = (container: MedusaContainer) => container.resolve<PaycoreModuleService>(PAYCORE_MODULE)

/** The order's links, newest first. */
export async function listOrderPaymentLinks(container: MedusaContainer, orderId: string) {
  const rows = await service(container).listPaycorePaymentLinks(
    { order_id: orderId },
    { order: { created_at: "DESC" }, take: 200 }
  )
  return rows as unknown as PaymentLinkRecord[]
}

/** The link of a payment session, if that session is one. */
export async function findPaymentLink(container: MedusaContainer, sessionId: string) {
  const [row] = await service(container).listPaycorePaymentLinks({ session_id: sessionId }, { take: 1 })
  return row as unknown as PaymentLinkRecord | undefined
}

export async function retrievePaymentLink(container: MedusaContainer, sessionId: string) {
  const link = await findPaymentLink(container, sessionId)
  if (!link) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment link ${sessionId} was not found`)
  return link
}

export type PaymentLinkPatch = {
  status?: PaycorePaymentLinkStatus
  invoice_id?: string
  paid_at?: Date | null
  notified_at?: Date | null
}

export async function updatePaymentLink(container: MedusaContainer, id: string, patch: PaymentLinkPatch) {
  await service(container).updatePaycorePaymentLinks({ id, ...patch })
}
