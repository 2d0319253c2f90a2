// Test payment invoices, created the way the provider creates them, then read back every way the plugin reads them:
// what PayCore does with `expires`, `service`, `return_urls`, a repeated reference_id, and the refund endpoint.
import type { PaycorePrerequestService } from "../lib/paycore"
import { invoiceReadRows } from "./invoice-reads"
import { answerOf, names, notSent, resourceOf, type ProbeResult } from "./probe"
import { notAsked, row, type CheckContext } from "./context"
import type { CheckRow } from "./types"

export type Invoice = {
  id: string
  reference: string
  attributes: Record<string, unknown>
  sent: Record<string, unknown>
}
type Attempt = { result: ProbeResult; invoice?: Invoice; sent: Record<string, unknown> }

const RETURN = "https://paycore-check.invalid/return"
const EXPIRES = /^expires\b/
const SERVICE = /^service\b/

export async function paymentInvoiceRows(
  ctx: CheckContext,
  services: PaycorePrerequestService[] | null,
  privateApi: boolean
): Promise<{ rows: CheckRow[]; invoice?: Invoice }> {
  if (!privateApi) {
    const why = "the Private API did not answer (see above)"
    const rows = [
      notAsked("payment_service", "Payment invoice with and without service", "an invoice is created", why),
      notAsked("expires", "Invoice lifetime (expires)", "expires is honoured", why),
    ]
    for (const [id, title, expected] of INVOICE_QUESTIONS) rows.push(notAsked(id, title, expected, why))
    return { rows }
  }
  const { options, currency } = ctx
  const configured = options.services[currency]
  const anyService = configured ?? services?.find((s) => s.method === "payment_card")?.code ?? services?.[0]?.code
  const lifetime = options.invoiceLifetimeMinutes

  // 1. The provider's own request: its service choice and, when it sends one, `expires`.
  let expiresSent = lifetime > 0
  let first = await create(ctx, "invoice", { service: configured, expires: expiresSent })
  let expiresRefused: Attempt | undefined
  if (!first.invoice && expiresSent && names(first.result, EXPIRES)) {
    expiresRefused = first
    expiresSent = false
    first = await create(ctx, "invoice-no-expires", { service: configured, expires: false })
  }
  // 2. The other service choice, so that both "with" and "without service" are known.
  const other = await create(ctx, configured ? "invoice-no-service" : "invoice-service", {
    service: configured ? undefined : anyService,
    expires: expiresSent,
    skip: !configured && !anyService,
  })
  const withService = configured ? first : other
  const withoutService = configured ? other : first
  const invoice = first.invoice ?? other.invoice

  const rows: CheckRow[] = [
    serviceRow(ctx, withService, withoutService, configured, anyService),
    expiresRow(ctx, invoice, expiresRefused, expiresSent),
  ]
  if (!invoice) {
    const why = "no test invoice could be created (see the rows above)"
    for (const [id, title, expected] of INVOICE_QUESTIONS) rows.push(notAsked(id, title, expected, why))
    return { rows }
  }
  rows.push(hostedPageRow(invoice), returnUrlsRow(invoice), feeRow(invoice))
  rows.push(...(await invoiceReadRows(ctx, invoice)))
  return { rows, invoice }
}

const INVOICE_QUESTIONS: [string, string, string][] = [
  ["hosted_page", "Hosted page address", "the invoice carries its hosted page (flow_data.action or hpp_url)"],
  ["return_urls", "Return URLs", "return_urls are kept (the plugin also sends return_url)"],
  ["fee", "Fee on top of the amount", "amount is what the customer pays, or PayCore shows its fee separately"],
  ["read_by_id", "Invoice read by id", "GET /api/payment-invoices/{id} answers the invoice"],
  ["reference_filter", "Invoice lookup by filter[reference_id]", "filter[reference_id] lists exactly the invoice"],
  ["public_read", "Invoice read through the Public API", "GET /public-api/payment-invoices/{id} answers the invoice"],
  ["duplicate_reference", "A repeated reference_id", "a second create with the same reference_id is refused"],
  ["refund_api", "Refund API", "POST /api/payment-invoices/{id}/refund exists"],
  ["error_format", "Error body format", "refusals carry PayCore's {request_id, error_type, error_codes}"],
]

const EXPECTED = Object.fromEntries(INVOICE_QUESTIONS.map(([id, , expected]) => [id, expected]))

async function create(
  ctx: CheckContext,
  name: string,
  choice: { service?: string; expires: boolean; skip?: boolean }
): Promise<Attempt> {
  const reference = ctx.probe.reference(name)
  const sent: Record<string, unknown> = {
    reference_id: reference,
    amount: 1,
    currency: ctx.currency,
    description: ctx.description,
    test_mode: true,
    return_url: RETURN,
    return_urls: {
      success: `${RETURN}?result=success`,
      pending: `${RETURN}?result=pending`,
      fail: `${RETURN}?result=fail`,
    },
    ...(choice.service ? { service: choice.service } : {}),
    // A check invoice's page closes soon whatever the plugin's own lifetime.
    ...(choice.expires ? { expires: Math.floor(Date.now() / 1000) + 15 * 60 } : {}),
  }
  if (choice.skip) return { result: notSent("not asked: no payment service known for this currency"), sent }
  const result = await ctx.probe.create(reference, {
    api: "private",
    path: "/payment-invoices",
    body: { data: { type: "payment-invoices", attributes: sent } },
  })
  const resource = result.ok ? resourceOf(result) : undefined
  return { result, sent, invoice: resource && { ...resource, reference, sent } }
}

function serviceRow(
  ctx: CheckContext,
  withService: Attempt,
  withoutService: Attempt,
  configured: string | undefined,
  anyService: string | undefined
): CheckRow {
  const { currency } = ctx
  const title = "Payment invoice with and without service"
  const expected = configured
    ? `an invoice with service ${configured} (services.${currency}) is created`
    : `an invoice without service is created (PayCore's method picker on the hosted page)`
  const withText = withService.invoice ? "with service: created" : `with service: ${withService.result.text}`
  const withoutText = withoutService.invoice ? "without: created" : `without: ${withoutService.result.text}`
  const answer = answerOf(
    withoutService.invoice ? withService.result : withoutService.result,
    `${withText}; ${withoutText}`
  )
  const serviceRequired = !withoutService.invoice && names(withoutService.result, SERVICE)
  const variant = serviceRequired ? "service-required" : null
  if (configured && !withService.invoice) {
    return row(
      "payment_service",
      title,
      expected,
      answer,
      "differs",
      `services.${currency} = "${configured}" is refused: set it to a service the payment pre-request lists`,
      variant
    )
  }
  if (!configured && !withoutService.invoice) {
    const example = anyService ?? `payment_card_${currency.toLowerCase()}_hpp`
    const action = serviceRequired
      ? `set the services option, e.g. { ${currency}: "${example}" }: PayCore wants a service on every invoice`
      : null
    return row(
      "payment_service",
      title,
      expected,
      answer,
      withoutService.result.status === null && !serviceRequired ? "not_available" : "differs",
      action,
      variant
    )
  }
  return row("payment_service", title, expected, answer, "ok", null, variant)
}

function expiresRow(
  ctx: CheckContext,
  invoice: Invoice | undefined,
  refused: Attempt | undefined,
  sent: boolean
): CheckRow {
  const title = "Invoice lifetime (expires)"
  const minutes = ctx.options.invoiceLifetimeMinutes
  if (minutes === 0) {
    return notAsked(
      "expires",
      title,
      "not sent (invoiceLifetimeMinutes is 0)",
      "invoiceLifetimeMinutes is 0: the plugin does not send expires"
    )
  }
  const expected = `expires is honoured (invoiceLifetimeMinutes: ${minutes})`
  if (refused) {
    return row(
      "expires",
      title,
      expected,
      answerOf(refused.result, `${refused.result.text}: expires refused`),
      "differs",
      "set invoiceLifetimeMinutes to 0 and the account's Invoice lifetime (Commerce account → Settings) instead",
      "expires-refused"
    )
  }
  if (!invoice || !sent || invoice.sent.expires === undefined) {
    return notAsked("expires", title, expected, "no test invoice was created with expires")
  }
  const kept = Number(invoice.attributes.expires) === Number(invoice.sent.expires)
  return kept
    ? row("expires", title, expected, answerOf(null, "the invoice kept the expires it was sent"), "ok")
    : row(
        "expires",
        title,
        expected,
        answerOf(
          null,
          `the invoice expires at ${String(invoice.attributes.expires ?? "(none)")} instead of the time sent`
        ),
        "differs",
        `PayCore ignores expires: set the account's Invoice lifetime (Commerce account → Settings) to ${minutes} minutes, or invoiceLifetimeMinutes to 0`,
        "expires-ignored"
      )
}

function hostedPageRow(invoice: Invoice): CheckRow {
  const title = "Hosted page address"
  const hppUrl = invoice.attributes.hpp_url
  const flow = invoice.attributes.flow_data as { action?: unknown } | undefined
  const answer = (summary: string) => answerOf(null, summary)
  if (typeof hppUrl === "string" && hppUrl) {
    return row(
      "hosted_page",
      title,
      EXPECTED.hosted_page,
      answer("the invoice carries hpp_url"),
      "ok",
      null,
      "hpp-url-attribute"
    )
  }
  if (typeof flow?.action === "string" && flow.action) {
    return row("hosted_page", title, EXPECTED.hosted_page, answer("the invoice carries flow_data.action"), "ok")
  }
  return row(
    "hosted_page",
    title,
    EXPECTED.hosted_page,
    answer("neither flow_data.action nor hpp_url"),
    "differs",
    "PayCore gave no hosted-page address: customers would have nowhere to pay; report it to the plugin's issue tracker"
  )
}

function returnUrlsRow(invoice: Invoice): CheckRow {
  const kept = JSON.stringify(invoice.attributes.return_urls ?? "").includes(`${RETURN}?result=success`)
  return kept
    ? row("return_urls", "Return URLs", EXPECTED.return_urls, answerOf(null, "return_urls kept"), "ok")
    : row(
        "return_urls",
        "Return URLs",
        EXPECTED.return_urls,
        answerOf(null, "return_urls not kept; return_url is what the customer comes back to"),
        "ok",
        null,
        "return-url-only"
      )
}

/** Compared as PayCore wrote them (strings of its JSON numbers): no arithmetic on money. */
function feeRow(invoice: Invoice): CheckRow {
  const amount = String(invoice.attributes.amount)
  const paid = invoice.attributes.payment_amount
  const fee = invoice.attributes.fee
  const onTop =
    (paid !== undefined && paid !== null && String(paid) !== amount) ||
    (fee !== undefined && fee !== null && !/^0(\.0+)?$/.test(String(fee)))
  return onTop
    ? row(
        "fee",
        "Fee on top of the amount",
        EXPECTED.fee,
        answerOf(
          null,
          `the customer pays ${String(paid)} for an amount of ${amount} (fee ${String(fee)}); the plugin books amount`
        ),
        "ok",
        null,
        "fee-external"
      )
    : row(
        "fee",
        "Fee on top of the amount",
        EXPECTED.fee,
        answerOf(null, `payment_amount equals amount (${amount})`),
        "ok"
      )
}
