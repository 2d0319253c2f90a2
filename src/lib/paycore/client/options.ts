import type { Dispatcher } from "undici"
import { z } from "zod"

import { PaycoreConfigError } from "../errors"
import { formatIssues } from "./validation"

/** Options of `PaycoreClient`, their validation, and the logger interface it accepts. */

export interface PaycoreLogger {
  debug(message: string, meta?: Record<string, unknown>): void
  info(message: string, meta?: Record<string, unknown>): void
  warn(message: string, meta?: Record<string, unknown>): void
  error(message: string, meta?: Record<string, unknown>): void
}

const DEFAULT_RETRY = { attempts: 3, baseDelayMs: 300, maxDelayMs: 3_000 }

const isFunction = (value: unknown): boolean => typeof value === "function"

export const paycoreClientOptionsSchema = z.object({
  /** Installation host, e.g. `https://com.paycore.io` (white labels use their own host). */
  baseUrl: z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value)
        return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password
      } catch {
        return false
      }
    }, "expected an http(s) URL without credentials, e.g. https://com.paycore.io"),
  /** Commerce account id (`coma_…`), the Basic-auth user name. */
  accountId: z.string().trim().min(1, "accountId is required"),
  /** Private API key, the Basic-auth password. Never logged. */
  apiKey: z.string().min(1, "apiKey is required"),
  /** `pk_test_…`/`pk_live_…`, needed only for the Public API. */
  publicKey: z.string().min(1).optional(),
  /** Limit for connecting, for the response headers, and between body chunks. */
  timeoutMs: z.number().int().positive().default(15_000),
  retry: z
    .object({
      /** Total attempts per call, including the first. */
      attempts: z.number().int().min(1).max(10).default(DEFAULT_RETRY.attempts),
      baseDelayMs: z.number().min(0).default(DEFAULT_RETRY.baseDelayMs),
      maxDelayMs: z.number().min(0).default(DEFAULT_RETRY.maxDelayMs),
    })
    .prefault({}),
  /**
   * How a payout request is written (docs/paycore-notes.md, "Payouts"): `envelope` = JSON:API
   * `{ data: { type: "payout-invoice", attributes } }` as PayCore's current docs show; `flat` = the attributes
   * alone, as PayCore's "Play with API" page shows.
   */
  payoutRequestFormat: z.enum(["envelope", "flat"]).default("envelope"),
  /** Keep-alive pool size (ignored when a dispatcher is injected). */
  connections: z.number().int().positive().default(10),
  /** Use this undici dispatcher instead of the client's own pool; the caller closes it. */
  dispatcher: z
    .custom<Dispatcher>(
      (value) => typeof value === "object" && value !== null && isFunction((value as Dispatcher).dispatch),
      {
        message: "expected an undici Dispatcher",
      }
    )
    .optional(),
  logger: z
    .custom<PaycoreLogger>(
      (value) =>
        typeof value === "object" &&
        value !== null &&
        ["debug", "info", "warn", "error"].every((level) => isFunction((value as Record<string, unknown>)[level])),
      { message: "expected a logger with debug, info, warn and error methods" }
    )
    .optional(),
})

export type PaycoreClientOptions = z.input<typeof paycoreClientOptionsSchema>

/** The options after validation and defaults. */
export type ResolvedPaycoreClientOptions = z.output<typeof paycoreClientOptionsSchema>

/** Validates the options; a `PaycoreConfigError` names the faulty paths and rules, never the values. */
export function resolveClientOptions(options: PaycoreClientOptions): ResolvedPaycoreClientOptions {
  const parsed = paycoreClientOptionsSchema.safeParse(options)
  if (!parsed.success) {
    // zod issues carry paths and rules, never the values, so the key cannot leak here.
    throw new PaycoreConfigError(`invalid client options: ${formatIssues(parsed.error.issues).join("; ")}`)
  }
  return parsed.data
}
