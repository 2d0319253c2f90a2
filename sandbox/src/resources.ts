import type { SandboxCore } from "./core"
import { toMajorNumber } from "./money"
import { customerFee, paymentAmount } from "./fees"
import type { PaymentInvoice, PayoutInvoice, Refund } from "./state"

/**
 * JSON:API documents in the shape of PayCore's callback and response examples (docs/paycore-notes.md, "Refunds",
 * "Callbacks and signatures").
 * Attribute names and the `[]`-for-empty conventions follow those examples; values the sandbox does not model
 * (descriptor, reserves, original_data…) are present with PayCore's "nothing here" values.
 */

export interface JsonApiResource {
  type: string
  id: string
  attributes: Record<string, unknown>
  relationships?: Record<string, unknown>
  links?: Record<string, unknown>
}

export interface JsonApiDocument {
  data: JsonApiResource
  included?: JsonApiResource[]
}

function money(core: SandboxCore, currency: string) {
  const decimals = core.decimals(currency)
  return (minor: number | null): number | null => (minor === null ? null : toMajorNumber(minor, decimals))
}

/** flow_data tells the merchant how to send the buyer on; only meaningful while the invoice awaits payment. */
function flowData(core: SandboxCore, inv: PaymentInvoice): unknown {
  if (inv.status !== "created" && !(inv.status === "processing" && inv.threeDs)) return []
  return { action: core.hppUrl(inv.id), method: "GET", params: [] }
}

export function paymentInvoiceResource(core: SandboxCore, inv: PaymentInvoice): JsonApiResource {
  const m = money(core, inv.currency)
  const attributes: Record<string, unknown> = {
    status: inv.status,
    serial_number: inv.id.slice(inv.id.indexOf("_") + 1),
    resolution: inv.resolution,
    moderation_required: false,
    amount: m(inv.amount),
    payment_amount: m(paymentAmount(core, inv)),
    currency: inv.currency,
    service_currency: inv.currency,
    reference_id: inv.referenceId,
    test_mode: inv.testMode,
    description: inv.description,
    descriptor: null,
    fee: m(customerFee(core, inv)),
    deposit: m(inv.amount),
    processed: inv.processed,
    processed_amount: m(inv.processedAmount),
    refunded_amount: m(inv.refundedAmount),
    processed_fee: inv.processed === null ? null : m(customerFee(core, inv)),
    processed_deposit: m(inv.processedAmount === null ? null : inv.processedAmount - customerFee(core, inv)),
    metadata: inv.metadata,
    flow_data: flowData(core, inv),
    flow: "hpp",
    payment_flow: "charge",
    return_url: inv.returnUrl,
    // A PayCore that does not use return_urls is taken not to keep it either (the return-url-only profile).
    return_urls: core.config.returnUrlsHonoured ? (inv.returnUrls ?? []) : [],
    callback_url: inv.callbackUrl,
    created: inv.created,
    updated: inv.updated,
    expires: inv.expires,
    // `token` only on a saved card's payment (tokens.ts): the card saved by this payment or the one it was paid with.
    payload: inv.card
      ? { payment_card: inv.card, client_ip: inv.clientIp, ...(inv.token ? { token: inv.token } : {}) }
      : [],
    original_data: [],
    rrn: inv.rrn,
    approval_code: inv.approvalCode,
    reserved_amount: null,
    reserve_expires: null,
    unreserved: null,
    source: inv.source,
    callback_logs: [],
    charged_back_amount: m(inv.chargedBackAmount),
  }
  if (core.config.includeHppUrl) attributes.hpp_url = core.hppUrl(inv.id)

  const relationships: Record<string, unknown> = {}
  if (inv.service) {
    const service = core.config.paymentServices.find((s) => s.code === inv.service)
    relationships["payment-service"] = { data: { type: "payment-services", id: inv.service } }
    if (service) relationships["payment-method"] = { data: { type: "payment-methods", id: service.method } }
  }
  if (inv.customerId) relationships.customer = { data: { type: "customers", id: inv.customerId } }
  if (inv.refundIds.length > 0) relationships.refunds = { data: inv.refundIds.map((id) => ({ type: "refunds", id })) }

  return {
    type: "payment-invoices",
    id: inv.id,
    attributes,
    relationships,
    links: { self: `/api/payment-invoices/${inv.id}` },
  }
}

/**
 * `data` plus `included`: the customer (as in PayCore's charged_back callback example) and the invoice's refunds
 * (sandbox choice).
 */
export function paymentInvoiceDocument(core: SandboxCore, inv: PaymentInvoice): JsonApiDocument {
  const included: JsonApiResource[] = []
  if (inv.customer && inv.customerId) included.push(customerResource(core, inv.customerId, inv.customer))
  for (const id of inv.refundIds) {
    const refund = core.store.refunds.get(id)
    if (refund) included.push(refundResource(core, refund))
  }
  return { data: paymentInvoiceResource(core, inv), included }
}

export function customerResource(core: SandboxCore, id: string, customer: Record<string, unknown>): JsonApiResource {
  return {
    type: "customers",
    id,
    attributes: { ...customer },
    relationships: { "commerce-account": { data: { type: "commerce-accounts", id: core.config.accountId } } },
  }
}

/** Exactly the keys of PayCore's refund response example (docs/paycore-notes.md, "Refunds"). */
export function refundResource(core: SandboxCore, refund: Refund): JsonApiResource {
  return {
    type: "refunds",
    id: refund.id,
    attributes: {
      reference_id: refund.referenceId,
      original_id: null,
      description: refund.description,
      status: refund.status,
      amount: money(core, refund.currency)(refund.amount),
      fee: 0,
      currency: refund.currency,
      created: refund.created,
    },
    links: { self: `/refunds/${refund.id}` },
  }
}

export function payoutInvoiceResource(core: SandboxCore, inv: PayoutInvoice): JsonApiResource {
  const m = money(core, inv.currency)
  return {
    type: "payout-invoices",
    id: inv.id,
    attributes: {
      status: inv.status,
      serial_number: inv.id.slice(inv.id.indexOf("_") + 1),
      resolution: inv.resolution,
      moderation_required: false,
      fee: 0,
      amount: m(inv.amount),
      currency: inv.currency,
      reference_id: inv.referenceId,
      test_mode: inv.testMode,
      description: inv.description,
      fields: inv.fields,
      customer: inv.customer ?? [],
      metadata: inv.metadata,
      callback_url: inv.callbackUrl,
      processed: inv.processed,
      processed_amount: m(inv.processedAmount),
      created: inv.created,
      updated: inv.updated,
      source: inv.source,
      payouts: inv.payouts.map((p) => ({
        id: p.id,
        rrn: p.rrn,
        amount: m(p.amount),
        currency: inv.currency,
        status: p.status,
      })),
    },
    relationships: { "payout-service": { data: { type: "payout-services", id: inv.service } } },
    links: { self: `/api/payout-invoices/${inv.id}` },
  }
}

export function payoutInvoiceDocument(core: SandboxCore, inv: PayoutInvoice): JsonApiDocument {
  return { data: payoutInvoiceResource(core, inv) }
}
