import { timingSafeEqual } from "node:crypto"
import { registerBalancesEndpoint } from "./balances"
import type { SandboxConfig } from "./config"
import type { SandboxCore } from "./core"
import { ApiError, apiErrors } from "./errors"
import { type Handler, type Router, type SandboxRequest, phpJson, readJson } from "./http"
import { buildPaymentInput } from "./payment-input"
import { assertNewPaymentReference, createPaymentInvoice, getPaymentInvoice, requirePaymentInvoice } from "./payments"
import { confirmPayout, createPayout, requirePayoutInvoice } from "./payouts"
import { createRefund, requireRefund } from "./refunds"
import {
  paymentInvoiceDocument,
  paymentInvoiceResource,
  payoutInvoiceDocument,
  payoutInvoiceResource,
  refundResource,
} from "./resources"
import { startTokenPayment } from "./token-charges"
import { type TokenCheck, checkToken, customerReference, tokenRefusedError } from "./tokens"
import { Problems, checkAmount, parseWith, refundSchema } from "./validation"

/**
 * Commerce Private API (docs/paycore-notes.md, "Authentication and hosts"): `/api/...`, HTTP Basic
 * `accountId:apiKey`, JSON:API bodies.
 */
export function registerPrivateApi(router: Router, core: SandboxCore): void {
  const authed =
    (handler: Handler): Handler =>
    (req) => {
      authenticate(core, req)
      return handler(req)
    }

  router.add(
    "POST",
    "/api/payment-invoices",
    authed((req) => {
      const attributes = privateApiExpires(core, jsonApiAttributes(readJson(req), ["payment-invoices"]))
      const input = buildPaymentInput(core, attributes, {
        amountAs: "number",
        testMode: null,
        source: "merchant_api",
        acceptCallbackUrl: true,
        requireService: core.config.requireServiceOnPrivateCreate,
        acceptCardOptions: true,
      })
      // A saved card (`token`) is checked after the reference (a retried create is still a duplicate) and before
      // the invoice exists (`tokenRefusal: "create_422"` answers 422 and creates nothing).
      const token = input.cardOptions?.token
      let check: TokenCheck | null = null
      if (token) {
        assertNewPaymentReference(core, input.referenceId)
        check = checkToken(core, token, customerReference(input.customer), input.testMode)
        if (check.kind === "refused" && core.config.tokenRefusal === "create_422")
          throw tokenRefusedError(check.message)
      }
      const inv = createPaymentInvoice(core, input)
      if (check) startTokenPayment(core, inv, check)
      return phpJson(201, paymentInvoiceDocument(core, inv))
    })
  )

  router.add(
    "GET",
    "/api/payment-invoices",
    authed((req) => {
      const referenceId = referenceFilter(core, req)
      const status = req.query.get("filter[status]")
      const data = [...core.store.paymentInvoices.values()]
        .filter((inv) => referenceId === null || inv.referenceId === referenceId)
        .map((inv) => getPaymentInvoice(core, inv.id)!)
        .filter((inv) => status === null || inv.status === status)
        .sort((a, b) => b.created - a.created)
        .map((inv) => paymentInvoiceResource(core, inv))
      return phpJson(200, { data })
    })
  )

  router.add(
    "GET",
    "/api/payment-invoices/:id",
    authed((req) => phpJson(200, paymentInvoiceDocument(core, requirePaymentInvoice(core, req.params.id))))
  )

  router.add(
    "POST",
    "/api/payment-invoices/:id/refund",
    authed((req) => {
      if (core.config.refundApi === "forbidden")
        throw apiErrors.forbidden("The refund API is not enabled for this account")
      if (core.config.refundApi === "not_found") throw apiErrors.notFound()
      const inv = requirePaymentInvoice(core, req.params.id)
      const attributes = jsonApiAttributes(readJson(req), ["refund", "refunds"])
      const problems = new Problems()
      const attrs = parseWith(refundSchema, attributes, problems)
      if (attrs && attrs.invoiceId !== inv.id) {
        problems.add("invoiceId", "mismatch", `invoiceId must be the invoice of the URL (${inv.id})`)
      }
      const amount = attrs ? checkAmount(core.config, attrs.amount, inv.currency, problems) : undefined
      problems.throwIfAny()
      const refund = createRefund(core, inv, {
        amount: amount!,
        referenceId: attrs!.reference_id,
        description: attrs!.description ?? null,
      })
      return phpJson(201, { data: refundResource(core, refund) })
    })
  )

  // Sandbox addition: the refund's `links.self` is `/refunds/{id}`; the sandbox serves it under /api.
  router.add(
    "GET",
    "/api/refunds/:id",
    authed((req) => phpJson(200, { data: refundResource(core, requireRefund(core, req.params.id)) }))
  )

  router.add(
    "POST",
    "/api/payout-invoices",
    authed((req) => {
      const attributes = payoutAttributes(core.config.payoutBody, readJson(req))
      const inv = createPayout(core, attributes, "merchant_api")
      return phpJson(201, payoutInvoiceDocument(core, inv))
    })
  )

  router.add(
    "GET",
    "/api/payout-invoices",
    authed((req) => {
      const referenceId = referenceFilter(core, req)
      const data = [...core.store.payoutInvoices.values()]
        .filter((inv) => referenceId === null || inv.referenceId === referenceId)
        .sort((a, b) => b.created - a.created)
        .map((inv) => payoutInvoiceResource(core, inv))
      return phpJson(200, { data })
    })
  )

  // The confirmation step of a payout that was not auto-processed [UNKNOWN method and answer: modelled as POST,
  // answering the payout document] (docs/paycore-notes.md, "Payouts").
  router.add(
    "POST",
    "/api/payout-invoices/:id/process",
    authed((req) => {
      const inv = requirePayoutInvoice(core, req.params.id)
      confirmPayout(core, inv)
      return phpJson(200, payoutInvoiceDocument(core, inv))
    })
  )

  router.add(
    "GET",
    "/api/payout-invoices/:id",
    authed((req) => phpJson(200, payoutInvoiceDocument(core, requirePayoutInvoice(core, req.params.id))))
  )

  // Sandbox choice: `GET <balancesEndpoint>`, a path PayCore does not publish (balances.ts). Catch-all routes, so
  // they come after every other /api route.
  registerBalancesEndpoint(router, core, authed)
}

/** HTTP Basic with the Commerce Account ID as user name and the API key as password (PayCore's Private API auth). */
export function authenticate(core: SandboxCore, req: SandboxRequest): void {
  const header = req.headers.authorization
  const m = typeof header === "string" ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null
  if (!m) throw unauthorized()
  const decoded = Buffer.from(m[1], "base64").toString("utf8")
  const expected = `${core.config.accountId}:${core.config.apiKey}`
  if (!safeEqual(decoded, expected)) throw unauthorized()
}

function unauthorized(): ApiError {
  return apiErrors.unauthorized("Invalid or missing credentials", true)
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * `filter[reference_id]` of the invoice lists as this PayCore treats it (`referenceFilter`; the filter is known only
 * from third-party code, docs/paycore-notes.md, "Payment invoices"): the reference to filter by, or null.
 */
function referenceFilter(core: SandboxCore, req: SandboxRequest): string | null {
  const referenceId = req.query.get("filter[reference_id]")
  if (referenceId === null || core.config.referenceFilter === "supported") return referenceId
  if (core.config.referenceFilter === "ignored") return null
  throw new ApiError(400, "bad_request", [
    { code: "not_allowed", field: "filter[reference_id]", message: "filter[reference_id] is not a supported filter" },
  ])
}

/** Checks the JSON:API envelope `{data:{type, attributes}}` and returns the attributes. */
/** `expires` on a Private API create, as the account's PayCore treats it (`privateApiExpires`). */
function privateApiExpires(core: SandboxCore, attributes: unknown): unknown {
  if (!isRecord(attributes) || attributes.expires === undefined) return attributes
  if (core.config.privateApiExpires === "honoured") return attributes
  if (core.config.privateApiExpires === "ignored") {
    const { expires: _ignored, ...rest } = attributes
    return rest
  }
  const problems = new Problems()
  problems.add("expires", "not_allowed", "expires is not an attribute of a payment invoice")
  problems.throwIfAny()
  return attributes
}

/**
 * The attributes of a payout request in the body format(s) this PayCore accepts (`payoutBody`): PayCore's current
 * docs send a JSON:API envelope with the singular `payout-invoice`, its "Play with API" page a flat body.
 */
function payoutAttributes(accepted: SandboxConfig["payoutBody"], body: unknown): unknown {
  const enveloped = isRecord(body) && "data" in body
  const type = enveloped && isRecord(body.data) ? String(body.data.type) : undefined
  const format = !enveloped ? "flat" : type === "payout-invoices" ? "envelope_plural" : "envelope"
  const allowed = accepted === "documented" ? ["envelope", "flat"] : [accepted]
  if (!allowed.includes(format)) {
    const problems = new Problems()
    const expected: Record<string, string> = {
      envelope: 'a JSON:API envelope {data:{type:"payout-invoice", attributes}}',
      envelope_plural: 'a JSON:API envelope {data:{type:"payout-invoices", attributes}}',
      flat: "the payout attributes without an envelope",
    }
    problems.add(
      enveloped ? "data.type" : "data",
      "invalid",
      `the payout request must be ${allowed.map((name) => expected[name]).join(" or ")}`
    )
    problems.throwIfAny()
  }
  if (format === "flat") return body
  return jsonApiAttributes(body, [format === "envelope_plural" ? "payout-invoices" : "payout-invoice"])
}

export function jsonApiAttributes(body: unknown, types: string[]): unknown {
  const problems = new Problems()
  if (!isRecord(body) || !isRecord(body.data)) {
    problems.add("data", "required", "data is required (JSON:API envelope {data:{type, attributes}})")
    problems.throwIfAny()
  }
  const data = (body as { data: Record<string, unknown> }).data
  if (!types.includes(String(data.type))) {
    problems.add("type", data.type === undefined ? "required" : "invalid", `data.type must be "${types[0]}"`)
  }
  if (!isRecord(data.attributes)) problems.add("attributes", "required", "data.attributes is required")
  problems.throwIfAny()
  return data.attributes
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
}
