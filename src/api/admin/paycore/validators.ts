import { createHash } from "node:crypto"
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"
import { PAYCORE_PROVIDER_ID_PATTERN } from "../../../accounts/provider-id"
import { PAYOUT_STATUSES } from "../../../payouts/statuses"

const orderId = z.string().regex(/^order_[A-Za-z0-9]+$/, "must be an order id (order_…)")
const providerId = z.string().regex(PAYCORE_PROVIDER_ID_PATTERN, "must be a PayCore provider id (pp_paycore_…)")
const customerId = z.string().regex(/^cus_[A-Za-z0-9]+$/, "must be a customer id (cus_…)")

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

export const chargebackListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
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
          if (issue.code === "unrecognized_keys")
            return `${[...issue.path, ""].join(".")}${issue.keys.join(", ")}: is not a known field`
          return `${issue.path.join(".") || what}: ${issue.message}`
        })
        .join("; ")
    )
  }
  return result.data
}

/** `Idempotency-Key`: 1 to 255 visible ASCII characters (a UUID per form is what the admin sends). */
export function idempotencyKeyHeader(value: unknown): string | undefined {
  if (value === undefined) return undefined
  const text = Array.isArray(value) ? value[0] : value
  if (typeof text !== "string" || !/^[\x21-\x7e]{1,255}$/.test(text)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Idempotency-Key: must be 1 to 255 visible ASCII characters")
  }
  return text
}

/** The payout a key makes: derived from the admin and the key, so a repeat finds it (and PayCore dedupes its reference). */
export function payoutIdForKey(actor: string | null, key: string): string {
  const digest = createHash("sha256")
    .update(`${actor ?? ""}\u0000${key}`)
    .digest("base64url")
    .replace(/[^A-Za-z0-9]/g, "")
  return `pcpo_K${digest.slice(0, 25)}`
}

const payoutId = z.string().regex(/^pcpo_[A-Za-z0-9]+$/, "must be a payout id (pcpo_…)")

/**
 * Destination values are strings only: a card number sent as a JSON number has already lost its last digits
 * (`4000056655665556123` parses as `4000056655665556000`, another card), so it is refused, never converted.
 */
const destinationValue = z
  .string({ error: "must be a string (send card numbers and account numbers in quotes)" })
  .max(255, "must be at most 255 characters")

/** The largest payout amount accepted at all (in major units); the settings and PayCore set the real limits. */
const MAX_AMOUNT_DIGITS = 12

/**
 * An amount as a JSON number or a decimal string, parsed exactly: a number whose shortest form is not a plain
 * decimal (1e21, 0.1 + 0.2 noise) or that has more than 12 integer digits is refused; never rounded here (the
 * currency's decimal digits are checked against the request's currency when the payout is planned).
 */
const exactAmount = z
  .union([
    z
      .number()
      .refine((value) => Number.isFinite(value), "must be a finite number")
      .transform((value) => String(value)),
    z.string().trim(),
  ])
  .refine((text) => /^-?\d+(\.\d+)?$/.test(text), "must be a decimal number such as 10.50")
  .refine(
    (text) =>
      text
        .replace("-", "")
        .split(".")[0]
        .replace(/^0+(?=\d)/, "").length <= MAX_AMOUNT_DIGITS,
    `must be below 10^${MAX_AMOUNT_DIGITS}`
  )
  .refine((text) => (text.split(".")[1] ?? "").length <= 18, "has more decimal digits than any currency")
  .refine((text) => String(Number(text)) === canonicalDecimal(text), "has more digits than can be sent exactly")
  .transform(Number)

/** `007.50` → `7.5`: the form a JavaScript number prints, to check that converting lost nothing. */
function canonicalDecimal(text: string): string {
  const negative = text.startsWith("-")
  const [whole, fraction = ""] = text.replace("-", "").split(".")
  const digits = fraction.replace(/0+$/, "")
  const canonical = `${whole.replace(/^0+(?=\d)/, "")}${digits ? `.${digits}` : ""}`
  return negative && canonical !== "0" ? `-${canonical}` : canonical
}

/** What an admin asks for in `POST /admin/paycore/payouts` (the workflow takes it as a PaycorePayoutRequest). */
export const payoutRequestSchema = z
  .object({
    service: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{1,100}$/, "must be a PayCore payout service code")
      .optional(),
    amount: exactAmount,
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, "must be a 3-letter ISO 4217 currency code"),
    fields: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be a PayCore field name"), destinationValue),
    order_id: orderId.optional(),
    customer_id: customerId.optional(),
    description: z.string().trim().min(1).max(255).optional(),
    provider_id: providerId.optional(),
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
    order_id: orderId.optional(),
    customer_id: customerId.optional(),
    status: z.enum(PAYOUT_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()

export const payoutServicesQuerySchema = z
  .object({
    currency: z.string().regex(/^[A-Za-z]{3}$/, "must be a 3-letter ISO 4217 currency code"),
    provider_id: providerId.optional(),
  })
  .strict()

export const payoutApprovalSchema = z
  .object({
    /** The destination fields, re-entered by the approver. */
    fields: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be a PayCore field name"), destinationValue),
  })
  .strict()

export const statusQuerySchema = z
  .object({
    provider_id: providerId.optional(),
  })
  .strict()

/** `GET /admin/paycore/check?provider_id=`: the provider's last PayCore check. */
export const paycoreCheckQuerySchema = statusQuerySchema

/** `POST /admin/paycore/check`: runs the PayCore check for the provider (the only one when provider_id is left out). */
export const paycoreCheckRequestSchema = z
  .object({
    provider_id: providerId.optional(),
  })
  .strict()

/** `POST /admin/paycore/orders/:id/payment-link`. */
export const paymentLinkRequestSchema = z.strictObject({
  provider_id: providerId.optional(),
  /** Send the customer the link (event `paycore.payment_link.created`). */
  notify: z.boolean().default(true),
})
