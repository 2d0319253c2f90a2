import { maskCardNumbersInText } from "../lib/paycore/redact"
import type { PayoutBalance } from "./balance"
import type { PayoutCurrencySettings } from "./settings"

/** PayCore's label or hint: one text per locale (`{ en: "Card number", uk: "…" }`), sometimes a plain string. */
export type LocalizedText = Record<string, string> | string | null

export type PayoutServiceField = {
  key: string
  type: string
  label: LocalizedText
  hint: LocalizedText
  /** PayCore's example; card numbers come masked. */
  example: string | null
  /** PCRE, sometimes with delimiters (`/…/i`). */
  regexp: string | null
  required: boolean
}

export type PayoutService = {
  code: string
  method: string
  method_name: string
  logo: string | null
  currency: string
  status: string | null
  amount_min: number | string | null
  amount_max: number | string | null
  exchange_rate: number | string | null
  fields: PayoutServiceField[]
  /** Whether the saved payout settings allow it for this currency. */
  allowed: boolean
  is_default: boolean
}

/** `GET /admin/paycore/payouts/payout-services`: what the payouts form needs for one currency. */
export type PayoutServicesView = {
  provider_id: string
  currency: string
  test_mode: boolean
  settings: PayoutCurrencySettings | null
  services: PayoutService[]
  /** The currency's PayCore balance, where the balancesPath option names PayCore's endpoint. */
  balance?: { currency: string; available: string } | null
  /** Why there is no balance although balancesPath is set. */
  balance_note?: string | null
}

type Methods = Record<string, { name?: string; logo?: string | null; icon?: string | null }>

/** PayCore's payout pre-request services, with whether the payout settings allow each one. */
export function payoutServiceViews(
  attributes: { services?: Record<string, any> | null; methods?: Methods | null },
  rules: PayoutCurrencySettings | undefined
): PayoutService[] {
  const methods: Methods = attributes.methods ?? {}
  return Object.values(attributes.services ?? {}).map((service: any) => ({
    code: service.code as string,
    method: service.method as string,
    method_name: methods[service.method]?.name ?? service.method,
    logo: methods[service.method]?.logo ?? null,
    currency: service.currency as string,
    status: (service.status ?? null) as string | null,
    amount_min: service.amount_min ?? null,
    amount_max: service.amount_max ?? null,
    exchange_rate: service.exchange_rate ?? null,
    fields: (service.fields ?? []).map((field: any) => ({
      key: field.key,
      type: field.type ?? "string",
      label: field.label ?? null,
      hint: field.hint ?? null,
      // PayCore's examples of card fields are card numbers: shown masked like every card number here.
      example: typeof field.example === "string" ? maskCardNumbersInText(field.example) : (field.example ?? null),
      regexp: field.regexp ?? null,
      required: field.required !== false,
    })),
    allowed: Boolean(rules?.services.includes(service.code)),
    is_default: rules?.default_service === service.code,
  }))
}

/** The balance as the payouts form shows it, with a line saying why there is none. */
export function balanceView(
  path: string | undefined,
  balance: PayoutBalance | null | "unavailable"
): Pick<PayoutServicesView, "balance" | "balance_note"> {
  if (balance && balance !== "unavailable") {
    return { balance: { currency: balance.currency, available: balance.available }, balance_note: null }
  }
  return {
    balance: null,
    balance_note: !path
      ? null
      : balance === "unavailable"
        ? `PayCore did not answer at ${path}; payouts are not checked against the balance`
        : `PayCore lists no balance in this currency at ${path}`,
  }
}
