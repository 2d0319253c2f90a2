import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"

const orderId = z.string().regex(/^order_[A-Za-z0-9]+$/, "must be an order id (order_…)")

/** Route parameters are input too: a malformed id gets a 400 naming it, before any query runs. */
export function orderIdParam(value: unknown): string {
  const result = orderId.safeParse(value)
  if (!result.success) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `id ${result.error.issues[0].message}`)
  }
  return result.data
}

export const orphanListQuerySchema = z.object({
  status: z.enum(["open", "refund_requested", "refunded", "refund_failed"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
