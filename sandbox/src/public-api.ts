import type { SandboxCore } from "./core"
import { ApiError, apiErrors } from "./errors"
import { type Router, type SandboxRequest, parseNestedParams, phpJson, readForm, readJson, redirect } from "./http"
import { renderErrorPage } from "./hpp-views"
import { formatMajor, toMinorUnits } from "./money"
import { buildPaymentInput } from "./payment-input"
import { createPaymentInvoice, requirePaymentInvoice } from "./payments"
import { requirePayoutInvoice } from "./payouts"
import { paymentInvoiceDocument, payoutInvoiceDocument } from "./resources"

/**
 * Commerce Public API (docs/paycore-notes.md, "Public API / HPP"): `/public-api/...`, flat JSON bodies, the public
 * key in the body.
 * A `pk_test_…` key works in test mode, `pk_live_…` in live mode.
 */
export function registerPublicApi(router: Router, core: SandboxCore): void {
  router.add("POST", "/public-api/payment-prerequest", (req) => {
    const { testMode, currency, amount } = prerequestInput(core, req)
    const services: Record<string, unknown> = {}
    const methods: Record<string, unknown> = {}
    for (const s of core.config.paymentServices.filter((x) => x.currency === currency)) {
      services[s.code] = {
        code: s.code,
        method: s.method,
        flow: s.flow,
        currency: s.currency,
        fields: s.fields,
        status: withinLimits(core, s, currency, amount) ? "available" : "unavailable",
      }
      const method = core.config.methods[s.method]
      methods[s.method] = method
        ? { code: s.method, ...method }
        : { code: s.method, name: s.method, category: "other", logo: null, icon: null }
    }
    return phpJson(200, {
      data: { type: "payment-prerequest", attributes: { currency, test_mode: testMode, services, methods } },
    })
  })

  router.add("POST", "/public-api/payout-prerequest", (req) => {
    const { testMode, currency, amount } = prerequestInput(core, req)
    const services: Record<string, unknown> = {}
    const methods: Record<string, unknown> = {}
    for (const s of core.config.payoutServices.filter((x) => x.currency === currency)) {
      services[s.code] = {
        code: s.code,
        method: s.method,
        currency: s.currency,
        fields: s.fields,
        // PayCore's SDK fixture (S18) writes payout limits as text with 8 decimals: "1.00000000".
        amount_min: s.amountMin === null ? null : s.amountMin.toFixed(8),
        amount_max: s.amountMax === null ? null : s.amountMax.toFixed(8),
        exchange_rate: 1,
        status: withinLimits(core, s, currency, amount) ? "available" : "unavailable",
      }
      const method = core.config.methods[s.method]
      if (method) methods[s.method] = { code: s.method, ...method }
    }
    return phpJson(200, {
      data: { type: "payout-prerequest", attributes: { currency, test_mode: testMode, services, methods } },
    })
  })

  router.add("POST", "/public-api/payment-invoices", (req) => {
    const body = readJson(req)
    const testMode = requirePublicKey(core, isRecord(body) ? body.public_key : undefined)
    if (!core.config.allowPublicCreation) throw forbiddenCreation()
    const { public_key: _key, ...attributes } = body as Record<string, unknown>
    const input = buildPaymentInput(core, attributes, {
      amountAs: "number",
      testMode,
      source: "platform_public_api",
      acceptCallbackUrl: false,
      requireService: false,
    })
    return phpJson(201, paymentInvoiceDocument(core, createPaymentInvoice(core, input)))
  })

  router.add("GET", "/public-api/payment-invoices/:id", (req) => {
    checkReadKey(core, req)
    return phpJson(200, paymentInvoiceDocument(core, requirePaymentInvoice(core, req.params.id)))
  })

  router.add("GET", "/public-api/payout-invoices/:id", (req) => {
    checkReadKey(core, req)
    return phpJson(200, payoutInvoiceDocument(core, requirePayoutInvoice(core, req.params.id)))
  })

  // HPP auto-process form (`POST /public-api/payment-invoices/process`): a browser form post that creates the
  // invoice and lands on the HPP.
  router.add("POST", "/public-api/payment-invoices/process", (req) => {
    try {
      const params = parseNestedParams(readForm(req))
      return redirect(302, core.hppUrl(createInvoiceFromParams(core, params).id))
    } catch (err) {
      if (err instanceof ApiError) return renderErrorPage(core, err)
      throw err
    }
  })
}

/** test mode for a known public key; 401 otherwise. */
export function requirePublicKey(core: SandboxCore, key: unknown): boolean {
  if (key === core.config.testPublicKey) return true
  if (key === core.config.livePublicKey) return false
  throw apiErrors.unauthorized("Unknown public_key")
}

export function forbiddenCreation(): ApiError {
  return apiErrors.forbidden(
    "Creating invoices through the Public API is forbidden for this account (Allow public creation is off)"
  )
}

/**
 * Creates a payment invoice from HPP/form parameters (all values text, nested keys already parsed).
 * Needs a public key and "Allow public creation"; callback_url cannot be set this way (PayCore: only in account settings).
 */
export function createInvoiceFromParams(core: SandboxCore, params: Record<string, unknown>) {
  const testMode = requirePublicKey(core, params.public_key)
  if (!core.config.allowPublicCreation) throw forbiddenCreation()
  const { public_key: _key, cpi: _cpi, test_mode: _mode, callback_url: _cb, ...attributes } = params
  const input = buildPaymentInput(core, attributes, {
    amountAs: "text",
    testMode,
    source: "platform_public_api",
    acceptCallbackUrl: false,
    requireService: false,
  })
  return createPaymentInvoice(core, input)
}

function prerequestInput(core: SandboxCore, req: SandboxRequest) {
  const body = readJson(req)
  if (!isRecord(body)) throw apiErrors.invalid("public_key", "required", "public_key is required")
  const testMode = requirePublicKey(core, body.public_key)
  const currency = body.currency
  if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) {
    throw apiErrors.invalid(
      "currency",
      currency === undefined ? "required" : "invalid",
      "currency must be an ISO 4217 code"
    )
  }
  let amount: number | null = null
  if (body.amount !== undefined && body.amount !== null) {
    const decimals = core.config.currencies[currency]
    const parsed = decimals === undefined ? null : toMinorUnits(body.amount, decimals)
    if (parsed && !parsed.ok)
      throw apiErrors.invalid("amount", parsed.reason, "amount is not a valid amount for the currency")
    amount = parsed && parsed.ok ? parsed.minor : null
  }
  return { testMode, currency, amount }
}

/** Sandbox choice: a service whose limits exclude the requested amount is listed with status "unavailable". */
function withinLimits(
  core: SandboxCore,
  service: { amountMin: number | null; amountMax: number | null },
  currency: string,
  amount: number | null
): boolean {
  if (amount === null) return true
  const decimals = core.decimals(currency)
  const major = Number(formatMajor(amount, decimals))
  return (
    (service.amountMin === null || major >= service.amountMin) &&
    (service.amountMax === null || major <= service.amountMax)
  )
}

/**
 * [UNKNOWN] (docs/paycore-notes.md, "Public API / HPP") whether GET by id needs the key; off by default,
 * `publicReadRequiresKey` turns it on.
 */
function checkReadKey(core: SandboxCore, req: SandboxRequest): void {
  if (!core.config.publicReadRequiresKey) return
  requirePublicKey(core, req.query.get("public_key"))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
}
