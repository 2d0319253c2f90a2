import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { paycoreAccount } from "../../../../../accounts"
import { isPaycoreError, maskCardNumbersInText } from "../../../../../lib/paycore"
import { payoutBalance, type PayoutBalance } from "../../../../../payouts/balance"
import { getPayoutSettings } from "../../../../../payouts/settings"
import { parseInput, payoutServicesQuerySchema } from "../../validators"

/**
 * PayCore's payout services for a currency (payout pre-request): limits, fields with their labels and rules, and
 * whether the payout settings allow each one, and the currency's PayCore balance where the balancesPath option names
 * PayCore's endpoint. 502 when PayCore does not answer.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { currency: code, provider_id } = parseInput(payoutServicesQuerySchema, req.query, "query")
  const currency = code.toUpperCase()
  const account = paycoreAccount(req.scope, provider_id)
  if (!account) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      provider_id ? `provider_id: ${provider_id} is not a PayCore provider` : "provider_id: name the PayCore provider"
    )
  }
  if (!account.options.publicKey) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "The PayCore provider has no publicKey option: PayCore's payout pre-request (the list of services) needs it"
    )
  }
  const settings = await getPayoutSettings(req.scope)
  const rules = settings.currencies[currency]
  const balance = payoutBalance(req.scope, account, currency)
  let prerequest
  try {
    prerequest = await account.client.payoutPrerequest({ currency })
  } catch (error) {
    if (!isPaycoreError(error)) throw error
    req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`PayCore payout pre-request failed: ${error.message}`)
    res.status(502).json({
      type: "paycore_unavailable",
      message: "PayCore did not answer with its payout services; try again shortly",
    })
    return
  }
  const methods = (prerequest.attributes.methods ?? {}) as Record<
    string,
    { name?: string; logo?: string | null; icon?: string | null }
  >
  const services = Object.values(prerequest.attributes.services ?? {}).map((service: any) => ({
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
  res.json({
    provider_id: account.providerId,
    currency,
    test_mode: Boolean(prerequest.attributes.test_mode),
    settings: rules ?? null,
    services,
    ...balanceView(account.options.balancesPath, await balance),
  })
}

/** The balance as the payouts form shows it, with a line saying why there is none. */
function balanceView(path: string | undefined, balance: PayoutBalance | null | "unavailable") {
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
