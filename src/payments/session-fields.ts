import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules, PaymentSessionStatus } from "@medusajs/framework/utils"

export function metadataString(metadata: unknown, key: string): string | null {
  const value = metadata && typeof metadata === "object" ? (metadata as Record<string, unknown>)[key] : undefined
  return typeof value === "string" ? value : null
}

/** Sets an unpaid session's status (and our status fields in its data); a paid session is never touched. */
export async function markUnpaidSession(
  container: MedusaContainer,
  session: any,
  status: PaymentSessionStatus,
  data: Record<string, unknown>
): Promise<boolean> {
  if (
    session.payment?.id ||
    session.status === PaymentSessionStatus.AUTHORIZED ||
    session.status === PaymentSessionStatus.CAPTURED
  ) {
    return false
  }
  // The provider's updatePayment keeps the invoice when amount and currency are unchanged.
  await container.resolve(Modules.PAYMENT).updatePaymentSession({
    id: session.id,
    amount: session.amount,
    currency_code: session.currency_code,
    data: { ...(session.data ?? {}), ...data },
    status,
  })
  return true
}
