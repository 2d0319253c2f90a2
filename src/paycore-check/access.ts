// Can this server talk to PayCore at all: the Private API's credentials and IP whitelist, and the public key's
// pre-requests (which also list the services the later probes use).
import { paycorePaymentPrerequestDocumentSchema, paycorePayoutPrerequestDocumentSchema } from "../lib/paycore"
import type { PaycorePrerequestService } from "../lib/paycore"
import { answerOf, type ProbeResult } from "./probe"
import { notAsked, row, type CheckContext } from "./context"
import type { CheckRow } from "./types"

const SETTINGS = "Commerce account → Settings → Integration"

export type AccessResult = {
  rows: CheckRow[]
  privateApi: boolean
  paymentServices: PaycorePrerequestService[] | null
  payoutServices: PaycorePrerequestService[] | null
}

export async function accessRows(ctx: CheckContext): Promise<AccessResult> {
  const { probe, options } = ctx
  const lookup = await probe.send({
    method: "GET",
    api: "private",
    path: "/payment-invoices",
    query: { "filter[reference_id]": probe.reference("unused") },
  })
  const rows = privateApiRows(lookup, options.baseUrl)
  const [payment, payout] = await Promise.all([prerequest(ctx, "payment"), prerequest(ctx, "payout")])
  rows.push(payment.row, payout.row)
  return {
    rows,
    privateApi: rows[0].verdict === "ok",
    paymentServices: payment.services,
    payoutServices: payout.services,
  }
}

/** 401 is the credentials, 403 the IP whitelist; any other answer came after both were accepted. */
function privateApiRows(lookup: ProbeResult, baseUrl: string): CheckRow[] {
  const credentials = (verdict: "ok" | "differs" | "not_available", summary: string, action: string | null = null) =>
    row(
      "credentials",
      "Private API credentials",
      "PayCore accepts accountId and apiKey (HTTP Basic)",
      answerOf(lookup, summary),
      verdict,
      action
    )
  const whitelist = (verdict: "ok" | "differs" | "not_available", summary: string, action: string | null = null) =>
    row(
      "ip_whitelist",
      "IP whitelist",
      "PayCore answers this server's Private API requests",
      answerOf(lookup, summary),
      verdict,
      action
    )
  if (lookup.status === null) {
    return [
      credentials(
        "differs",
        lookup.text,
        `check baseUrl (${baseUrl}) and this server's network: PayCore did not answer`
      ),
      whitelist("not_available", "no answer"),
    ]
  }
  if (lookup.status === 401) {
    return [
      credentials(
        "differs",
        `${lookup.text}: credentials refused`,
        `copy accountId (coma_…) and apiKey again (${SETTINGS})`
      ),
      whitelist("not_available", "the credentials were refused first"),
    ]
  }
  if (lookup.status === 403) {
    return [
      credentials("not_available", `${lookup.text}: this server was refused before the credentials were judged`),
      whitelist(
        "differs",
        `${lookup.text}: this server is refused`,
        `add this server's public IP to the IP whitelist (${SETTINGS})`
      ),
    ]
  }
  if (lookup.status >= 500) {
    return [
      credentials("not_available", `${lookup.text}: PayCore failed; run the check again later`),
      whitelist("not_available", "PayCore failed"),
    ]
  }
  return [
    credentials("ok", `${lookup.text}: an authenticated list read was answered`),
    whitelist("ok", `${lookup.text}: this server is allowed`),
  ]
}

async function prerequest(ctx: CheckContext, kind: "payment" | "payout") {
  const title = kind === "payment" ? "Payment pre-request (public key)" : "Payout pre-request (public key)"
  const expected = `PayCore lists ${kind} services for ${ctx.currency} to the public key`
  const publicKey = ctx.options.publicKey
  if (!publicKey) {
    return {
      row: notAsked(
        `${kind}_prerequest`,
        title,
        expected,
        "publicKey is not set",
        "set publicKey (pk_test_… or pk_live_…) to check the Public API"
      ),
      services: null,
    }
  }
  const result = await ctx.probe.send({
    method: "POST",
    api: "public",
    path: `/${kind}-prerequest`,
    body: { public_key: publicKey, currency: ctx.currency },
  })
  const schema = kind === "payment" ? paycorePaymentPrerequestDocumentSchema : paycorePayoutPrerequestDocumentSchema
  const parsed = result.ok ? schema.safeParse(result.body) : undefined
  if (!parsed?.success) {
    const refused = result.status !== null && result.status >= 400 && result.status < 500
    return {
      row: row(
        `${kind}_prerequest`,
        title,
        expected,
        answerOf(result, result.ok ? `${result.text}: not a pre-request document` : result.text),
        refused || result.ok ? "differs" : "not_available",
        refused ? `copy publicKey again (${SETTINGS}) and check the account's Hosted page domain` : null
      ),
      services: null,
    }
  }
  const services = Object.values(parsed.data.data.attributes.services).filter(
    (service) => service.currency.toUpperCase() === ctx.currency
  )
  const summary = services.length
    ? `${result.text}: ${services.map((service) => service.code).join(", ")}`
    : `${result.text}: no ${kind} service for ${ctx.currency}`
  return {
    row: row(
      `${kind}_prerequest`,
      title,
      expected,
      answerOf(result, summary),
      services.length ? "ok" : "differs",
      services.length
        ? null
        : `ask PayCore to enable a ${kind} service for ${ctx.currency}, or check another currency (--currency)`
    ),
    services,
  }
}
