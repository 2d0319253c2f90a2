import { z } from "zod"

import { PaycoreConfigError } from "../errors"
import {
  paycorePaymentInvoiceDocumentSchema,
  paycorePaymentPrerequestDocumentSchema,
  paycorePayoutPrerequestDocumentSchema,
  paycorePrerequestInputSchema,
  type PaycorePaymentInvoice,
  type PaycorePaymentPrerequest,
  type PaycorePayoutPrerequest,
} from "../schemas"
import { readByIdOnce } from "./invoices"
import { withRetries } from "./retry"
import type { PaycoreTransport } from "./transport"
import { requireText, validateRequest } from "./validation"

/** Public API calls (`{baseUrl}/public-api`, the public key in the body, no credentials). */

interface PrerequestEndpoint<S extends z.ZodType<{ data: unknown }>> {
  operation: string
  path: string
  schema: S
  expected: string
}

const PAYMENT_PREREQUEST = {
  operation: "paymentPrerequest",
  path: "/payment-prerequest",
  schema: paycorePaymentPrerequestDocumentSchema,
  expected: "payment pre-request document",
}

const PAYOUT_PREREQUEST = {
  operation: "payoutPrerequest",
  path: "/payout-prerequest",
  schema: paycorePayoutPrerequestDocumentSchema,
  expected: "payout pre-request document",
}

/** `POST /public-api/payment-prerequest`: payment services and methods available for a currency. */
export function paymentPrerequest(transport: PaycoreTransport, input: unknown): Promise<PaycorePaymentPrerequest> {
  return prerequest(transport, PAYMENT_PREREQUEST, input)
}

/** `POST /public-api/payout-prerequest`: payout services (with limits and rates) for a currency. */
export function payoutPrerequest(transport: PaycoreTransport, input: unknown): Promise<PaycorePayoutPrerequest> {
  return prerequest(transport, PAYOUT_PREREQUEST, input)
}

/** `GET /public-api/payment-invoices/{id}` (no credentials are sent). */
export async function getPublicPaymentInvoice(
  transport: PaycoreTransport,
  invoiceId: string
): Promise<PaycorePaymentInvoice> {
  const operation = "getPublicPaymentInvoice"
  requireText(invoiceId, "invoiceId", operation)
  // Whether PayCore needs the key for this read is not documented (docs/paycore-notes.md): send it when there is one.
  const read = {
    api: "public",
    path: "/payment-invoices",
    schema: paycorePaymentInvoiceDocumentSchema,
    expected: "payment invoice document",
    ...(transport.publicKey ? { query: { public_key: transport.publicKey } } : {}),
  } as const
  const document = await withRetries(transport, operation, () => readByIdOnce(transport, read, invoiceId, operation))
  return document.data
}

async function prerequest<S extends z.ZodType<{ data: unknown }>>(
  transport: PaycoreTransport,
  endpoint: PrerequestEndpoint<S>,
  input: unknown
): Promise<z.output<S>["data"]> {
  const { operation } = endpoint
  const parsed = validateRequest(paycorePrerequestInputSchema, input, operation)
  const publicKey = parsed.publicKey ?? transport.publicKey
  if (!publicKey) {
    throw new PaycoreConfigError("a publicKey (client option or argument) is required for the Public API", {
      operation,
    })
  }
  // A pre-request only reads the account's configuration, so repeating it is harmless.
  const answer = await withRetries(transport, operation, () =>
    transport.send({
      operation,
      method: "POST",
      api: "public",
      path: endpoint.path,
      body: { public_key: publicKey, currency: parsed.currency, amount: parsed.amount },
    })
  )
  return transport.parse(endpoint.schema, answer, operation, endpoint.expected).data
}
