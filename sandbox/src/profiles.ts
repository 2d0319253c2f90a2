import type { SandboxConfig } from "./config"

/**
 * Named profiles: each is one plausible answer to a question PayCore's material leaves open, expressed with the
 * sandbox's existing switches. A profile is applied on top of the defaults and below every explicit option (config
 * file, environment, flags, `startSandbox()`); README "Profiles" lists them with their evidence.
 */

export const PROFILE_NAMES = [
  "documented",
  "payout-envelope-only",
  "payout-flat-only",
  "payout-envelope-plural",
  "payout-autoprocessing",
  "payout-auto-process-ignored",
  "payout-card-expiry-required",
  "duplicate-409",
  "duplicate-422",
  "expires-ignored",
  "expires-refused",
  "service-required",
  "hpp-url-attribute",
  "public-read-requires-key",
  "return-url-only",
  "only-final-callbacks",
  "fee-external",
  "no-public-creation",
  "refund-api-forbidden",
  "refund-api-not-found",
  "refund-async",
  "errors-jsonapi",
  "reference-filter-ignored",
  "reference-filter-refused",
  "balances-endpoint",
  "hpp-cpi-params-must-match",
  "hpp-framed-return-message",
  "token-charge-async",
  "token-charge-hpp",
  "token-refusal-invoice-failed",
] as const

export type SandboxProfileName = (typeof PROFILE_NAMES)[number]

export interface SandboxProfile {
  description: string
  /** Where the question is described: a section of docs/paycore-notes.md or sandbox/README.md. */
  evidence: string
  /** Options this profile sets; never connection, credentials, services or callback delivery settings. */
  config: Partial<Omit<SandboxConfig, "profile">>
}

const NOTES = "docs/paycore-notes.md"
const UNKNOWNS = `${NOTES}, "Unknowns and the plugin's choice"`
const WIDGET = `sandbox/README.md, "In a frame (PayCore's widget)"`
const SAVED_CARDS = `sandbox/README.md, "Saved cards (tokens)"`

export const SANDBOX_PROFILES: Record<SandboxProfileName, SandboxProfile> = {
  documented: {
    description: "What PayCore's own pages and docs say (the sandbox defaults).",
    evidence: `${NOTES}; sandbox/README.md, "The sandbox's own choices"`,
    config: {},
  },
  "payout-envelope-only": {
    description: 'Payout creates accept only the JSON:API envelope with type "payout-invoice"; a flat body is 422.',
    evidence: `${NOTES}, "Payouts" ([CONFLICT] flat example vs JSON:API envelope)`,
    config: { payoutBody: "envelope" },
  },
  "payout-flat-only": {
    description: 'Payout creates accept only the flat body of the "Play with API" page; an envelope is 422.',
    evidence: `${NOTES}, "Payouts" ([CONFLICT] flat example vs JSON:API envelope)`,
    config: { payoutBody: "flat" },
  },
  "payout-envelope-plural": {
    description: 'Payout creates accept only an envelope with the plural type "payout-invoices".',
    evidence: `${NOTES}, "Payouts" (the plural type, which no source shows for a request)`,
    config: { payoutBody: "envelope_plural" },
  },
  "payout-autoprocessing": {
    description: 'The account has "Payout Autoprocessing": every payout skips the confirmation step.',
    evidence: `${NOTES}, "Payouts" (Confirmation)`,
    config: { accountPayoutAutoprocessing: true },
  },
  "payout-auto-process-ignored": {
    description: "options.auto_process does not skip the confirmation step: payouts wait for …/{id}/process.",
    evidence: `${NOTES}, "Payouts" (Confirmation; moderation_required)`,
    config: { payoutAutoProcessOption: "ignored" },
  },
  "payout-card-expiry-required": {
    description: "Card payouts need the card's expiry (context.card.exp_month / exp_year); without it they are 422.",
    evidence: `${NOTES}, "Payouts" (the card's expiry in context.card); sandbox/README.md, "The sandbox's own choices"`,
    config: { payoutCardExpiry: "required" },
  },
  "duplicate-409": {
    description: "A reused reference_id answers 409 with a wording of its own.",
    evidence: `${NOTES}, "Errors and duplicate references"; ${UNKNOWNS}`,
    config: { duplicateReferenceStatus: 409, duplicateReferenceMessage: "reference_id already exists" },
  },
  "duplicate-422": {
    description: "A reused reference_id answers 422, worded like a validation error.",
    evidence: `${NOTES}, "Errors and duplicate references"; ${UNKNOWNS}`,
    config: { duplicateReferenceStatus: 422, duplicateReferenceMessage: "The reference id has already been taken." },
  },
  "expires-ignored": {
    description: "expires on a Private API create is ignored: the account's Invoice lifetime applies.",
    evidence: `${NOTES}, "Payment invoices" (expires [UNKNOWN] on the Private API)`,
    config: { privateApiExpires: "ignored" },
  },
  "expires-refused": {
    description: "expires on a Private API create is refused (422 naming expires).",
    evidence: `${NOTES}, "Payment invoices" (expires [UNKNOWN] on the Private API)`,
    config: { privateApiExpires: "refused" },
  },
  "service-required": {
    description: "Private API payment invoices without service answer 422 (no HPP method picker).",
    evidence: `${UNKNOWNS} (invoice without service)`,
    config: { requireServiceOnPrivateCreate: true },
  },
  "hpp-url-attribute": {
    description: "Payment invoices carry an hpp_url attribute.",
    evidence: `${UNKNOWNS} (hpp_url [3P])`,
    config: { includeHppUrl: true },
  },
  "public-read-requires-key": {
    description: "Public API reads by id need ?public_key=.",
    evidence: `${NOTES}, "Public API / HPP" ([CONFLICT] on the key)`,
    config: { publicReadRequiresKey: true },
  },
  "return-url-only": {
    description: "return_urls is ignored; only return_url is used (the HPP form reference).",
    evidence: `${NOTES}, "Public API / HPP" ([CONFLICT] return_urls vs return_url)`,
    config: { returnUrlsHonoured: false },
  },
  "only-final-callbacks": {
    description: 'The account\'s "Only final" toggle is on: no callbacks for intermediate statuses.',
    evidence: `${NOTES}, "Callbacks and signatures"; sandbox/README.md, "Callbacks"`,
    config: { onlyFinalCallbacks: true },
  },
  "fee-external": {
    description: "PayCore adds its fee for the customer: payment_amount and processed_amount exceed amount.",
    evidence: `${NOTES}, "Payment invoices" (fees)`,
    config: { feeStrategy: "external" },
  },
  "no-public-creation": {
    description: 'The account has "Allow public creation" off: Public API and HPP-link creation answer 403.',
    evidence: `${NOTES}, "Public API / HPP"`,
    config: { allowPublicCreation: false },
  },
  "refund-api-forbidden": {
    description: "The account lacks the refund API: refunds answer 403.",
    evidence: `${NOTES}, "Refunds" (the new refund model is on request); ${UNKNOWNS}`,
    config: { refundApi: "forbidden" },
  },
  "refund-api-not-found": {
    description: "The account lacks the refund API: refunds answer 404.",
    evidence: `${NOTES}, "Refunds" (the new refund model is on request); ${UNKNOWNS}`,
    config: { refundApi: "not_found" },
  },
  "refund-async": {
    description: "A refund answers processing and completes later (the invoice stays refunding until then).",
    evidence: `${NOTES}, "Refunds" (refund statuses [UNKNOWN])`,
    config: { refundOutcome: "refunding" },
  },
  "errors-jsonapi": {
    description: "Error bodies are a JSON:API errors array instead of {request_id, error_type, error_codes}.",
    evidence: `${NOTES}, "Errors and duplicate references" (nesting [UNKNOWN])`,
    config: { errorFormat: "jsonapi" },
  },
  "reference-filter-ignored": {
    description: "filter[reference_id] on the invoice lists is ignored: the account's invoices come back unfiltered.",
    evidence: `${NOTES}, "Payment invoices" (filter[reference_id] [3P]); sandbox/README.md, "Configuration"`,
    config: { referenceFilter: "ignored" },
  },
  "reference-filter-refused": {
    description: "filter[reference_id] on the invoice lists is refused with 400 naming the parameter.",
    evidence: `${NOTES}, "Payment invoices" (filter[reference_id] [3P]); sandbox/README.md, "Configuration"`,
    config: { referenceFilter: "refused" },
  },
  "balances-endpoint": {
    description:
      "The account's balances are read at GET /api/balances (a path PayCore does not publish; the shop names it with balancesPath).",
    evidence:
      'sandbox/README.md, "The sandbox\'s own choices" (the balances path, which PayCore does not publish); sandbox/README.md, "Configuration"',
    config: { balancesEndpoint: "/api/balances" },
  },
  "hpp-cpi-params-must-match": {
    description:
      "/hpp/?cpi=… with the widget's amount, currency or a non-empty public_key refuses any that does not match the invoice (422 error page naming it).",
    evidence: `${NOTES}, "Public API / HPP" (HPP parameters: cpi next to public_key, amount, currency); ${WIDGET}`,
    config: { hppCpiParams: "must_match" },
  },
  "hpp-framed-return-message": {
    description:
      "After the outcome a framed HPP posts return to the parent window and stays, instead of loading the return URL in the frame.",
    evidence: `${WIDGET}; sandbox/README.md, "The sandbox's own choices"`,
    config: { hppFramedReturn: "message" },
  },
  "token-charge-async": {
    description:
      "A charge of a saved card (token + instant) answers processing; processed (or the card's outcome) follows by callback.",
    evidence: `${NOTES}, "Payment invoices" (a saved card is charged with token and instant); ${SAVED_CARDS}`,
    config: { tokenChargeFlow: "async" },
  },
  "token-charge-hpp": {
    description:
      "A charge of a saved card (token + instant) answers created: the buyer confirms it on the hosted page with the CVV (and 3-D Secure for a 3DS card).",
    evidence: `${NOTES}, "Payment invoices" (a saved card is charged with token and instant); ${SAVED_CARDS}`,
    config: { tokenChargeFlow: "hpp" },
  },
  "token-refusal-invoice-failed": {
    description:
      "An unknown or revoked token, or one of another customer or mode, is not refused with 422: the invoice is created and fails with resolution invalid_card.",
    evidence: `${NOTES}, "Payment invoices" (a saved card is charged with token and instant); ${SAVED_CARDS}`,
    config: { tokenRefusal: "invoice_failed" },
  },
}

/**
 * What switching profile at run time (`POST /_sandbox/profile`, `applyProfile()`) keeps: where the sandbox runs (and
 * which pages may frame its HPP), the account's credentials, currencies and services, and callback delivery. Every other option goes back to its default
 * and then to the profile's value.
 */
export const KEPT_ON_PROFILE_SWITCH = [
  "host",
  "port",
  "publicBaseUrl",
  "stateFile",
  "controls",
  "logRequests",
  "expirySweepIntervalMs",
  "accountId",
  "apiKey",
  "testPublicKey",
  "livePublicKey",
  "testPrivateKey",
  "livePrivateKey",
  "hppFrameAncestors",
  "currencies",
  "paymentServices",
  "payoutServices",
  "methods",
  "callbackUrl",
  "callbackRetryIntervalMs",
  "callbackMaxAttempts",
  "callbackTimeoutMs",
] as const satisfies readonly (keyof SandboxConfig)[]

/** The profile names, `documented` (the default) first. */
export function profileNames(): SandboxProfileName[] {
  return [...PROFILE_NAMES]
}

export function isProfileName(name: unknown): name is SandboxProfileName {
  return typeof name === "string" && (PROFILE_NAMES as readonly string[]).includes(name)
}
