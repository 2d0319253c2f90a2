import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"
import { PAYCORE_PROVIDER_ID_PATTERN } from "../../../accounts/provider-id"
import { PAYOUT_STATUSES } from "../../../payouts/statuses"

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

// ---------------------------------------------------------------------------------------------------------------
// Payouts and the status page
// ---------------------------------------------------------------------------------------------------------------


/** Parses a body or query with zod; a 400 naming each wrong field (`amount: must be greater than 0`) otherwise. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = "body"): z.output<S> {
  const result = schema.safeParse(value ?? {})
  if (!result.success) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      result.error.issues
        .slice(0, 10)
        .map((issue) => {
          if (issue.code === "unrecognized_keys") return `${[...issue.path, ""].join(".")}${issue.keys.join(", ")}: is not a known field`
          return `${issue.path.join(".") || what}: ${issue.message}`
        })
        .join("; ")
    )
  }
  return result.data
}

const payoutId = z.string().regex(/^pcpo_[A-Za-z0-9]+$/, "must be a payout id (pcpo_…)")

/** What an admin asks for in `POST /admin/paycore/payouts` (the workflow takes it as a PaycorePayoutRequest). */
export const payoutRequestSchema = z
  .object({
    service: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,100}$/, "must be a PayCore payout service code").optional(),
    amount: z.union([
      z.number().refine((value) => Number.isFinite(value), "must be a finite number"),
      z.string().trim().regex(/^\d+(\.\d+)?$/, "must be a decimal number such as 10.50").transform(Number),
    ]),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, "must be a 3-letter ISO 4217 currency code"),
    fields: z.record(
      z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be a PayCore field name"),
      z.union([z.string(), z.number()]).transform(String).pipe(z.string().max(255, "must be at most 255 characters"))
    ),
    order_id: z.string().regex(/^order_[A-Za-z0-9]+$/, "must be an order id (order_…)").optional(),
    customer_id: z.string().regex(/^cus_[A-Za-z0-9]+$/, "must be a customer id (cus_…)").optional(),
    description: z.string().trim().min(1).max(255).optional(),
    provider_id: z.string().regex(PAYCORE_PROVIDER_ID_PATTERN, "must be a PayCore provider id (pp_paycore_…)").optional(),
  })
  .strict()
  .refine((value) => value.amount > 0, { path: ["amount"], message: "must be greater than 0" })
  .refine((value) => Boolean(value.order_id || value.customer_id), {
    path: ["order_id"],
    message: "order_id or customer_id is required: a payout belongs to an order or a customer",
  })

export function payoutIdParam(value: unknown): string {
  const result = payoutId.safeParse(value)
  if (!result.success) throw new MedusaError(MedusaError.Types.INVALID_DATA, `id ${result.error.issues[0].message}`)
  return result.data
}

export const payoutListQuerySchema = z
  .object({
    order_id: z.string().regex(/^order_[A-Za-z0-9]+$/, "must be an order id (order_…)").optional(),
    customer_id: z.string().regex(/^cus_[A-Za-z0-9]+$/, "must be a customer id (cus_…)").optional(),
    status: z.enum(PAYOUT_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

export const payoutServicesQuerySchema = z
  .object({
    currency: z.string().regex(/^[A-Za-z]{3}$/, "must be a 3-letter ISO 4217 currency code"),
    provider_id: z.string().regex(PAYCORE_PROVIDER_ID_PATTERN, "must be a PayCore provider id (pp_paycore_…)").optional(),
  })
  .strict()

export const payoutApprovalSchema = z
  .object({
    /** The destination fields, re-entered by the approver. */
    fields: z.record(
      z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be a PayCore field name"),
      z.union([z.string(), z.number()]).transform(String).pipe(z.string().max(255, "must be at most 255 characters"))
    ),
  })
  .strict()

export const statusQuerySchema = z
  .object({
    provider_id: z.string().regex(PAYCORE_PROVIDER_ID_PATTERN, "must be a PayCore provider id (pp_paycore_…)").optional(),
  })
  .strict()
