// One test invoice read back every way the plugin reads invoices, created again under its reference, and refunded
// while unpaid (which PayCore refuses before any money moves): what each answer says about this PayCore.
import { row, type CheckContext } from "./context"
import type { Invoice } from "./payment-invoices"
import { answerOf, listOf, resourceOf, type ProbeResult } from "./probe"
import type { CheckRow } from "./types"

const EXPECTED = {
  read_by_id: "GET /api/payment-invoices/{id} answers the invoice",
  reference_filter: "filter[reference_id] lists exactly the invoice with that reference",
  public_read: "GET /public-api/payment-invoices/{id} answers the invoice",
  duplicate_reference: "a second create with the same reference_id is refused",
  refund_api: "POST /api/payment-invoices/{id}/refund exists (an unpaid invoice is refused before money moves)",
  error_format: "refusals carry PayCore's {request_id, error_type, error_codes}",
}

/** PayCore's documented answer to a repeated reference_id (docs/paycore-notes.md, "Errors and duplicate references"). */
const DOCUMENTED_DUPLICATE_STATUS = 429

const LOOKUP_ACTION =
  "no option changes this: the plugin never adopts another reference's invoice, but after a lost answer it cannot " +
  "tell whether PayCore made the invoice or payout and asks you to look in PayCore's dashboard; ask PayCore to " +
  "support filter[reference_id]"

export async function invoiceReadRows(ctx: CheckContext, invoice: Invoice): Promise<CheckRow[]> {
  const rows = [
    await readByIdRow(ctx, invoice),
    await referenceFilterRow(ctx, invoice),
    await publicReadRow(ctx, invoice),
  ]
  const duplicate = await ctx.probe.create(invoice.reference, {
    api: "private",
    path: "/payment-invoices",
    body: { data: { type: "payment-invoices", attributes: invoice.sent } },
  })
  rows.push(duplicateRow(invoice, duplicate))
  const refund = await ctx.probe.create(ctx.probe.reference("refund"), {
    api: "private",
    path: `/payment-invoices/${encodeURIComponent(invoice.id)}/refund`,
    body: {
      data: {
        type: "refund",
        attributes: {
          invoiceId: invoice.id,
          amount: 1,
          reference_id: ctx.probe.reference("refund"),
          description: ctx.description,
        },
      },
    },
  })
  rows.push(refundRow(refund))
  rows.push(errorFormatRow([duplicate, refund]))
  return rows
}

async function readByIdRow(ctx: CheckContext, invoice: Invoice): Promise<CheckRow> {
  const read = await ctx.probe.send({
    method: "GET",
    api: "private",
    path: `/payment-invoices/${encodeURIComponent(invoice.id)}`,
  })
  const same = resourceOf(read)?.attributes.reference_id === invoice.reference
  return row(
    "read_by_id",
    "Invoice read by id",
    EXPECTED.read_by_id,
    answerOf(read, same ? `${read.text}: the invoice` : read.text),
    same ? "ok" : "differs",
    same
      ? null
      : "PayCore did not answer the invoice it had just created: the plugin could not check payments; report it"
  )
}

async function referenceFilterRow(ctx: CheckContext, invoice: Invoice): Promise<CheckRow> {
  const title = "Invoice lookup by filter[reference_id]"
  const lookup = (reference: string) =>
    ctx.probe.send({
      method: "GET",
      api: "private",
      path: "/payment-invoices",
      query: { "filter[reference_id]": reference },
    })
  const own = await lookup(invoice.reference)
  if (!own.ok) {
    const refused = own.status !== null && own.status >= 400 && own.status < 500
    return row(
      "reference_filter",
      title,
      EXPECTED.reference_filter,
      answerOf(own, own.text),
      refused ? "differs" : "not_available",
      refused ? LOOKUP_ACTION : null,
      refused ? "reference-filter-refused" : null
    )
  }
  // A reference nobody used must list nothing; a PayCore that ignores the filter lists the account's invoices.
  const unused = await lookup(ctx.probe.reference("unused"))
  const strangers = [...listOf(own), ...listOf(unused)].filter(
    (item) => item.attributes?.reference_id !== invoice.reference
  )
  const found = listOf(own).some((item) => item.id === invoice.id)
  if (strangers.length > 0) {
    return row(
      "reference_filter",
      title,
      EXPECTED.reference_filter,
      answerOf(unused, `${unused.text}: the list holds invoices of other references (the filter is ignored)`),
      "differs",
      LOOKUP_ACTION,
      "reference-filter-ignored"
    )
  }
  return found
    ? row("reference_filter", title, EXPECTED.reference_filter, answerOf(own, `${own.text}: exactly the invoice`), "ok")
    : row(
        "reference_filter",
        title,
        EXPECTED.reference_filter,
        answerOf(own, `${own.text}: the invoice is not listed`),
        "differs",
        LOOKUP_ACTION
      )
}

async function publicReadRow(ctx: CheckContext, invoice: Invoice): Promise<CheckRow> {
  const title = "Invoice read through the Public API"
  const path = `/payment-invoices/${encodeURIComponent(invoice.id)}`
  const bare = await ctx.probe.send({ method: "GET", api: "public", path })
  if (bare.ok)
    return row("public_read", title, EXPECTED.public_read, answerOf(bare, `${bare.text} without the public key`), "ok")
  const publicKey = ctx.options.publicKey
  if (!publicKey) {
    return row(
      "public_read",
      title,
      EXPECTED.public_read,
      answerOf(bare, `${bare.text} without the public key`),
      "differs",
      "set publicKey: PayCore wants it to read invoices publicly"
    )
  }
  const keyed = await ctx.probe.send({ method: "GET", api: "public", path, query: { public_key: publicKey } })
  return keyed.ok
    ? row(
        "public_read",
        title,
        EXPECTED.public_read,
        answerOf(keyed, `${bare.text} without the key; ${keyed.text} with ?public_key=`),
        "ok",
        null,
        "public-read-requires-key"
      )
    : row(
        "public_read",
        title,
        EXPECTED.public_read,
        answerOf(keyed, `${bare.text} without the key; ${keyed.text} with it`),
        "differs",
        "PayCore refused public invoice reads: check publicKey and the account's Hosted page domain"
      )
}

function duplicateRow(invoice: Invoice, duplicate: ProbeResult): CheckRow {
  const title = "A repeated reference_id"
  if (duplicate.ok) {
    const same = resourceOf(duplicate)?.id === invoice.id
    return same
      ? row(
          "duplicate_reference",
          title,
          EXPECTED.duplicate_reference,
          answerOf(duplicate, `${duplicate.text}: answered the existing invoice`),
          "ok",
          null,
          "duplicate-returns-existing"
        )
      : row(
          "duplicate_reference",
          title,
          EXPECTED.duplicate_reference,
          answerOf(duplicate, `${duplicate.text}: a second invoice was made for the same reference_id`),
          "differs",
          "PayCore does not refuse a repeated reference_id: set retryAttempts to 1 so that no create is ever sent twice, and report it to PayCore"
        )
  }
  if (duplicate.status === null || duplicate.status >= 500) {
    return row(
      "duplicate_reference",
      title,
      EXPECTED.duplicate_reference,
      answerOf(duplicate, duplicate.text),
      "not_available"
    )
  }
  const variant = duplicate.status === DOCUMENTED_DUPLICATE_STATUS ? null : `duplicate-${duplicate.status}`
  return row(
    "duplicate_reference",
    title,
    EXPECTED.duplicate_reference,
    answerOf(
      duplicate,
      `${duplicate.text}: refused (the plugin looks the reference up before trusting such an answer)`
    ),
    "ok",
    null,
    variant
  )
}

function refundRow(refund: ProbeResult): CheckRow {
  const title = "Refund API"
  const missing = refund.status === 403 || refund.status === 404
  if (missing) {
    return row(
      "refund_api",
      title,
      EXPECTED.refund_api,
      answerOf(refund, `${refund.text}: no refund endpoint for this account`),
      "differs",
      "ask PayCore to enable refunds through the API (the new refund model); until then refund in PayCore's dashboard",
      refund.status === 403 ? "refund-api-forbidden" : "refund-api-not-found"
    )
  }
  if (refund.ok) {
    return row(
      "refund_api",
      title,
      EXPECTED.refund_api,
      answerOf(refund, `${refund.text}: a refund of an unpaid test invoice was accepted`),
      "differs",
      "report it to PayCore: an unpaid invoice must not be refundable"
    )
  }
  if (refund.status === null || refund.status >= 500) {
    return row("refund_api", title, EXPECTED.refund_api, answerOf(refund, refund.text), "not_available")
  }
  return row(
    "refund_api",
    title,
    EXPECTED.refund_api,
    answerOf(refund, `${refund.text}: the unpaid invoice was refused, so the endpoint exists`),
    "ok"
  )
}

function errorFormatRow(refusals: ProbeResult[]): CheckRow {
  const title = "Error body format"
  const refusal = refusals.find((result) => result.errorFormat !== null)
  if (!refusal)
    return row("error_format", title, EXPECTED.error_format, answerOf(null, "no refusal was seen"), "not_available")
  const summary = `${refusal.text}: ${refusal.errorFormat === "jsonapi" ? "a JSON:API errors array" : refusal.errorFormat === "paycore" ? "PayCore's own fields" : "another shape"}; the plugin reads both`
  return row(
    "error_format",
    title,
    EXPECTED.error_format,
    answerOf(refusal, summary),
    "ok",
    null,
    refusal.errorFormat === "jsonapi" ? "errors-jsonapi" : null
  )
}
