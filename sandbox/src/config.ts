import { readFileSync } from "node:fs"
import { z } from "zod"
import { toMinorUnits } from "./money"
import { PROFILE_NAMES, SANDBOX_PROFILES, isProfileName } from "./profiles"

/**
 * Sandbox configuration. Sources, lowest to highest precedence:
 *   defaults < JSON config file (`--config` / PAYCORE_SANDBOX_CONFIG) < env PAYCORE_SANDBOX_* < programmatic/CLI.
 * Every option marked "sandbox choice" models a PayCore behaviour that docs/paycore-notes.md lists as [UNKNOWN],
 * [INFERRED] or [CONFLICT]; README.md explains each one.
 */

const localizedText = z.record(z.string(), z.string())

export const serviceFieldSchema = z.strictObject({
  key: z.string().min(1),
  type: z.string().default("string"),
  label: localizedText.default({}),
  hint: localizedText.nullable().default(null),
  example: z.string().nullable().default(null),
  /** A JavaScript-compatible regular expression the value must match (PayCore publishes PCRE patterns). */
  regexp: z.string().nullable().default(null),
  required: z.boolean().default(true),
  weight: z.number().default(0),
})

const currencyCode = z.string().regex(/^[A-Z]{3}$/, "an upper-case ISO 4217 code")

export const paymentServiceSchema = z.strictObject({
  code: z.string().min(1),
  method: z.string().min(1),
  currency: currencyCode,
  flow: z.string().default("hpp"),
  /** Limits in major units; null = no limit. */
  amountMin: z.number().positive().nullable().default(null),
  amountMax: z.number().positive().nullable().default(null),
  fields: z.array(serviceFieldSchema).default([]),
})

export const payoutServiceSchema = paymentServiceSchema.omit({ flow: true })

export const paymentMethodSchema = z.strictObject({
  name: z.string(),
  category: z.string(),
  logo: z.string().nullable().default(null),
  icon: z.string().nullable().default(null),
})

export type ServiceField = z.infer<typeof serviceFieldSchema>
export type PaymentService = z.infer<typeof paymentServiceSchema>
export type PayoutService = z.infer<typeof payoutServiceSchema>
export type PaymentMethod = z.infer<typeof paymentMethodSchema>

const url = z.url({ protocol: /^https?$/ })

/** The deepest balances path the sandbox serves: `/api` and at most this many segments (balances.ts). */
export const BALANCES_ENDPOINT_MAX_SEGMENTS = 8

/** Paths of the sandbox's other Private API routes, which keep their meaning. */
const OTHER_PRIVATE_API_PATHS = /^\/api\/(payment-invoices|payout-invoices|refunds)(\/|$)/

/**
 * Why `path` cannot be the balances endpoint, or null. It is compared with the request's path as sent, so only
 * characters a URL path keeps as they are (letters, digits, `.`, `_`, `~`, `-`) are allowed.
 */
function balancesEndpointProblem(path: string): string | null {
  const segments = path.slice("/api/".length).split("/")
  if (segments.length > BALANCES_ENDPOINT_MAX_SEGMENTS) {
    return `at most ${BALANCES_ENDPOINT_MAX_SEGMENTS} path segments after /api`
  }
  if (segments.some((segment) => !/^[A-Za-z0-9._~-]+$/.test(segment) || segment === "." || segment === "..")) {
    return "path segments of letters, digits, ., _, ~ and - (no empty segment, no trailing slash, no query)"
  }
  if (OTHER_PRIVATE_API_PATHS.test(path)) return "a path no other Private API route serves"
  return null
}

/**
 * One entry of `hppFrameAncestors`: `*`, or an origin a page may frame the HPP from (scheme, host, optional port; a
 * leading `*.` on the host is a CSP wildcard). No path, quote, space, comma or semicolon: it goes into a header.
 */
const frameAncestor = z
  .string()
  .regex(
    /^(\*|https?:\/\/(\*\.)?([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?)$/,
    'expected "*" or an origin such as https://shop.example or http://localhost:8000 (no path)'
  )

const balancesEndpoint = z
  .string()
  .startsWith("/api/", "a Private API path starting with /api/")
  .superRefine((path, ctx) => {
    const problem = balancesEndpointProblem(path)
    if (problem) ctx.addIssue({ code: "custom", message: `expected ${problem}` })
  })

export const sandboxConfigSchema = z.strictObject({
  host: z.string().min(1),
  /** 0 = pick a free port. */
  port: z.number().int().min(0).max(65535),
  /** Base URL used in links (flow_data.action, HPP redirects). null = the server's own URL. */
  publicBaseUrl: url.nullable(),

  accountId: z.string().min(1),
  apiKey: z.string().min(1),
  testPublicKey: z.string().startsWith("pk_test_"),
  livePublicKey: z.string().startsWith("pk_live_"),
  testPrivateKey: z.string().startsWith("sk_test_"),
  livePrivateKey: z.string().startsWith("sk_live_"),

  /** Enabled currencies and their number of decimal digits. A currency not listed here is "not enabled" (422). */
  currencies: z.record(currencyCode, z.number().int().min(0).max(4)),
  paymentServices: z.array(paymentServiceSchema),
  payoutServices: z.array(payoutServiceSchema),
  methods: z.record(z.string(), paymentMethodSchema),

  /** Account-level default callback URL (Settings → Integration → Callbacks). null = no callbacks by default. */
  callbackUrl: url.nullable(),
  /** Linear retry schedule: the n-th retry is sent n × interval after the previous attempt (PayCore: 60 s). */
  callbackRetryIntervalMs: z.number().int().min(0),
  /** Total delivery attempts, the first one included (PayCore: 100). */
  callbackMaxAttempts: z.number().int().min(1),
  /** Per-attempt timeout (PayCore test mode: 10 s connect/read, 20 s total). */
  callbackTimeoutMs: z.number().int().min(1),
  /** The "Only final" toggle: send callbacks for final statuses only. */
  onlyFinalCallbacks: z.boolean(),

  /** Sandbox choice: HTTP status of the duplicate reference_id error (PayCore: 429 "duplicate request detected"). */
  duplicateReferenceStatus: z.union([z.literal(409), z.literal(422), z.literal(429)]),
  /** Sandbox choice: message of the duplicate reference_id error; PayCore documents no body, only its 429 wording. */
  duplicateReferenceMessage: z.string().min(1),
  /** Sandbox choice: error body shape (PayCore's documented fields, or a JSON:API `errors` array). */
  errorFormat: z.enum(["paycore", "jsonapi"]),
  /** Enables the /_sandbox/ test-control routes. Off by default: they would let anyone mark invoices paid. */
  controls: z.boolean(),
  /** Account option "Allow public creation" (Public API and HPP parameter links). */
  allowPublicCreation: z.boolean(),
  /** JSON file that persists invoices, refunds and the callback log across restarts. null = memory only. */
  stateFile: z.string().min(1).nullable(),
  /** Account "Invoice lifetime": expires = created + lifetime (the HPP `expires` parameter overrides it). */
  invoiceLifetimeSeconds: z.number().int().min(1),
  /** How often unpaid invoices past `expires` are moved to `expired` (0 = only when they are read). */
  expirySweepIntervalMs: z.number().int().min(0),
  /** Sandbox choice: how the refund endpoint behaves ("forbidden"/"not_found" = account without the refund API). */
  refundApi: z.enum(["enabled", "forbidden", "not_found"]),
  /** Sandbox choice: outcome of a new refund. */
  refundOutcome: z.enum(["processed", "refunding", "refund_pending", "failed"]),
  /**
   * Sandbox choice: a payout sent to processing (by `options.auto_process`, the account's autoprocessing or
   * `POST /api/payout-invoices/{id}/process`) reaches its final status by itself. false = only via controls.
   */
  payoutAutoProcess: z.boolean(),
  /**
   * Account "Payout Autoprocessing": payouts go to processing without the confirmation step. Off (the default):
   * only a request with `options.auto_process: true` does; others stay `created` until `…/{id}/process`.
   */
  accountPayoutAutoprocessing: z.boolean(),
  /**
   * **[UNKNOWN]** Whether `options.auto_process: true` on the request skips the confirmation step. `ignored` = an
   * account whose payouts wait for `…/{id}/process` whatever the request says (e.g. moderated payouts).
   */
  payoutAutoProcessOption: z.enum(["honoured", "ignored"]),
  /**
   * **[CONFLICT]** The payout request body PayCore accepts: `documented` = PayCore's current docs' JSON:API envelope
   * with `type: "payout-invoice"` or the "Play with API" page's flat body; `envelope`, `flat` or `envelope_plural`
   * (`type: "payout-invoices"`, which no source shows) = only that one. Others answer 422.
   */
  payoutBody: z.enum(["documented", "envelope", "flat", "envelope_plural"]),
  /**
   * **[UNKNOWN]** Card payouts "may need" the card's expiry, `context.card.{exp_month, exp_year}` (docs/paycore-notes.md,
   * "Payouts"). `required` = a payout to a `payment_card` service without a valid one answers 422 naming it.
   */
  payoutCardExpiry: z.enum(["optional", "required"]),
  /**
   * **[CONFLICT]** PayCore's release notes make `return_urls{success,pending,fail}` win over `return_url`; its HPP
   * form reference knows only `return_url`. false = `return_urls` is ignored and `return_url` is used.
   */
  returnUrlsHonoured: z.boolean(),
  /**
   * Account fee strategy (docs/paycore-notes.md, "Payment invoices"): `none` = the customer pays `amount`; `external` =
   * PayCore adds its fee (3 % rounded up + 10, PayCore's fee sheet) for the customer: `payment_amount` = amount + fee.
   */
  feeStrategy: z.enum(["none", "external"]),
  /**
   * **[UNKNOWN]** `expires` on Private API creates (documented for hosted pages only): `honoured`, `ignored` (the
   * account's Invoice lifetime applies) or `refused` (422 naming `expires`).
   */
  privateApiExpires: z.enum(["honoured", "ignored", "refused"]),
  /**
   * **[UNKNOWN]** What a charge of a saved card (`token` + `gateway_options.cardgate.instant: true`) answers: `sync`
   * (the create answer is already `processed`), `async` (`processing`, then `processed` by callback) or `hpp`
   * (`created`: the buyer confirms with the CVV on the hosted page). README "Saved cards (tokens)".
   */
  tokenChargeFlow: z.enum(["sync", "async", "hpp"]),
  /**
   * **[UNKNOWN]** A `token` that cannot be used (unknown, revoked, another customer's or another mode's): `create_422`
   * (the create answers 422 `invalid_token` naming `token`) or `invoice_failed` (the invoice is created and fails
   * with resolution `invalid_card`). README "Saved cards (tokens)".
   */
  tokenRefusal: z.enum(["create_422", "invoice_failed"]),
  /**
   * Who may show the HPP in a frame (PayCore's widget puts it in an iframe): every HPP page carries
   * `Content-Security-Policy: frame-ancestors 'self' <origins>`, or `frame-ancestors *` when the list holds `*`
   * (the default: any origin). `[]` = the sandbox's own origin only. X-Frame-Options is never sent.
   */
  hppFrameAncestors: z.array(frameAncestor),
  /**
   * **[UNKNOWN]** What `/hpp/?cpi=…` does with the other parameters PayCore's widget puts next to it (`amount`,
   * `currency`, `public_key`): `ignored` (the invoice wins) or `must_match` (each one given, `public_key` only when
   * not empty, must match the invoice, else the HPP's error page, 422, naming it).
   */
  hppCpiParams: z.enum(["ignored", "must_match"]),
  /**
   * **[UNKNOWN]** How the HPP leaves a frame after the outcome: `navigate` (303 to the return URL, which then loads
   * inside the frame) or `message` (a page that, framed, posts `return` to the parent and stays; unframed, it goes
   * on to the return URL).
   */
  hppFramedReturn: z.enum(["navigate", "message"]),
  /** Account "HPP Return URL": used when an invoice has neither return_urls nor return_url. */
  hppReturnUrl: url.nullable(),
  /** Account "Send Operation Context": append id, serial_number, amount… to return URLs. */
  sendOperationContext: z.boolean(),
  /** Sandbox choice: add an `hpp_url` attribute to payment invoices (seen only in third-party code). */
  includeHppUrl: z.boolean(),
  /** Sandbox choice: Public API GETs by id need `?public_key=` of the account. */
  publicReadRequiresKey: z.boolean(),
  /** Sandbox choice: the Private API rejects payment invoices without `service` (else the HPP shows a picker). */
  requireServiceOnPrivateCreate: z.boolean(),
  /**
   * **[3P]** `filter[reference_id]` on the Private API invoice lists (docs/paycore-notes.md, "Payment invoices"):
   * `supported`, `ignored` (the account's invoices come back unfiltered) or `refused` (400 naming the parameter).
   */
  referenceFilter: z.enum(["supported", "ignored", "refused"]),
  /**
   * Sandbox choice: the path where `GET` answers the account's balances (balances.ts). PayCore's page says its Private
   * API "allows getting the account's balances" but publishes no path or shape; the plugin reads them at the path the
   * shop names (`balancesPath`). null = no such endpoint: the path answers 404 like any unknown route.
   */
  balancesEndpoint: balancesEndpoint.nullable(),
  /**
   * The account's balances before any operation, per currency in major units; test and live mode start equal. A
   * currency not listed starts at 0; one that is not in `currencies` is not listed.
   */
  startingBalances: z.record(currencyCode, z.number().nonnegative()),
  /** Named profile (profiles.ts) applied on top of the defaults and below every explicit option. */
  profile: z.enum(PROFILE_NAMES),
  /** Maximum number of metadata keys (PayCore: "up to 20 attributes"). */
  metadataMaxKeys: z.number().int().min(0),
  /** Log one line per HTTP request (method, path, status, time; never headers or bodies). */
  logRequests: z.boolean(),
})

export type SandboxConfig = z.infer<typeof sandboxConfigSchema>

const openfintech = (code: string) => ({
  logo: `https://static.openfintech.io/payment_methods/${code}/logo.png`,
  icon: `https://static.openfintech.io/payment_methods/${code}/icon.png`,
})

const cardField = (): ServiceField => ({
  key: "card_number",
  type: "string",
  label: { en: "Card number", uk: "Номер картки", ru: "Номер карты" },
  hint: null,
  example: "5519283812030000",
  regexp: "^[0-9]{13,19}$",
  required: true,
  weight: 0,
})

const cardPayment = (ccy: string): PaymentService => ({
  code: `payment_card_${ccy.toLowerCase()}_hpp`,
  method: "payment_card",
  currency: ccy,
  flow: "hpp",
  amountMin: null,
  amountMax: 1_000_000,
  fields: [],
})

const walletPayment = (method: string, ccy: string): PaymentService => ({
  ...cardPayment(ccy),
  code: `${method}_${ccy.toLowerCase()}_hpp`,
  method,
})

const cardPayout = (ccy: string, max: number): PayoutService => ({
  code: `payment_card_${ccy.toLowerCase()}`,
  method: "payment_card",
  currency: ccy,
  amountMin: 1,
  amountMax: max,
  fields: [cardField()],
})

export const DEFAULT_CONFIG: SandboxConfig = {
  host: "127.0.0.1",
  port: 4010,
  publicBaseUrl: null,
  accountId: "coma_SandboxAccount01",
  apiKey: "sandbox_api_key",
  testPublicKey: "pk_test_sandbox_public_key",
  livePublicKey: "pk_live_sandbox_public_key",
  testPrivateKey: "sk_test_sandbox_private_key",
  livePrivateKey: "sk_live_sandbox_private_key",
  currencies: { USD: 2, EUR: 2, UAH: 2, JPY: 0, KWD: 3 },
  paymentServices: [
    cardPayment("USD"),
    walletPayment("paypal", "USD"),
    cardPayment("EUR"),
    walletPayment("paypal", "EUR"),
    cardPayment("UAH"),
    walletPayment("privat24", "UAH"),
    cardPayment("JPY"),
    cardPayment("KWD"),
  ],
  payoutServices: [cardPayout("USD", 50_000), cardPayout("EUR", 50_000), cardPayout("UAH", 2_000_000)],
  methods: {
    payment_card: { name: "Payment card", category: "bank_card", ...openfintech("payment_card") },
    paypal: { name: "PayPal", category: "digital_wallet", ...openfintech("paypal") },
    privat24: { name: "Privat24", category: "online_banking", ...openfintech("privat24") },
  },
  callbackUrl: null,
  callbackRetryIntervalMs: 60_000,
  callbackMaxAttempts: 100,
  callbackTimeoutMs: 10_000,
  onlyFinalCallbacks: false,
  duplicateReferenceStatus: 429,
  duplicateReferenceMessage: "Too many requests or duplicate request detected",
  errorFormat: "paycore",
  controls: false,
  allowPublicCreation: true,
  stateFile: null,
  invoiceLifetimeSeconds: 24 * 60 * 60,
  expirySweepIntervalMs: 1_000,
  refundApi: "enabled",
  refundOutcome: "processed",
  payoutAutoProcess: true,
  accountPayoutAutoprocessing: false,
  payoutAutoProcessOption: "honoured",
  payoutBody: "documented",
  payoutCardExpiry: "optional",
  returnUrlsHonoured: true,
  feeStrategy: "none",
  privateApiExpires: "honoured",
  tokenChargeFlow: "sync",
  tokenRefusal: "create_422",
  hppFrameAncestors: ["*"],
  hppCpiParams: "ignored",
  hppFramedReturn: "navigate",
  hppReturnUrl: null,
  sendOperationContext: false,
  includeHppUrl: false,
  publicReadRequiresKey: false,
  requireServiceOnPrivateCreate: false,
  referenceFilter: "supported",
  balancesEndpoint: null,
  startingBalances: { USD: 10_000, EUR: 10_000, UAH: 500_000, JPY: 1_000_000, KWD: 3_000 },
  profile: "documented",
  metadataMaxKeys: 20,
  logRequests: false,
}

export const CONFIG_KEYS = Object.keys(DEFAULT_CONFIG) as (keyof SandboxConfig)[]

/** Options that cannot change while the server runs (PATCH /_sandbox/config and updateConfig() refuse them). */
export const STARTUP_ONLY_KEYS: readonly (keyof SandboxConfig)[] = ["host", "port", "stateFile", "controls"]

export const ENV_PREFIX = "PAYCORE_SANDBOX_"

/** `callbackRetryIntervalMs` → `CALLBACK_RETRY_INTERVAL_MS`. */
export function toEnvSuffix(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()
}

/** `callbackRetryIntervalMs` → `callback-retry-interval-ms`. */
export function toFlagName(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()
}

export class ConfigError extends Error {}

/**
 * Converts a text value (env var or CLI flag) into the type of the option, judged by its default:
 * booleans accept true/false/1/0/yes/no, numbers must be numeric, nullable strings accept "" or "null" for null,
 * objects and arrays are JSON; a list of strings (`hppFrameAncestors`) also takes words separated by commas or spaces.
 */
export function coerceText(key: keyof SandboxConfig, text: string, source: string): unknown {
  const example = DEFAULT_CONFIG[key]
  if (isStringList(example) && !text.trim().startsWith("[")) return text.split(/[\s,]+/).filter(Boolean)
  if (typeof example === "boolean") {
    const v = text.trim().toLowerCase()
    if (["true", "1", "yes", "on"].includes(v)) return true
    if (["false", "0", "no", "off"].includes(v)) return false
    throw new ConfigError(`${source}: expected true or false, got "${text}"`)
  }
  if (typeof example === "number") {
    if (!/^\s*-?\d+(\.\d+)?\s*$/.test(text)) throw new ConfigError(`${source}: expected a number, got "${text}"`)
    return Number(text)
  }
  if (example !== null && typeof example === "object") {
    try {
      return JSON.parse(text)
    } catch {
      throw new ConfigError(`${source}: expected JSON`)
    }
  }
  if (example === null && (text === "" || text === "null")) return null
  return text
}

/** A default that is a list of strings (not a list of objects such as `paymentServices`). */
export function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string")
}

/** Reads PAYCORE_SANDBOX_* variables. (The CLI also honours PORT; the programmatic API does not.) */
export function configFromEnv(env: NodeJS.ProcessEnv): Partial<SandboxConfig> {
  const out: Record<string, unknown> = {}
  for (const key of CONFIG_KEYS) {
    const name = ENV_PREFIX + toEnvSuffix(key)
    const value = env[name]
    if (value !== undefined) out[key] = coerceText(key, value, name)
  }
  return out as Partial<SandboxConfig>
}

export function configFromFile(path: string): Partial<SandboxConfig> {
  let text: string
  try {
    text = readFileSync(path, "utf8")
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(err as Error).message}`)
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ConfigError(`config file ${path} must hold a JSON object`)
  }
  return parsed as Partial<SandboxConfig>
}

/** Validates a complete configuration; the error message lists every problem. */
export function validateConfig(candidate: unknown): SandboxConfig {
  const result = sandboxConfigSchema.safeParse(candidate)
  if (!result.success) throw new ConfigError(`invalid sandbox configuration:\n${z.prettifyError(result.error)}`)
  const config = result.data
  for (const service of [...config.paymentServices, ...config.payoutServices]) {
    if (config.currencies[service.currency] === undefined) {
      throw new ConfigError(`service ${service.code} uses currency ${service.currency}, which is not in currencies`)
    }
    for (const field of service.fields) {
      if (field.regexp === null) continue
      try {
        new RegExp(field.regexp)
      } catch {
        throw new ConfigError(`service ${service.code}: field ${field.key} has an invalid regexp`)
      }
    }
  }
  for (const [currency, amount] of Object.entries(config.startingBalances)) {
    const decimals = config.currencies[currency]
    if (decimals === undefined) continue
    if (!toMinorUnits(amount, decimals).ok) {
      throw new ConfigError(
        `startingBalances.${currency}: ${amount} is not an amount of ${currency} (${decimals} decimals)`
      )
    }
  }
  return config
}

export interface ResolveConfigOptions {
  /** Config file path; when omitted, PAYCORE_SANDBOX_CONFIG is used if set. */
  configFile?: string
  env?: NodeJS.ProcessEnv
  overrides?: Partial<SandboxConfig>
}

/**
 * Merges defaults < profile < file < env < overrides (top-level keys replace wholesale) and validates. The profile
 * is named by the highest source that names one.
 */
export function resolveConfig(options: ResolveConfigOptions = {}): SandboxConfig {
  const env = options.env ?? {}
  const file = options.configFile ?? env[ENV_PREFIX + "CONFIG"]
  const sources = [file ? configFromFile(file) : {}, configFromEnv(env), stripUndefined(options.overrides ?? {})]
  const named = sources.reduce<unknown>((name, source) => source.profile ?? name, DEFAULT_CONFIG.profile)
  return validateConfig({
    ...DEFAULT_CONFIG,
    ...(isProfileName(named) ? SANDBOX_PROFILES[named].config : {}),
    ...Object.assign({}, ...sources),
  })
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
