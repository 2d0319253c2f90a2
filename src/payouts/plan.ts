import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { paycoreAccount, type PaycoreAccount } from "../accounts"
import {
  isPaycoreError,
  maskCardNumbersInText,
  type PaycorePayoutPrerequest,
  type PaycorePrerequestService,
} from "../lib/paycore"
import {
  acceptsCardExpiry,
  cardExpiryProblems,
  expiryFieldValue,
  expiryPart,
  findCardExpiry,
  type ServiceFieldRule,
} from "./card-expiry"
import { balanceShortfall, payoutBalance } from "./balance"
import { compilePaycorePattern, maskDestination, normalizeDestination, type DestinationFields } from "./field-rules"
import { decimalPlaces, getPayoutSettings, payoutCurrencyDecimals, type PayoutSettings } from "./settings"

/** What an admin asks for (the body of `POST /admin/paycore/payouts`, validated by `payoutRequestSchema` in api/admin/paycore/validators.ts). */
export type PaycorePayoutRequest = {
  service?: string
  /** Major units, e.g. `10.5` for $10.50. */
  amount: number
  currency: string
  /** PayCore's service fields, e.g. `{ card_number: "5123817234060000" }`. Sent to PayCore, stored masked only. */
  fields: Record<string, string>
  order_id?: string
  customer_id?: string
  description?: string
  /** Which PayCore provider pays out; needed only when several are registered. */
  provider_id?: string
}

/** Everything the workflow needs to record and send one payout, checked against the settings and PayCore. */
export type PayoutPlan = {
  provider_id: string
  service: string
  amount: number
  currency: string
  currency_code: string
  /** Full values: sent to PayCore, never stored or logged. */
  fields: DestinationFields
  destination: DestinationFields
  description: string | null
  order_id: string | null
  customer_id: string | null
  test_mode: boolean
  callback_url: string | null
  requires_approval: boolean
  /** Whether PayCore's payout pre-request answered, so its limits and field rules were checked here. */
  paycore_checked: boolean
  /** The service's fields by PayCore's pre-request (null without it): which expiry fields go in `fields` too. */
  service_fields: ServiceFieldRule[] | null
}

/**
 * The plan as it travels through a workflow (whose state Medusa stores): the full destination sealed
 * (see sealPayoutDestination), and the fingerprint the approver's fields are compared with.
 */
export type SealedPayoutPlan = Omit<PayoutPlan, "fields"> & {
  sealed_fields: string
  destination_fingerprint: string | null
}

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)

/**
 * Checks one payout request against the store's payout settings, PayCore's own limits and field rules (payout
 * pre-request, when PayCore answers it) and the linked order or customer. Throws a 400 naming the field.
 */
export async function planPaycorePayout(
  container: MedusaContainer,
  request: PaycorePayoutRequest,
  settings?: PayoutSettings
): Promise<PayoutPlan> {
  settings ??= await getPayoutSettings(container)
  if (!settings.enabled) {
    throw invalid("Payouts are disabled: enable them in the PayCore payout settings first")
  }
  const account = paycoreAccount(container, request.provider_id)
  if (!account) {
    throw invalid(
      request.provider_id
        ? `provider_id: ${request.provider_id} is not a registered PayCore provider`
        : "provider_id: several PayCore providers are registered; name the one that pays out"
    )
  }

  const currency = request.currency.toUpperCase()
  const rules = settings.currencies[currency]
  if (!rules) {
    const enabled = Object.keys(settings.currencies)
    throw invalid(
      `currency: payouts in ${currency} are not enabled in the payout settings` +
        (enabled.length ? ` (enabled: ${enabled.join(", ")})` : "")
    )
  }
  const service = request.service ?? rules.default_service
  if (!service) throw invalid(`service: is required (no default payout service is set for ${currency})`)
  if (!rules.services.includes(service)) {
    throw invalid(`service: ${service} is not allowed for ${currency} payouts (allowed: ${rules.services.join(", ")})`)
  }

  let digits: number
  try {
    digits = payoutCurrencyDecimals(container, currency)
  } catch {
    throw invalid(`currency: ${currency} is not a currency Medusa knows`)
  }
  const amount = request.amount
  if (decimalPlaces(amount) > digits) throw invalid(`amount: ${currency} has ${digits} decimal digits`)
  if (rules.min_amount !== null && amount < rules.min_amount) {
    throw invalid(`amount: below the minimum payout of ${rules.min_amount} ${currency} set in the payout settings`)
  }
  if (rules.max_amount !== null && amount > rules.max_amount) {
    throw invalid(`amount: above the maximum payout of ${rules.max_amount} ${currency} set in the payout settings`)
  }

  const fields = normalizeDestination(request.fields)
  const expiryProblems = cardExpiryProblems(fields)
  if (expiryProblems.length) {
    throw invalid(expiryProblems.map((problem) => `fields.${problem.key}: ${problem.message}`).join("; "))
  }
  const shortfall = balanceShortfall(amount, await payoutBalance(container, account, currency))
  if (shortfall) throw invalid(shortfall)
  const prerequest = await payoutPrerequestOrNull(container, account, currency)
  const serviceFields = prerequest ? checkAgainstPaycore(prerequest, service, currency, amount, fields) : null
  if (!prerequest) checkExpiryWithoutPaycore(service, fields)

  const link = await checkLink(container, request)
  return {
    provider_id: account.providerId,
    service,
    amount,
    currency,
    currency_code: currency.toLowerCase(),
    fields,
    destination: maskDestination(fields),
    description: request.description ?? null,
    order_id: link.order_id,
    customer_id: link.customer_id,
    test_mode: account.options.testMode,
    callback_url: account.options.callbackUrl ?? null,
    requires_approval: settings.require_approval,
    paycore_checked: prerequest !== null,
    service_fields: serviceFields,
  }
}

/**
 * PayCore's payout pre-request (Public API, needs the provider's `publicKey`). Without a public key, or when PayCore
 * does not answer, the request goes on without PayCore's limits: PayCore checks them itself when the payout is sent.
 */
async function payoutPrerequestOrNull(
  container: MedusaContainer,
  account: PaycoreAccount,
  currency: string
): Promise<PaycorePayoutPrerequest | null> {
  if (!account.options.publicKey) return null
  try {
    return await account.client.payoutPrerequest({ currency })
  } catch (error) {
    if (!isPaycoreError(error)) throw error
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`PayCore payout pre-request failed; PayCore will check limits when the payout is sent: ${error.message}`)
    return null
  }
}

/** Without PayCore's field list, an expiry goes only with a card service (by its code or a card number field). */
function checkExpiryWithoutPaycore(service: string, fields: DestinationFields) {
  const keys = Object.keys(fields)
  const expiryKey = keys.find((key) => expiryPart(key))
  const others = keys.filter((key) => !expiryPart(key)).map((key) => ({ key }))
  if (expiryKey && !acceptsCardExpiry({ code: service, fields: others })) {
    throw invalid(`fields.${expiryKey}: a card's expiry is sent only with card payout services, not ${service}`)
  }
}

/** Checks the payout against PayCore's pre-request; returns the service's fields and their patterns. */
export function checkAgainstPaycore(
  prerequest: PaycorePayoutPrerequest,
  service: string,
  currency: string,
  amount: number,
  fields: DestinationFields
): ServiceFieldRule[] {
  const offered = (prerequest.attributes.services ?? {}) as Record<string, PaycorePrerequestService>
  const definition = offered[service]
  if (!definition) {
    throw invalid(`service: PayCore offers no payout service ${service} for ${currency} on this account`)
  }
  if (definition.status && definition.status !== "available") {
    throw invalid(`service: PayCore reports ${service} as ${definition.status}`)
  }
  const min = definition.amount_min ?? null
  const max = definition.amount_max ?? null
  if ((min !== null && amount < min) || (max !== null && amount > max)) {
    throw invalid(
      `amount: outside PayCore's limits for ${service} (${min ?? "no minimum"} – ${max ?? "no maximum"} ${currency})`
    )
  }
  const known = new Set((definition.fields ?? []).map((field) => field.key))
  // A card service takes an expiry it does not list (docs/paycore-notes.md, "Payouts").
  const takesExpiry = acceptsCardExpiry(definition)
  const problems: string[] = []
  for (const key of Object.keys(fields)) {
    if (!known.has(key) && !(takesExpiry && expiryPart(key)))
      problems.push(`fields.${key}: is not a field of ${service} (fields: ${[...known].join(", ") || "none"})`)
  }
  const expiry = findCardExpiry(fields)
  for (const field of definition.fields ?? []) {
    // A listed expiry field is filled from the expiry under any of its keys.
    const part = expiryPart(field.key)
    const value = part ? expiry[part]?.value : fields[field.key]
    if (value === undefined || value === "") {
      if (field.required !== false) problems.push(`fields.${field.key}: is required by ${service}`)
      continue
    }
    if (part) {
      if (expiryFieldValue(part, value, field.regexp) === null) {
        problems.push(`fields.${field.key}: does not have the format ${service} expects (${field.regexp})`)
      }
      continue
    }
    const pattern = compilePaycorePattern(field.regexp)
    if (pattern && !pattern.test(value)) {
      problems.push(
        `fields.${field.key}: does not have the format ${service} expects${field.regexp ? ` (${field.regexp})` : ""}`
      )
    }
  }
  // Messages name fields and rules, never values; masking is a last line of defence.
  if (problems.length) throw invalid(maskCardNumbersInText(problems.join("; ")))
  return (definition.fields ?? []).map((field) => ({ key: field.key, regexp: field.regexp ?? null }))
}

async function checkLink(
  container: MedusaContainer,
  request: PaycorePayoutRequest
): Promise<{ order_id: string | null; customer_id: string | null }> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  let customerId = request.customer_id ?? null
  if (request.order_id) {
    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "customer_id"],
      filters: { id: request.order_id },
    })
    const order = data[0] as { id: string; customer_id: string | null } | undefined
    if (!order) throw invalid(`order_id: there is no order ${request.order_id}`)
    if (customerId && order.customer_id && order.customer_id !== customerId) {
      throw invalid(`customer_id: order ${order.id} belongs to another customer`)
    }
    customerId ??= order.customer_id ?? null
  }
  if (request.customer_id) {
    const { data } = await query.graph({ entity: "customer", fields: ["id"], filters: { id: request.customer_id } })
    if (!data[0]) throw invalid(`customer_id: there is no customer ${request.customer_id}`)
  }
  return { order_id: request.order_id ?? null, customer_id: customerId }
}
