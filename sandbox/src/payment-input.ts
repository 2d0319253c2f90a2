import type { SandboxCore } from "./core"
import type { InvoiceSource } from "./state"
import type { PaymentCreateInput } from "./payments"
import { readCardOptions } from "./tokens"
import {
  Problems,
  checkAmount,
  checkCurrency,
  checkLimits,
  checkMetadata,
  formPaymentSchema,
  jsonPaymentSchema,
  normalizeCustomer,
  normalizeReturnUrls,
  parseWith,
} from "./validation"

export interface PaymentInputOptions {
  /** "number" for JSON bodies (amount must be a JSON number), "text" for query/form parameters. */
  amountAs: "number" | "text"
  /** Mode decided by the public key; null = take `test_mode` from the attributes (Private API, default false). */
  testMode: boolean | null
  source: InvoiceSource
  /** PayCore lets only Private API invoices carry callback_url (HPP: "not possible to override the Callback URL"). */
  acceptCallbackUrl: boolean
  requireService: boolean
  /**
   * Read `token` and `gateway_options.cardgate` (saved cards, tokens.ts) and refuse `recurrent`: the Private API
   * ("private tokens for card predefining and write-offs"). Elsewhere they are accepted and ignored.
   */
  acceptCardOptions?: boolean
}

/**
 * Validates payment invoice attributes from any entry point and turns them into a create input.
 * Throws one 422 listing every problem.
 */
export function buildPaymentInput(core: SandboxCore, raw: unknown, options: PaymentInputOptions): PaymentCreateInput {
  const config = core.config
  const problems = new Problems()
  const schema = options.amountAs === "number" ? jsonPaymentSchema : formPaymentSchema
  const attrs = parseWith(schema, raw, problems)
  if (!attrs) {
    problems.throwIfAny()
    throw new Error("unreachable: schema failed without issues")
  }

  let amount: number | undefined
  if (checkCurrency(config, attrs.currency, problems)) {
    amount = checkAmount(config, attrs.amount, attrs.currency, problems)
  }

  const serviceCode = attrs.service ?? null
  if (serviceCode) {
    const service = config.paymentServices.find((s) => s.code === serviceCode)
    if (!service) {
      problems.add("service", "not_found", `service ${serviceCode} is not available for this account`)
    } else if (service.currency !== attrs.currency) {
      problems.add(
        "service",
        "currency_mismatch",
        `service ${serviceCode} accepts ${service.currency}, not ${attrs.currency}`
      )
    } else if (amount !== undefined) {
      checkLimits(service, amount, core.decimals(attrs.currency), attrs.currency, problems)
    }
  } else if (options.requireService) {
    problems.add("service", "required", "service is required")
  }

  const metadata = (attrs.metadata ?? {}) as Record<string, unknown>
  checkMetadata(config, metadata, problems)

  let expires: number | null = null
  const rawExpires = (attrs as Record<string, unknown>).expires
  if (rawExpires !== undefined && rawExpires !== null && rawExpires !== "") {
    const value = typeof rawExpires === "number" ? rawExpires : Number(String(rawExpires))
    if (!Number.isInteger(value) || value <= core.clock.now()) {
      problems.add("expires", "invalid", "expires must be a UNIX timestamp in the future")
    } else {
      expires = value
    }
  }

  const extra = attrs as Record<string, unknown>
  const cardOptions = options.acceptCardOptions ? readCardOptions(config, extra, problems) : null

  problems.throwIfAny()
  return {
    referenceId: attrs.reference_id,
    service: serviceCode,
    currency: attrs.currency,
    amount: amount!,
    testMode: options.testMode ?? attrs.test_mode ?? false,
    description: attrs.description ?? null,
    customer: normalizeCustomer(attrs.customer as Record<string, unknown> | null | undefined),
    metadata,
    returnUrl: attrs.return_url ?? null,
    returnUrls: normalizeReturnUrls(attrs.return_urls),
    callbackUrl: options.acceptCallbackUrl ? (attrs.callback_url ?? null) : null,
    locale: attrs.locale ?? null,
    serviceFields: extra.service_fields ?? extra.fields ?? null,
    display: isRecord(extra.display) ? extra.display : {},
    style: isRecord(extra.style) ? extra.style : {},
    expires,
    source: options.source,
    cardOptions,
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
}
