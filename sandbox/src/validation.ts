import { z } from "zod"
import type { SandboxConfig } from "./config"
import { ApiError, type ErrorCode } from "./errors"
import { formatMajor, toMinorUnits } from "./money"
import type { ReturnUrls } from "./state"

/**
 * Request validation shared by the Private API (JSON:API attributes), the Public API (flat JSON) and the HPP
 * (query/form parameters, where every value is text). Problems are collected and answered together as one 422.
 */

const httpUrl = z
  .string()
  .refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), "must be an absolute http(s) URL")

const customerSchema = z.looseObject({
  reference_id: z.string().min(1).max(255),
  email: z.email().nullable().optional(),
  name: z.string().max(255).nullable().optional(),
  phone: z.string().max(64).nullable().optional(),
  address: z
    .strictObject({
      country: z
        .string()
        .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code")
        .optional(),
      region: z.string().max(255).optional(),
      city: z.string().max(255).optional(),
      street: z.string().max(255).optional(),
      full_address: z.string().max(1024).optional(),
      post_code: z.string().max(32).optional(),
    })
    .nullable()
    .optional(),
})

const returnUrlsSchema = z.strictObject({
  success: httpUrl.nullable().optional(),
  pending: httpUrl.nullable().optional(),
  fail: httpUrl.nullable().optional(),
})

const metadataSchema = z.record(z.string(), z.unknown())

/** Attributes of a payment invoice; `amount` is a JSON number in JSON bodies and text in forms. */
function paymentSchema(amount: z.ZodType) {
  return z.looseObject({
    reference_id: z.string().min(1).max(255),
    service: z.string().min(1).nullable().optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, "must be an upper-case ISO 4217 code"),
    amount,
    test_mode: z.boolean().optional(),
    description: z.string().max(1024).nullable().optional(),
    customer: customerSchema.nullable().optional(),
    metadata: metadataSchema.nullable().optional(),
    return_url: httpUrl.nullable().optional(),
    return_urls: returnUrlsSchema.nullable().optional(),
    callback_url: httpUrl.nullable().optional(),
    locale: z.string().max(16).nullable().optional(),
  })
}

export const jsonPaymentSchema = paymentSchema(z.number())
export const formPaymentSchema = paymentSchema(z.string().min(1))

function payoutSchema(amount: z.ZodType) {
  return z.looseObject({
    reference_id: z.string().min(1).max(255),
    service: z.string().min(1),
    currency: z.string().regex(/^[A-Z]{3}$/, "must be an upper-case ISO 4217 code"),
    amount,
    fields: z.record(z.string(), z.unknown()).optional(),
    test_mode: z.boolean().optional(),
    description: z.string().max(1024).nullable().optional(),
    customer: customerSchema.nullable().optional(),
    metadata: metadataSchema.nullable().optional(),
    callback_url: httpUrl.nullable().optional(),
  })
}

export const jsonPayoutSchema = payoutSchema(z.number())

export const refundSchema = z.looseObject({
  invoiceId: z.string().min(1),
  amount: z.number(),
  reference_id: z.string().min(1).max(255),
  description: z.string().max(1024).nullable().optional(),
})

/** Collects problems, then throws one 422 with all of them. */
export class Problems {
  readonly codes: ErrorCode[] = []

  add(field: string, code: string, message: string): void {
    this.codes.push({ code, field, message })
  }

  get any(): boolean {
    return this.codes.length > 0
  }

  throwIfAny(): void {
    if (this.any) throw new ApiError(422, "validation_error", this.codes)
  }
}

/** Runs a zod schema; issues become problems named by their attribute path (`customer.reference_id`). */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown, problems: Problems, prefix = ""): T | undefined {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  for (const issue of result.error.issues) {
    const path = issue.path.map(String)
    const field = [prefix, ...path].filter(Boolean).join(".") || prefix || "data"
    if (issue.code === "invalid_type" && valueAt(input, path) === undefined) {
      problems.add(field, "required", `${field} is required`)
    } else if (issue.code === "unrecognized_keys") {
      problems.add(field, "not_allowed", `${field}: unknown key(s) ${issue.keys.join(", ")}`)
    } else {
      problems.add(field, issue.code === "invalid_type" ? "invalid_type" : "invalid", `${field}: ${issue.message}`)
    }
  }
  return undefined
}

function valueAt(input: unknown, path: string[]): unknown {
  let node = input
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

/**
 * Checks an amount against the currency's decimals (and > 0); returns minor units. `field` names the attribute.
 */
export function checkAmount(
  config: SandboxConfig,
  value: unknown,
  currency: string,
  problems: Problems,
  field = "amount"
): number | undefined {
  const decimals = config.currencies[currency]
  if (decimals === undefined) return undefined // reported by checkCurrency
  const parsed = toMinorUnits(value, decimals)
  if (!parsed.ok) {
    if (parsed.reason === "too_many_decimals") {
      problems.add(
        field,
        "too_many_decimals",
        `${field} has more than ${decimals} decimal digit(s), the precision of ${currency}`
      )
    } else {
      problems.add(field, "invalid", `${field} must be a positive decimal number`)
    }
    return undefined
  }
  if (parsed.minor <= 0) {
    problems.add(field, "invalid", `${field} must be greater than 0`)
    return undefined
  }
  return parsed.minor
}

export function checkCurrency(config: SandboxConfig, currency: string, problems: Problems): boolean {
  if (config.currencies[currency] === undefined) {
    problems.add("currency", "not_enabled", `currency ${currency} is not enabled for this account`)
    return false
  }
  return true
}

/** Service limits (major units in config) against an amount in minor units. */
export function checkLimits(
  service: { code: string; amountMin: number | null; amountMax: number | null },
  minor: number,
  decimals: number,
  currency: string,
  problems: Problems
): void {
  const scale = 10 ** decimals
  const min = service.amountMin === null ? null : Math.round(service.amountMin * scale)
  const max = service.amountMax === null ? null : Math.round(service.amountMax * scale)
  if ((min !== null && minor < min) || (max !== null && minor > max)) {
    const range = `${min === null ? "0" : formatMajor(min, decimals)}–${max === null ? "∞" : formatMajor(max, decimals)}`
    problems.add("amount", "out_of_limits", `amount is outside the limits of ${service.code} (${range} ${currency})`)
  }
}

export function checkMetadata(
  config: SandboxConfig,
  metadata: Record<string, unknown> | null | undefined,
  problems: Problems
): void {
  if (metadata && Object.keys(metadata).length > config.metadataMaxKeys) {
    problems.add("metadata", "too_many_keys", `metadata accepts at most ${config.metadataMaxKeys} keys`)
  }
}

export function normalizeReturnUrls(
  value: { success?: string | null; pending?: string | null; fail?: string | null } | null | undefined
): ReturnUrls | null {
  if (!value) return null
  return { success: value.success ?? null, pending: value.pending ?? null, fail: value.fail ?? null }
}

/** Removes `undefined`/`null` customer entries and returns a plain object (or null). */
export function normalizeCustomer(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!value) return null
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined))
}
