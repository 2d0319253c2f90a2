import type { SandboxConfig } from "./config"
import type { SandboxCore } from "./core"
import { ApiError, type ErrorCode, apiErrors } from "./errors"
import { type Router, type SandboxRequest, type SandboxResponse, parseNestedParams, readForm, redirect } from "./http"
import { renderErrorPage, renderPaymentPage, renderReturnPage, renderStatusPage, renderThreeDsPage } from "./hpp-views"
import { formatMajor, toMinorUnits } from "./money"
import {
  cardSnapshot,
  completePayment,
  failPayment,
  getPaymentInvoice,
  setPaymentPending,
  startProcessing,
  terminatePayment,
} from "./payments"
import { createInvoiceFromParams } from "./public-api"
import type { PaymentInvoice } from "./state"
import { savedCardPatch } from "./token-charges"
import {
  CARD_EXPIRED_RESOLUTION,
  TOKEN_REFUSED_RESOLUTION,
  cardFingerprint,
  checkToken,
  customerReference,
  savedCardOutcome,
  savedCardSnapshot,
  tokenizes,
} from "./tokens"
import {
  type CardOutcome,
  FAILING_3DS_CODE,
  FAILING_3DS_RESOLUTION,
  cardBrand,
  cardOutcome,
  maskCardNumber,
  parseExpiry,
} from "./test-cards"

/**
 * Hosted payment page (docs/paycore-notes.md, "Public API / HPP"). Routes (all documented in README "HPP"):
 *   GET|POST /hpp/?cpi=…            page of an existing invoice
 *   GET|POST /hpp/?public_key=…&…   parameters mode: creates an invoice, 303 → /hpp/?cpi=…
 *   POST /hpp/select   cpi, service                                   choose a method (invoice without service)
 *   POST /hpp/pay      cpi, card_number, card_expiry, card_cvv, card_holder   (card services)
 *                      cpi, card_cvv                                           (a saved card: `token`)
 *                      cpi, outcome=success|pending|fail                       (other methods)
 *   GET  /hpp/3ds?cpi=…   POST /hpp/3ds  cpi, code                    3-D Secure step
 *   POST /hpp/cancel   cpi                                            buyer cancels → terminated
 *   GET  /hpp/result?cpi=…                                           sandbox result page
 * After a final outcome the buyer is sent (303) to return_urls.success|pending|fail, else return_url, else the
 * account's HPP Return URL, else /hpp/result; with `hppFramedReturn: "message"` the step is a page instead, which
 * posts `return` to the window framing it, or goes on to that URL when not framed (hpp-views.ts, FRAME_SCRIPT).
 * Every HTML answer carries `Content-Security-Policy: frame-ancestors …` from `hppFrameAncestors`, so that PayCore's
 * widget can frame the page (README "In a frame (PayCore's widget)").
 */
export function registerHpp(router: Router, core: SandboxCore): void {
  const entry = (req: SandboxRequest) => {
    const pairs = [...req.query.entries()]
    if (req.method === "POST") pairs.push(...readForm(req))
    const params = parseNestedParams(pairs)
    if (typeof params.cpi === "string" && params.cpi !== "") return showInvoice(core, params.cpi, params)
    const inv = createInvoiceFromParams(core, params)
    return redirect(303, core.hppUrl(inv.id))
  }
  for (const path of ["/hpp/", "/hpp"]) {
    router.add("GET", path, page(core, entry))
    router.add("POST", path, page(core, entry))
  }

  router.add(
    "POST",
    "/hpp/select",
    page(core, (req) => {
      const form = formFields(req)
      const inv = requireInvoice(core, form.cpi)
      if (inv.status !== "created" || inv.service) return redirect(303, core.hppUrl(inv.id))
      const service = core.config.paymentServices.find((s) => s.code === form.service && s.currency === inv.currency)
      if (!service)
        return renderPaymentPage(core, inv, { status: 422, errors: ["Choose one of the listed payment methods"] })
      inv.service = service.code
      inv.updated = core.clock.now()
      core.save()
      return redirect(303, core.hppUrl(inv.id))
    })
  )

  router.add(
    "POST",
    "/hpp/pay",
    page(core, (req) => {
      const form = formFields(req)
      const inv = requireInvoice(core, form.cpi)
      if (inv.status !== "created") return renderStatusPage(core, inv, returnTarget(core, inv), 409)
      const service = inv.service ? core.config.paymentServices.find((s) => s.code === inv.service) : undefined
      if (!service) return renderPaymentPage(core, inv, { status: 422, errors: ["Choose a payment method first"] })
      if (service.method !== "payment_card") return payOtherMethod(core, inv, form.outcome)
      if (inv.cardOptions?.token) return paySavedCard(core, inv, form, req.remoteAddress)
      return payByCard(core, inv, form, req.remoteAddress)
    })
  )

  router.add(
    "GET",
    "/hpp/3ds",
    page(core, (req) => {
      const inv = requireInvoice(core, req.query.get("cpi") ?? "")
      if (!awaitingThreeDs(inv)) return redirect(303, core.hppUrl(inv.id))
      return renderThreeDsPage(core, inv)
    })
  )

  router.add(
    "POST",
    "/hpp/3ds",
    page(core, (req) => {
      const form = formFields(req)
      const inv = requireInvoice(core, form.cpi)
      if (!awaitingThreeDs(inv) || !inv.threeDs) return redirect(303, core.hppUrl(inv.id))
      const code = (form.code ?? "").trim()
      if (code === "") return renderThreeDsPage(core, inv, { status: 422, errors: ["Enter the confirmation code"] })
      const plan = inv.threeDs
      if (code === FAILING_3DS_CODE) failPayment(core, inv, FAILING_3DS_RESOLUTION)
      else if (plan.outcome === "success") completePayment(core, inv)
      else failPayment(core, inv, plan.resolution)
      return leave(core, inv)
    })
  )

  router.add(
    "POST",
    "/hpp/cancel",
    page(core, (req) => {
      const inv = requireInvoice(core, formFields(req).cpi)
      if (inv.status === "created" || awaitingThreeDs(inv)) terminatePayment(core, inv)
      return leave(core, inv)
    })
  )

  router.add(
    "GET",
    "/hpp/result",
    page(core, (req) => {
      const inv = requireInvoice(core, req.query.get("cpi") ?? "")
      return renderStatusPage(core, inv, null)
    })
  )
}

/** Renders ApiErrors as HTML pages (the HPP is for browsers) and lets the pages be framed as the config says. */
function page(
  core: SandboxCore,
  handler: (req: SandboxRequest) => SandboxResponse
): (req: SandboxRequest) => SandboxResponse {
  return (req) => {
    let res: SandboxResponse
    try {
      res = handler(req)
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      res = renderErrorPage(core, err)
    }
    if (!String(res.headers["content-type"] ?? "").startsWith("text/html")) return res
    return { ...res, headers: { ...res.headers, "content-security-policy": frameAncestorsPolicy(core.config) } }
  }
}

/**
 * `frame-ancestors *` when `hppFrameAncestors` holds `*`, else `frame-ancestors 'self'` and the listed origins. Never
 * X-Frame-Options: it cannot name several origins (and browsers ignore it next to frame-ancestors).
 */
export function frameAncestorsPolicy(config: Pick<SandboxConfig, "hppFrameAncestors">): string {
  const origins = config.hppFrameAncestors
  if (origins.includes("*")) return "frame-ancestors *"
  return ["frame-ancestors", "'self'", ...new Set(origins)].join(" ")
}

function formFields(req: SandboxRequest): Record<string, string | undefined> {
  return Object.fromEntries(readForm(req))
}

function requireInvoice(core: SandboxCore, id: string | undefined): PaymentInvoice {
  const inv = id ? getPaymentInvoice(core, id) : undefined
  if (!inv) throw apiErrors.notFound(`Payment invoice ${id ?? ""} not found`)
  return inv
}

function awaitingThreeDs(inv: PaymentInvoice): boolean {
  return inv.status === "processing" && inv.threeDs !== null
}

function showInvoice(core: SandboxCore, id: string, params: Record<string, unknown>): SandboxResponse {
  const inv = requireInvoice(core, id)
  if (core.config.hppCpiParams === "must_match") checkCpiParams(core, inv, params)
  if (inv.status === "created") return renderPaymentPage(core, inv)
  if (awaitingThreeDs(inv)) return renderThreeDsPage(core, inv)
  return renderStatusPage(core, inv, returnTarget(core, inv))
}

/**
 * `hppCpiParams: "must_match"`: the parameters PayCore's widget sends next to `cpi` must describe the invoice.
 * `amount` and `currency` count when present (even empty), `public_key` when not empty (the widget sends `""` when
 * it has none). Amounts compare as exact decimals ("32.5" = "32.50"); the key must be the account's public key of
 * the invoice's mode. Every mismatch is listed in one 422 naming its parameter.
 */
function checkCpiParams(core: SandboxCore, inv: PaymentInvoice, params: Record<string, unknown>): void {
  const problems: ErrorCode[] = []
  const decimals = core.decimals(inv.currency)
  if (params.amount !== undefined) {
    const parsed = typeof params.amount === "string" ? toMinorUnits(params.amount, decimals) : null
    if (!parsed?.ok || parsed.minor !== inv.amount) {
      const expected = `${formatMajor(inv.amount, decimals)} ${inv.currency}`
      problems.push({ code: "mismatch", field: "amount", message: `amount does not match the invoice (${expected})` })
    }
  }
  if (params.currency !== undefined && params.currency !== inv.currency) {
    problems.push({
      code: "mismatch",
      field: "currency",
      message: `currency does not match the invoice (${inv.currency})`,
    })
  }
  if (params.public_key !== undefined && params.public_key !== "") {
    const mode = inv.testMode ? "test" : "live"
    const expected = inv.testMode ? core.config.testPublicKey : core.config.livePublicKey
    if (params.public_key !== expected) {
      problems.push({
        code: "mismatch",
        field: "public_key",
        message: `public_key does not match the invoice: it is not the account's ${mode} public key`,
      })
    }
  }
  if (problems.length > 0) throw apiErrors.validation(problems)
}

/**
 * The last step of the page: 303 to the return URL, or with `hppFramedReturn: "message"` a page that posts `return`
 * to the window framing it (and goes on to the return URL when not framed).
 */
function leave(core: SandboxCore, inv: PaymentInvoice): SandboxResponse {
  const target = returnTarget(core, inv)
  if (core.config.hppFramedReturn === "message") return renderReturnPage(core, inv, target)
  return redirect(303, target)
}

function payOtherMethod(core: SandboxCore, inv: PaymentInvoice, outcome: string | undefined): SandboxResponse {
  switch (outcome) {
    case "success":
      completePayment(core, inv)
      break
    case "pending":
      setPaymentPending(core, inv, "ok")
      break
    case "fail":
      failPayment(core, inv, "declined")
      break
    default:
      return renderPaymentPage(core, inv, { status: 422, errors: ["outcome must be success, pending or fail"] })
  }
  return leave(core, inv)
}

function payByCard(
  core: SandboxCore,
  inv: PaymentInvoice,
  form: Record<string, string | undefined>,
  clientIp: string | null
): SandboxResponse {
  const number = (form.card_number ?? "").replace(/[\s-]/g, "")
  const expiry = parseExpiry(form.card_expiry ?? "")
  const cvv = (form.card_cvv ?? "").trim()
  const holder = (form.card_holder ?? "").trim() || null
  const errors: string[] = []
  if (!/^\d{12,19}$/.test(number)) errors.push("Card number must have 12 to 19 digits")
  if (!expiry) errors.push("Expiry must be MM/YY")
  if (!/^\d{3,4}$/.test(cvv)) errors.push("CVV must have 3 or 4 digits")
  const outcome = errors.length === 0 ? cardOutcome(number, expiry!.mmyy) : null
  if (outcome?.kind === "unknown_card") {
    errors.push("This sandbox accepts only PayCore's test cards (see the table below)")
  }
  const values = { card_number: form.card_number, card_expiry: form.card_expiry, card_holder: form.card_holder }
  if (errors.length > 0 || !outcome || !expiry) return renderPaymentPage(core, inv, { status: 422, errors, values })

  // With tokenize + customer.reference_id the card may be saved: PayCore's tokenisation shape, and the number's
  // fingerprint until the outcome (tokens.ts). Otherwise the shape the sandbox always had.
  const saving = tokenizes(inv)
  const card = saving
    ? savedCardSnapshot(number, holder, expiry.month, expiry.year2)
    : cardSnapshot(number, holder, expiry.month, expiry.year2, cardBrand(number), maskCardNumber(number))
  return applyCardOutcome(core, inv, outcome, {
    card,
    clientIp,
    ...(saving ? { cardFingerprint: cardFingerprint(number) } : {}),
  })
}

/**
 * The page of a `token` payment (no `instant`, or `tokenChargeFlow: "hpp"`): the buyer confirms the saved card with
 * its CVV (any 3 or 4 digits); the saved card's test-card outcome follows, with the 3-D Secure step for a 3DS card.
 * A token revoked or a card expired since the invoice was created fails it (`invalid_card` / `card_expired`).
 */
function paySavedCard(
  core: SandboxCore,
  inv: PaymentInvoice,
  form: Record<string, string | undefined>,
  clientIp: string | null
): SandboxResponse {
  const cvv = (form.card_cvv ?? "").trim()
  if (!/^\d{3,4}$/.test(cvv)) {
    return renderPaymentPage(core, inv, { status: 422, errors: ["CVV must have 3 or 4 digits"] })
  }
  const check = checkToken(core, inv.cardOptions!.token!, customerReference(inv.customer), inv.testMode)
  if (check.kind !== "usable") {
    startProcessing(core, inv, check.saved ? { ...savedCardPatch(check.saved), clientIp } : { clientIp })
    failPayment(core, inv, check.kind === "expired" ? CARD_EXPIRED_RESOLUTION : TOKEN_REFUSED_RESOLUTION)
    return leave(core, inv)
  }
  return applyCardOutcome(core, inv, savedCardOutcome(check.saved), { ...savedCardPatch(check.saved), clientIp })
}

/** A card's test-card outcome on the page: 3-D Secure step, processed, process_failed or process_pending. */
function applyCardOutcome(
  core: SandboxCore,
  inv: PaymentInvoice,
  outcome: CardOutcome,
  patch: Partial<PaymentInvoice>
): SandboxResponse {
  switch (outcome.kind) {
    case "success":
      if (outcome.threeDs) {
        startProcessing(core, inv, { ...patch, threeDs: { outcome: "success" } })
        return redirect(303, `${core.baseUrl}/hpp/3ds?cpi=${encodeURIComponent(inv.id)}`)
      }
      startProcessing(core, inv, patch)
      completePayment(core, inv)
      break
    case "fail":
      if (outcome.threeDs) {
        startProcessing(core, inv, { ...patch, threeDs: { outcome: "fail", resolution: outcome.resolution } })
        return redirect(303, `${core.baseUrl}/hpp/3ds?cpi=${encodeURIComponent(inv.id)}`)
      }
      startProcessing(core, inv, patch)
      failPayment(core, inv, outcome.resolution)
      break
    case "pending":
      startProcessing(core, inv, patch)
      setPaymentPending(core, inv, outcome.resolution)
      break
    default:
      startProcessing(core, inv, patch)
      failPayment(core, inv, TOKEN_REFUSED_RESOLUTION)
      break
  }
  return leave(core, inv)
}

/** Where the buyer goes after the page: by outcome, then return_url, account HPP Return URL, result page. */
export function returnTarget(core: SandboxCore, inv: PaymentInvoice): string {
  const bucket =
    inv.status === "processed" || inv.status === "partially_processed"
      ? "success"
      : inv.status === "created" || inv.status === "processing" || inv.status === "process_pending"
        ? "pending"
        : "fail"
  const target =
    (core.config.returnUrlsHonoured ? inv.returnUrls?.[bucket] : undefined) ??
    inv.returnUrl ??
    core.config.hppReturnUrl ??
    `${core.baseUrl}/hpp/result?cpi=${encodeURIComponent(inv.id)}`
  if (!core.config.sendOperationContext) return target
  const url = new URL(target)
  url.searchParams.set("id", inv.id)
  url.searchParams.set("serial_number", inv.id.slice(inv.id.indexOf("_") + 1))
  url.searchParams.set("reference_id", inv.referenceId)
  url.searchParams.set("amount", formatMajor(inv.amount, core.decimals(inv.currency)))
  url.searchParams.set("currency", inv.currency)
  url.searchParams.set("status", inv.status)
  return url.toString()
}
