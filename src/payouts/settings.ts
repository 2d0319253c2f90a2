import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"
import { paycoreAccounts } from "../accounts"
import { PAYCORE_MODULE } from "../modules/paycore"
import type { PaycoreModuleService } from "../modules/paycore/service"
import { currencyDecimals } from "../providers/paycore/money"
import {
  planSettingsChange,
  readChangeLog,
  saveSettingsRow,
  type PendingSettingsChange,
  type SettingsChangeEntry,
} from "./settings-changes"

export { confirmPendingSettingsChange, type PendingSettingsChange, type SettingsChangeEntry } from "./settings-changes"

/** The store's payout rules. Amounts are major units (`10.5` = $10.50); `null` = no limit of the store's own. */
export type PayoutCurrencySettings = {
  services: string[]
  default_service: string | null
  min_amount: number | null
  max_amount: number | null
}

export type PayoutSettings = {
  enabled: boolean
  require_approval: boolean
  /** Keyed by upper-case ISO 4217 code, like the provider's `services` option. */
  currencies: Record<string, PayoutCurrencySettings>
  updated_by: string | null
  updated_at: string | null
  /** Approvals switched off by one admin, waiting for another's confirmation (`null`: nothing waits). */
  pending_change: PendingSettingsChange | null
  /** Every change, newest first (the last 50). */
  change_log: SettingsChangeEntry[]
}

const SCOPE = "default"

/** Until an admin saves settings: payouts are off. */
export const DEFAULT_PAYOUT_SETTINGS: PayoutSettings = {
  enabled: false,
  require_approval: false,
  currencies: {},
  updated_by: null,
  updated_at: null,
  pending_change: null,
  change_log: [],
}

const serviceCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,100}$/, "must be a PayCore payout service code such as payment_card_usd")

const limit = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, "must be a decimal number")
      .transform(Number),
  ])
  .refine((value) => Number.isFinite(value) && value > 0, "must be greater than 0")
  .nullable()
  .default(null)

const currencySettingsSchema = z
  .object({
    services: z.array(serviceCode).min(1, "must list at least one payout service").max(50),
    default_service: serviceCode.nullable().default(null),
    min_amount: limit,
    max_amount: limit,
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.default_service && !value.services.includes(value.default_service)) {
      ctx.addIssue({ code: "custom", path: ["default_service"], message: "must be one of services" })
    }
    if (value.min_amount !== null && value.max_amount !== null && value.min_amount > value.max_amount) {
      ctx.addIssue({ code: "custom", path: ["max_amount"], message: "must not be smaller than min_amount" })
    }
  })

/** `POST /admin/paycore/payouts/settings`: every key optional; `currencies` replaces the whole map when given. */
export const payoutSettingsUpdateSchema = z
  .object({
    enabled: z.boolean().optional(),
    require_approval: z.boolean().optional(),
    currencies: z
      .record(
        z
          .string()
          .regex(/^[A-Za-z]{3}$/, "must be a 3-letter ISO 4217 currency code")
          .transform((code) => code.toUpperCase()),
        currencySettingsSchema
      )
      .optional(),
  })
  .strict()

export type PayoutSettingsUpdate = z.output<typeof payoutSettingsUpdateSchema>

/** Decimal digits of a currency as the PayCore accounts see it (their `currencyDecimals` option, else Medusa's table). */
export function payoutCurrencyDecimals(container: MedusaContainer, currency: string): number {
  const overrides = paycoreAccounts(container)[0]?.options.currencyDecimals
  return currencyDecimals(currency, overrides)
}

export function decimalPlaces(value: number): number {
  const text = String(value)
  if (/e/i.test(text)) return 20
  const dot = text.indexOf(".")
  return dot === -1 ? 0 : text.length - dot - 1
}

function rowToSettings(row: any | undefined): PayoutSettings {
  if (!row) return { ...DEFAULT_PAYOUT_SETTINGS }
  return {
    enabled: Boolean(row.enabled),
    require_approval: Boolean(row.require_approval),
    currencies: (row.currencies ?? {}) as Record<string, PayoutCurrencySettings>,
    updated_by: row.updated_by ?? null,
    updated_at: row.updated_at ? new Date(row.updated_at).toISOString() : null,
    pending_change: (row.pending_change ?? null) as PendingSettingsChange | null,
    change_log: readChangeLog(row),
  }
}

export async function getPayoutSettings(container: MedusaContainer): Promise<PayoutSettings> {
  const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
  const [row] = await paycore.listPaycorePayoutSettings({ scope: SCOPE }, { take: 1 })
  return rowToSettings(row)
}

/** Checks what zod cannot know alone (each currency's decimal digits), then saves. Nothing is saved on an error. */
export async function updatePayoutSettings(
  container: MedusaContainer,
  update: PayoutSettingsUpdate,
  actorId: string | null
): Promise<PayoutSettings> {
  const problems: string[] = []
  for (const [currency, settings] of Object.entries(update.currencies ?? {})) {
    let digits: number
    try {
      digits = payoutCurrencyDecimals(container, currency)
    } catch {
      problems.push(
        `currencies.${currency}: is not a currency Medusa knows (add it to the provider's currencyDecimals option)`
      )
      continue
    }
    for (const key of ["min_amount", "max_amount"] as const) {
      const value = settings[key]
      if (value !== null && decimalPlaces(value) > digits) {
        problems.push(`currencies.${currency}.${key}: ${currency} has ${digits} decimal digits`)
      }
    }
  }
  if (update.require_approval) {
    for (const account of paycoreAccounts(container)) {
      if (!account.options.payoutApprovalSecret) {
        problems.push(
          `require_approval: set the payoutApprovalSecret option of ${account.providerId} first ` +
            `(at least 32 random bytes, e.g. openssl rand -base64 32)`
        )
      }
    }
  }
  if (problems.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, problems.join("; "))

  const current = await getPayoutSettings(container)
  const plan = planSettingsChange(current, update, actorId)
  await saveSettingsRow(container, plan.values)
  return getPayoutSettings(container)
}
