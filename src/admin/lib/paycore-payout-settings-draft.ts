// The payout settings form's draft: what the form edits, checked like the API checks it, and the body it saves.
// Pure functions, unit-tested with the other payout form rules (paycore-payout-form.ts).
import { DECIMAL, currencyDigits } from "./paycore-payout-form"
import type { PayoutCurrencySettings, PayoutSettings, PayoutSettingsUpdate } from "./paycore-payouts-api"

export type CurrencyDraft = {
  currency: string
  services: string[]
  default_service: string | null
  min_amount: string
  max_amount: string
}

export type SettingsDraft = {
  enabled: boolean
  require_approval: boolean
  currencies: CurrencyDraft[]
}

const amountText = (value: number | null) => (value === null || value === undefined ? "" : String(value))

export function draftFromSettings(settings: PayoutSettings): SettingsDraft {
  return {
    enabled: settings.enabled,
    require_approval: settings.require_approval,
    currencies: Object.entries(settings.currencies)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, rules]) => ({
        currency,
        services: [...rules.services],
        default_service: rules.default_service,
        min_amount: amountText(rules.min_amount),
        max_amount: amountText(rules.max_amount),
      })),
  }
}

/** Checks the draft like the API does; errors keyed by the API's paths (`currencies.USD.max_amount`). */
export function checkSettingsDraft(draft: SettingsDraft): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const entry of draft.currencies) {
    const path = `currencies.${entry.currency}`
    if (!entry.services.length) errors[`${path}.services`] = "Allow at least one payout service"
    if (entry.default_service && !entry.services.includes(entry.default_service)) {
      errors[`${path}.default_service`] = "The default service must be one of the allowed services"
    }
    const digits = currencyDigits(entry.currency)
    const limits: Record<string, number | null> = {}
    for (const key of ["min_amount", "max_amount"] as const) {
      const text = entry[key].trim()
      limits[key] = null
      if (!text) continue
      if (!DECIMAL.test(text) || !(Number(text) > 0)) {
        errors[`${path}.${key}`] = "Enter an amount greater than 0, or leave it empty for no limit"
        continue
      }
      const decimals = text.includes(".") ? text.length - text.indexOf(".") - 1 : 0
      if (decimals > digits) {
        errors[`${path}.${key}`] = `${entry.currency} has ${digits} decimal digits`
        continue
      }
      limits[key] = Number(text)
    }
    if (limits.min_amount !== null && limits.max_amount !== null && limits.min_amount > limits.max_amount) {
      errors[`${path}.max_amount`] = "The maximum must not be smaller than the minimum"
    }
  }
  return errors
}

/**
 * The POST body of the settings form. With the settings it was opened on, `require_approval` is sent only when the
 * admin changed it: saving `true` while switching approvals off waits for a second admin would withdraw that request.
 */
export function updateFromDraft(
  draft: SettingsDraft,
  saved?: Pick<PayoutSettings, "require_approval">
): PayoutSettingsUpdate {
  const currencies: Record<string, PayoutCurrencySettings> = {}
  for (const entry of draft.currencies) {
    currencies[entry.currency.toUpperCase()] = {
      services: entry.services,
      default_service:
        entry.default_service && entry.services.includes(entry.default_service) ? entry.default_service : null,
      min_amount: entry.min_amount.trim() ? Number(entry.min_amount.trim()) : null,
      max_amount: entry.max_amount.trim() ? Number(entry.max_amount.trim()) : null,
    }
  }
  if (saved && saved.require_approval === draft.require_approval) return { enabled: draft.enabled, currencies }
  return { enabled: draft.enabled, require_approval: draft.require_approval, currencies }
}
