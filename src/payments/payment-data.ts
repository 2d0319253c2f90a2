import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/**
 * The plugin's writes to a Medusa payment's `data`, each one statement in PostgreSQL.
 *
 * Medusa's own refund writes `data` whole (the provider's refundPayment answer, with the new entry of
 * `paycore_refunds`), and PayCore's refund callback for that same refund can arrive while it does. A read, then a
 * whole-object write through the payment module, could then put back the list without the new refund. Here the
 * plugin's keys are merged onto whatever the row holds at that moment (`||` on jsonb), so no other key is touched.
 * The payment module has no such partial update, hence SQL on its `payment` table.
 */
export async function mergePaymentData(
  container: MedusaContainer,
  paymentId: string,
  patch: Record<string, unknown>
): Promise<void> {
  await knex(container).raw(
    `update "payment" set "data" = coalesce("data", '{}'::jsonb) || ?::jsonb, "updated_at" = now() where "id" = ?`,
    [JSON.stringify(patch), paymentId]
  )
}

const knex = (container: MedusaContainer) => container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
