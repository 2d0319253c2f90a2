import { z } from "zod"

import { PaycoreApiError, PaycoreReferenceLookupError } from "../errors"
import { redactForLog } from "../redact"
import {
  paycoreCreatePaymentInvoiceAttributesSchema,
  paycoreCreatePayoutInvoiceAttributesSchema,
  paycorePaymentInvoiceDocumentSchema,
  paycorePaymentInvoiceListDocumentSchema,
  paycorePayoutInvoiceDocumentSchema,
  paycorePayoutInvoiceListDocumentSchema,
  type PaycorePaymentInvoice,
  type PaycorePaymentInvoiceDocument,
  type PaycorePayoutInvoice,
} from "../schemas"
import { createIdempotently, withRetries } from "./retry"
import type { ApiSurface, HttpAnswer, PaycoreTransport } from "./transport"
import { requireText, validateRequest } from "./validation"

/**
 * Private API calls on payment invoices (`cpi_…`) and payout invoices (`cpoi_…`).
 * Both kinds are created, read and looked up by reference the same way, so one set of
 * functions serves both, told apart by an `InvoiceEndpoint`.
 */

type PaycorePayoutInvoiceDocument = z.output<typeof paycorePayoutInvoiceDocumentSchema>

interface ReferencedResource {
  id: string
  attributes: { reference_id?: string | null }
}

export interface InvoiceEndpoint<Resource extends ReferencedResource, Document extends { data: Resource }> {
  /** "payment invoice": names the object in log lines and in `PaycoreResponseError.expected`. */
  noun: string
  /** JSON:API `data.type` of the create body. */
  type: string
  /** Collection path below `/api`. */
  path: string
  createSchema: z.ZodType<{ reference_id: string }>
  documentSchema: z.ZodType<Document>
  listSchema: z.ZodType<{ data: Resource[] }>
}

/** `POST|GET /api/payment-invoices`. */
export const PAYMENT_INVOICES: InvoiceEndpoint<PaycorePaymentInvoice, PaycorePaymentInvoiceDocument> = {
  noun: "payment invoice",
  type: "payment-invoices",
  path: "/payment-invoices",
  createSchema: paycoreCreatePaymentInvoiceAttributesSchema,
  documentSchema: paycorePaymentInvoiceDocumentSchema,
  listSchema: paycorePaymentInvoiceListDocumentSchema,
}

/**
 * `POST|GET /api/payout-invoices`. The create body's `type` is the singular `payout-invoice`, as PayCore's current
 * docs and a production integration send it (docs/paycore-notes.md, "Payouts"); answers are `payout-invoices`.
 */
export const PAYOUT_INVOICES: InvoiceEndpoint<PaycorePayoutInvoice, PaycorePayoutInvoiceDocument> = {
  noun: "payout invoice",
  type: "payout-invoice",
  path: "/payout-invoices",
  createSchema: paycoreCreatePayoutInvoiceAttributesSchema,
  documentSchema: paycorePayoutInvoiceDocumentSchema,
  listSchema: paycorePayoutInvoiceListDocumentSchema,
}

/**
 * `POST /api/{invoices}`. Idempotent by `reference_id`: an invoice that an earlier,
 * unconfirmed attempt created is returned instead of a second one. Card numbers in
 * `fields` are masked to first 6 + last 4 in anything logged. `flat` sends the attributes without the JSON:API
 * envelope.
 */
export async function createInvoice<R extends ReferencedResource, D extends { data: R }>(
  transport: PaycoreTransport,
  endpoint: InvoiceEndpoint<R, D>,
  operation: string,
  attributes: unknown,
  format: "envelope" | "flat" = "envelope"
): Promise<R> {
  const body = validateRequest(endpoint.createSchema, attributes, operation)
  transport.logger?.debug(`paycore: creating ${endpoint.noun}`, { operation, attributes: redactForLog(body) })
  return createIdempotently(transport, {
    operation,
    referenceId: body.reference_id,
    create: async () => {
      const answer = await transport.send({
        operation,
        method: "POST",
        api: "private",
        path: endpoint.path,
        body: format === "flat" ? body : { data: { type: endpoint.type, attributes: body } },
      })
      return transport.parse(endpoint.documentSchema, answer, operation, `${endpoint.noun} document`).data
    },
    findExisting: () => findInvoiceOnce(transport, endpoint, body.reference_id, operation),
  })
}

/** `GET /api/{invoices}/{id}`, repeated on passing failures. */
export async function getInvoice<R extends ReferencedResource, D extends { data: R }>(
  transport: PaycoreTransport,
  endpoint: InvoiceEndpoint<R, D>,
  operation: string,
  invoiceId: string
): Promise<R> {
  requireText(invoiceId, "invoiceId", operation)
  const document = await withRetries(transport, operation, () =>
    readInvoiceDocumentOnce(transport, endpoint, invoiceId, operation)
  )
  return document.data
}

/**
 * `GET /api/{invoices}?filter[reference_id]=…` → the invoice with exactly this reference,
 * or null. The result is matched again locally, so a server that ignores the filter
 * cannot make the client return somebody else's invoice. Only the first answer is read
 * (no paging). Throws `PaycoreReferenceLookupError` when PayCore refuses the filter or
 * evidently ignores it without listing the reference: "unknown", never "none".
 */
export async function findInvoiceByReference<R extends ReferencedResource, D extends { data: R }>(
  transport: PaycoreTransport,
  endpoint: InvoiceEndpoint<R, D>,
  operation: string,
  referenceId: string
): Promise<R | null> {
  requireText(referenceId, "referenceId", operation)
  return withRetries(transport, operation, () => findInvoiceOnce(transport, endpoint, referenceId, operation))
}

/**
 * `POST /api/payout-invoices/{id}/process`: the confirmation step of a payout that was not auto-processed
 * (docs/paycore-notes.md, "Payouts"). Sent once, never repeated: PayCore documents neither its answer nor what a
 * second call does, so the payout is read back by id afterwards and that read is what the caller gets.
 */
export async function confirmPayoutInvoice(
  transport: PaycoreTransport,
  invoiceId: string,
  operation: string
): Promise<PaycorePayoutInvoice> {
  requireText(invoiceId, "invoiceId", operation)
  await transport.send({
    operation,
    method: "POST",
    api: "private",
    path: `${PAYOUT_INVOICES.path}/${encodeURIComponent(invoiceId)}/process`,
    body: {},
  })
  return getInvoice(transport, PAYOUT_INVOICES, operation, invoiceId)
}

// ---------------------------------------------------------------------------
// Single-attempt building blocks (no retries inside)
// ---------------------------------------------------------------------------

/** `GET /{api|public-api}{path}/{id}` once, the answer checked against `schema`. */
export async function readByIdOnce<S extends z.ZodType>(
  transport: PaycoreTransport,
  read: { api: ApiSurface; path: string; schema: S; expected: string; query?: Record<string, string> },
  id: string,
  operation: string
): Promise<z.output<S>> {
  const answer = await transport.send({
    operation,
    method: "GET",
    api: read.api,
    path: `${read.path}/${encodeURIComponent(id)}`,
    ...(read.query ? { query: read.query } : {}),
  })
  return transport.parse(read.schema, answer, operation, read.expected)
}

/** The whole document (with `included`) of one invoice, read once over the Private API. */
export function readInvoiceDocumentOnce<R extends ReferencedResource, D extends { data: R }>(
  transport: PaycoreTransport,
  endpoint: InvoiceEndpoint<R, D>,
  invoiceId: string,
  operation: string
): Promise<D> {
  const read = {
    api: "private",
    path: endpoint.path,
    schema: endpoint.documentSchema,
    expected: `${endpoint.noun} document`,
  } as const
  return readByIdOnce(transport, read, invoiceId, operation)
}

/** Answers to a lookup by reference that mean "this PayCore does not do that" rather than credentials or weather. */
function refusesLookup(error: unknown): error is PaycoreApiError {
  return (
    error instanceof PaycoreApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    ![401, 403, 408, 429].includes(error.status)
  )
}

/**
 * One lookup by reference. The filter is known only from third-party code (docs/paycore-notes.md, "Payment
 * invoices"), so a PayCore may refuse it (4xx) or ignore it (an unfiltered first page): both throw
 * `PaycoreReferenceLookupError` unless the page holds the reference.
 */
async function findInvoiceOnce<R extends ReferencedResource, D extends { data: R }>(
  transport: PaycoreTransport,
  endpoint: InvoiceEndpoint<R, D>,
  referenceId: string,
  operation: string
): Promise<R | null> {
  const context = { operation, referenceId, noun: endpoint.noun }
  let answer: HttpAnswer
  try {
    answer = await transport.send({
      operation,
      method: "GET",
      api: "private",
      path: endpoint.path,
      query: { "filter[reference_id]": referenceId },
    })
  } catch (error) {
    if (refusesLookup(error)) throw new PaycoreReferenceLookupError({ ...context, kind: "refused", answer: error })
    throw error
  }
  const list = transport.parse(endpoint.listSchema, answer, operation, `${endpoint.noun} list`)
  const matches = list.data.filter((resource) => resource.attributes.reference_id === referenceId)
  if (matches.length === 0 && list.data.length > 0) {
    // Only other references listed: the filter was ignored, and one page of the account's invoices proves nothing.
    throw new PaycoreReferenceLookupError({ ...context, kind: "ignored", listed: list.data.length })
  }
  if (matches.length > 1) {
    // reference_id is unique per commerce account; more than one match means the
    // account's data is not what we assume, so say so rather than pick silently.
    transport.logger?.warn("paycore: several invoices share one reference_id; using the first", {
      operation,
      referenceId,
      ids: matches.map((resource) => resource.id),
    })
  }
  return matches[0] ?? null
}
