import { z } from "zod"

/**
 * zod schemas for what PayCore returns (and what the client sends).
 *
 * PayCore is a PHP application and has raw habits the schemas must tolerate
 * (docs/paycore-notes.md, "Payment invoices" and "Callbacks and signatures"):
 * - an empty object is serialised as an empty array: `"metadata": []`, `"flow_data": []`;
 *   such values are normalised to `{}` so callers can always treat them as objects;
 * - amounts are JSON numbers in major units, sometimes numeric strings
 *   (`"amount_min": "0.01000000"` in pre-requests); both parse to numbers;
 * - amounts not yet known are `null`;
 * - objects gain new attributes over time, so every object schema is loose: unknown
 *   fields pass through untouched.
 * Status strings are deliberately plain strings, not enums: a status PayCore adds
 * later must not make a whole callback unreadable (the status table decides what an
 * unknown status means).
 */

// ---------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------

export const NUMERIC_STRING = /^-?\d+(?:\.\d+)?$/

/** A money amount in major units as PayCore sends it: `100.55` or `"100.55"`. */
export const paycoreAmountSchema = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(NUMERIC_STRING, "expected a numeric string")
    .transform((value) => Number(value)),
])

const nullableAmount = paycoreAmountSchema.nullable().optional()
const nullableString = z.string().nullable().optional()

/** Unix seconds; tolerates numeric strings. */
const timestamp = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d+$/)
      .transform((value) => Number(value)),
  ])
  .nullable()
  .optional()

/** `true`/`false`, or PHP's `1`/`0`. */
export const booleanish = z.union([z.boolean(), z.literal(0), z.literal(1)]).transform((value) => Boolean(value))

/**
 * An object that PHP may serialise as `[]` when it is empty. The empty array is
 * normalised to `{}`; a non-empty array is not an object and is rejected.
 */
function phpObject<T extends z.ZodType<Record<string, unknown>>>(schema: T) {
  return z.union([
    schema,
    z
      .array(z.unknown())
      .max(0)
      .transform(() => ({}) as z.output<T>),
  ])
}

const looseRecord = z.record(z.string(), z.unknown())
const phpRecord = phpObject(looseRecord).nullable().optional()

/** Any JSON:API resource PayCore may put in `included` (payment requests, customers, refunds…). */
export const paycoreIncludedResourceSchema = z.looseObject({
  type: z.string(),
  id: z.string(),
  attributes: phpObject(looseRecord).optional(),
})

// ---------------------------------------------------------------------------
// Payment invoices (cpi_…)
// ---------------------------------------------------------------------------

/** How to send the buyer to pay: navigate to `action` with `method`, posting `params` as form fields if POST. */
export const paycoreFlowDataSchema = z.looseObject({
  action: z.string().optional(),
  method: z.string().optional(),
  params: z.unknown().optional(),
  metadata: z.unknown().optional(),
})

export const paycorePaymentInvoiceAttributesSchema = z.looseObject({
  status: z.string().min(1),
  resolution: nullableString,
  currency: z.string().min(1),
  service_currency: nullableString,
  /** Requested amount, major units. */
  amount: nullableAmount,
  /** Amount the customer pays (amount ± fee depending on the fee strategy). */
  payment_amount: nullableAmount,
  /** Amount actually taken; null until processed. Compare this with the order total. */
  processed_amount: nullableAmount,
  refunded_amount: nullableAmount,
  charged_back_amount: nullableAmount,
  fee: nullableAmount,
  deposit: nullableAmount,
  processed_fee: nullableAmount,
  processed_deposit: nullableAmount,
  reserved_amount: nullableAmount,
  reference_id: nullableString,
  serial_number: nullableString,
  service: nullableString,
  description: nullableString,
  descriptor: nullableString,
  test_mode: booleanish.optional(),
  moderation_required: booleanish.optional(),
  flow: nullableString,
  payment_flow: nullableString,
  flow_data: phpObject(paycoreFlowDataSchema).nullable().optional(),
  /** Third-party integrations read this from create responses; not in official examples. */
  hpp_url: nullableString,
  return_url: nullableString,
  return_urls: phpRecord,
  callback_url: nullableString,
  metadata: phpRecord,
  payload: phpRecord,
  original_data: phpRecord,
  source: nullableString,
  rrn: nullableString,
  approval_code: nullableString,
  created: timestamp,
  /** Changes on every change of the invoice: order callbacks by it. */
  updated: timestamp,
  processed: timestamp,
  expires: timestamp,
})

const PAYMENT_INVOICE_ID = /^cpi_[A-Za-z0-9_-]+$/

export const paycorePaymentInvoiceResourceSchema = z.looseObject({
  type: z.literal("payment-invoices"),
  id: z.string().regex(PAYMENT_INVOICE_ID, "expected a payment invoice id (cpi_…)"),
  attributes: paycorePaymentInvoiceAttributesSchema,
  relationships: z.unknown().optional(),
  links: z.unknown().optional(),
})

export const paycorePaymentInvoiceDocumentSchema = z.looseObject({
  data: paycorePaymentInvoiceResourceSchema,
  included: z.array(paycoreIncludedResourceSchema).optional(),
})

export const paycorePaymentInvoiceListDocumentSchema = z.looseObject({
  data: z.array(paycorePaymentInvoiceResourceSchema),
  included: z.array(paycoreIncludedResourceSchema).optional(),
})

// ---------------------------------------------------------------------------
// Payout invoices (cpoi_…)
// ---------------------------------------------------------------------------

/** One part of a (possibly split) payout; present on finalised payout invoices. */
export const paycorePayoutPartSchema = z.looseObject({
  id: z.string(),
  rrn: nullableString,
  amount: nullableAmount,
  currency: nullableString,
  status: z.string(),
  resolution: nullableString,
  provider_id: nullableString,
  provider_code: nullableString,
  payload: z.unknown().optional(),
})

export const paycorePayoutInvoiceAttributesSchema = z.looseObject({
  status: z.string().min(1),
  resolution: nullableString,
  currency: z.string().min(1),
  amount: nullableAmount,
  fee: nullableAmount,
  processed_amount: nullableAmount,
  reference_id: nullableString,
  service: nullableString,
  description: nullableString,
  test_mode: booleanish.optional(),
  /** Service fields; PayCore may echo them (card numbers are masked before anything is logged). */
  fields: phpRecord,
  payouts: z.array(paycorePayoutPartSchema).optional(),
  metadata: phpRecord,
  callback_url: nullableString,
  created: timestamp,
  updated: timestamp,
  processed: timestamp,
})

const PAYOUT_INVOICE_ID = /^cpoi_[A-Za-z0-9_-]+$/

export const paycorePayoutInvoiceResourceSchema = z.looseObject({
  type: z.literal("payout-invoices"),
  id: z.string().regex(PAYOUT_INVOICE_ID, "expected a payout invoice id (cpoi_…)"),
  attributes: paycorePayoutInvoiceAttributesSchema,
  relationships: z.unknown().optional(),
  links: z.unknown().optional(),
})

export const paycorePayoutInvoiceDocumentSchema = z.looseObject({
  data: paycorePayoutInvoiceResourceSchema,
  included: z.array(paycoreIncludedResourceSchema).optional(),
})

export const paycorePayoutInvoiceListDocumentSchema = z.looseObject({
  data: z.array(paycorePayoutInvoiceResourceSchema),
  included: z.array(paycoreIncludedResourceSchema).optional(),
})

// ---------------------------------------------------------------------------
// Refunds (ref_…, "new refund model"; docs/paycore-notes.md, "Refunds")
// ---------------------------------------------------------------------------

export const paycoreRefundAttributesSchema = z.looseObject({
  status: z.string().min(1),
  reference_id: nullableString,
  original_id: nullableString,
  description: nullableString,
  amount: nullableAmount,
  fee: nullableAmount,
  currency: nullableString,
  created: timestamp,
})

const REFUND_ID = /^ref_[A-Za-z0-9_-]+$/

export const paycoreRefundResourceSchema = z.looseObject({
  type: z.literal("refunds"),
  id: z.string().regex(REFUND_ID, "expected a refund id (ref_…)"),
  attributes: paycoreRefundAttributesSchema,
  links: z.unknown().optional(),
})

export const paycoreRefundDocumentSchema = z.looseObject({
  data: paycoreRefundResourceSchema,
})

// ---------------------------------------------------------------------------
// Public API pre-requests (docs/paycore-notes.md, "Public API / HPP")
// ---------------------------------------------------------------------------

export const paycorePrerequestFieldSchema = z.looseObject({
  key: z.string(),
  type: nullableString,
  label: z.unknown().optional(),
  hint: z.unknown().optional(),
  example: z.unknown().optional(),
  regexp: nullableString,
  required: booleanish.optional(),
  weight: z.number().nullable().optional(),
})

export const paycorePrerequestServiceSchema = z.looseObject({
  code: z.string(),
  method: z.string(),
  flow: nullableString,
  currency: z.string(),
  fields: z.array(paycorePrerequestFieldSchema).optional(),
  status: nullableString,
  /** Payout pre-requests only. */
  amount_min: nullableAmount,
  amount_max: nullableAmount,
  exchange_rate: nullableAmount,
})

export const paycorePaymentMethodSchema = z.looseObject({
  code: z.string(),
  name: z.string(),
  category: nullableString,
  logo: nullableString,
  icon: nullableString,
})

function prerequestDocumentSchema<T extends string>(type: T) {
  return z.looseObject({
    data: z.looseObject({
      type: z.literal(type),
      attributes: z.looseObject({
        currency: z.string(),
        test_mode: booleanish.optional(),
        services: phpObject(z.record(z.string(), paycorePrerequestServiceSchema)),
        methods: phpObject(z.record(z.string(), paycorePaymentMethodSchema)).optional(),
      }),
    }),
  })
}

export const paycorePaymentPrerequestDocumentSchema = prerequestDocumentSchema("payment-prerequest")
export const paycorePayoutPrerequestDocumentSchema = prerequestDocumentSchema("payout-prerequest")

// ---------------------------------------------------------------------------
// Callbacks (docs/paycore-notes.md, "Callbacks and signatures")
// ---------------------------------------------------------------------------

/**
 * A callback body: one payment or payout invoice, told apart by `data.type`.
 * Validate it only after the signature over the raw bytes has been checked.
 */
export const paycoreCallbackSchema = z.looseObject({
  data: z.discriminatedUnion("type", [paycorePaymentInvoiceResourceSchema, paycorePayoutInvoiceResourceSchema]),
  included: z.array(paycoreIncludedResourceSchema).optional(),
})

// ---------------------------------------------------------------------------
// What the client sends
// ---------------------------------------------------------------------------

/**
 * An amount the client sends: a finite JSON number in MAJOR units, already rounded
 * to the currency's decimal digits (e.g. `10.5` for $10.50, `1235` for ¥1235).
 * Converting from Medusa's BigNumber is the caller's job (see the provider's money helper).
 */
export type PaycoreMajorUnitAmount = number

const requestAmount = (minimum: "positive" | "nonnegative") => {
  const base = z.number().refine(Number.isFinite, "expected a finite number")
  return minimum === "positive"
    ? base.refine((value) => value > 0, "expected an amount greater than 0")
    : base.refine((value) => value >= 0, "expected an amount of 0 or more")
}

/** ISO 4217 (or crypto) code; PayCore documents upper case, Medusa passes lower case. */
const currencyCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{3,10}$/, "expected a currency code such as USD")
  .transform((value) => value.toUpperCase())

const referenceId = z.string().trim().min(1, "reference_id is required").max(255)

const customerSchema = z.looseObject({
  /** Required by PayCore whenever a customer object is sent. */
  reference_id: z.string().min(1),
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  /** `country` is ISO 3166-1 alpha-2. */
  address: z
    .looseObject({
      country: z.string().length(2).optional(),
      region: z.string().optional(),
      city: z.string().optional(),
      street: z.string().optional(),
      full_address: z.string().optional(),
      post_code: z.string().optional(),
    })
    .optional(),
  metadata: looseRecord.optional(),
})

export const paycoreCreatePaymentInvoiceAttributesSchema = z.looseObject({
  /** Your unique id for this payment; PayCore's idempotency key. */
  reference_id: referenceId,
  currency: currencyCode,
  amount: requestAmount("nonnegative"),
  /** e.g. `payment_card_usd_hpp`. */
  service: z.string().min(1).optional(),
  test_mode: z.boolean().optional(),
  description: z.string().optional(),
  customer: customerSchema.optional(),
  metadata: looseRecord.optional(),
  /** When the invoice stops taking money: integer Unix seconds, UTC (PayCore's hosted-page parameter). */
  expires: z.number().int().positive().optional(),
  return_url: z.string().optional(),
  return_urls: z
    .looseObject({ success: z.string().optional(), pending: z.string().optional(), fail: z.string().optional() })
    .optional(),
  callback_url: z.string().optional(),
  flow: z.string().optional(),
  service_fields: looseRecord.optional(),
  fields: looseRecord.optional(),
  /** A saved card's token (charge it); a secret: never logged. */
  token: z.string().optional(),
  /** Card gateway switches: `tokenize` (save the card, with `customer.reference_id`), `instant` (charge a token). */
  gateway_options: z
    .looseObject({
      cardgate: z
        .looseObject({
          tokenize: z.boolean().optional(),
          instant: z.boolean().optional(),
          restrict_saved_cards: z.boolean().optional(),
        })
        .optional(),
    })
    .optional(),
})

export const paycoreCreatePayoutInvoiceAttributesSchema = z.looseObject({
  reference_id: referenceId,
  currency: currencyCode,
  amount: requestAmount("positive"),
  /** e.g. `payment_card_uah`. */
  service: z.string().min(1),
  test_mode: z.boolean().optional(),
  description: z.string().optional(),
  /** Service fields, e.g. `{ card_number }`; never logged unmasked. */
  fields: looseRecord.optional(),
  customer: customerSchema.optional(),
  metadata: looseRecord.optional(),
  callback_url: z.string().optional(),
  /** `auto_process: true` sends the payout to processing without PayCore's confirmation step (`…/process`). */
  options: z.looseObject({ auto_process: z.boolean().optional() }).optional(),
  /** A card's expiry, strings with a 4-digit year (docs/paycore-notes.md, "Payouts"); never logged. */
  context: z
    .looseObject({
      card: z
        .looseObject({
          exp_month: z.string().regex(/^(0[1-9]|1[0-2])$/, "must be a month 01 to 12"),
          exp_year: z.string().regex(/^\d{4}$/, "must be a 4-digit year"),
        })
        .optional(),
    })
    .optional(),
})

export const paycoreRefundRequestSchema = z.object({
  amount: requestAmount("positive"),
  /** Your unique id for this refund (e.g. the Medusa refund id); PayCore answers 422 without it. */
  reference_id: referenceId,
  description: z.string().optional(),
})

export const paycorePrerequestInputSchema = z.object({
  currency: currencyCode,
  amount: requestAmount("nonnegative").optional(),
  /** Overrides the client's `publicKey` option. */
  publicKey: z.string().min(1).optional(),
})

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

export type PaycoreFlowData = z.output<typeof paycoreFlowDataSchema>
export type PaycoreIncludedResource = z.output<typeof paycoreIncludedResourceSchema>
export type PaycorePaymentInvoiceAttributes = z.output<typeof paycorePaymentInvoiceAttributesSchema>
export type PaycorePaymentInvoice = z.output<typeof paycorePaymentInvoiceResourceSchema>
export type PaycorePaymentInvoiceDocument = z.output<typeof paycorePaymentInvoiceDocumentSchema>
export type PaycorePayoutPart = z.output<typeof paycorePayoutPartSchema>
export type PaycorePayoutInvoiceAttributes = z.output<typeof paycorePayoutInvoiceAttributesSchema>
export type PaycorePayoutInvoice = z.output<typeof paycorePayoutInvoiceResourceSchema>
export type PaycoreRefund = z.output<typeof paycoreRefundResourceSchema>
export type PaycorePrerequestService = z.output<typeof paycorePrerequestServiceSchema>
export type PaycorePaymentMethod = z.output<typeof paycorePaymentMethodSchema>
export type PaycorePaymentPrerequest = z.output<typeof paycorePaymentPrerequestDocumentSchema>["data"]
export type PaycorePayoutPrerequest = z.output<typeof paycorePayoutPrerequestDocumentSchema>["data"]
export type PaycoreCallback = z.output<typeof paycoreCallbackSchema>

export type CreatePaymentInvoiceAttributes = z.input<typeof paycoreCreatePaymentInvoiceAttributesSchema>
export type CreatePayoutInvoiceAttributes = z.input<typeof paycoreCreatePayoutInvoiceAttributesSchema>
export type RefundPaymentInvoiceInput = z.input<typeof paycoreRefundRequestSchema>
export type PrerequestInput = z.input<typeof paycorePrerequestInputSchema>

/** Parses a callback body (after its signature has been verified). Throws a ZodError on garbage. */
export function parsePaycoreCallback(body: unknown): PaycoreCallback {
  return paycoreCallbackSchema.parse(body)
}
