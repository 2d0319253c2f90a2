import { z } from "zod"

/** PayCore's own host; white-label installations (Corefy resellers) have their own. */
export const DEFAULT_PAYCORE_BASE_URL = "https://com.paycore.io"

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const { protocol } = new URL(value)
      return protocol === "https:" || protocol === "http:"
    } catch {
      return false
    }
  }, "must be an absolute http(s) URL")

const currencyCode = z
  .string()
  .regex(/^[A-Za-z]{3}$/, "must be a 3-letter ISO 4217 currency code")
  .transform((code) => code.toUpperCase())

/**
 * The keys of the local PayCore sandbox (`npm run sandbox`), published in this repository: anybody may sign with
 * them, so they are refused unless `baseUrl` points at this machine.
 */
export const SANDBOX_KEYS: Readonly<Record<string, string>> = Object.freeze({
  accountId: "coma_SandboxAccount01",
  apiKey: "sandbox_api_key",
  publicKey: "pk_test_sandbox_public_key",
  testPrivateKey: "sk_test_sandbox_private_key",
  livePrivateKey: "sk_live_sandbox_private_key",
})
const SANDBOX_VALUES = new Set([...Object.values(SANDBOX_KEYS), "pk_live_sandbox_public_key"])

/** Values people paste from examples: refused as payoutApprovalSecret whatever their length. */
const WELL_KNOWN_SECRETS = /supersecret|changeme|secret{2,}|^(.)\1+$|0123456789|abcdefgh/i

/** 127.0.0.0/8, ::1 and localhost: the only hosts the sandbox's published keys may be used with. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase()
    return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  } catch {
    return false
  }
}

/**
 * The provider's options, as written under the Payment Module's `providers` in medusa-config.
 * Every option is documented in the README's configuration table; keep the two in step.
 */
/** A key the plugin derives encryption or HMAC keys from: random, never a well-known value. */
const randomSecret = z
  .string()
  .trim()
  .min(43, "must be at least 32 random bytes (43 base64 characters), e.g. openssl rand -base64 32")
  .refine(
    (value) => !WELL_KNOWN_SECRETS.test(value) && new Set(value).size >= 16,
    "is a well-known or low-entropy value"
  )

const paycoreOptionsObject = z.object({
  /** PayCore host without a path; the Private API is `${baseUrl}/api`, the HPP `${baseUrl}/hpp/`. */
  baseUrl: httpUrl.default(DEFAULT_PAYCORE_BASE_URL).transform((url) => url.replace(/\/+$/, "")),
  /** Commerce Account ID (`coma_…`): the Private API's Basic-auth user name. */
  accountId: z
    .string()
    .trim()
    .regex(/^coma_[A-Za-z0-9]+$/, "must be your Commerce Account ID, which starts with coma_"),
  /** Private API key: the Basic-auth password. Server-side only. */
  apiKey: z.string().trim().min(1, "is required (Commerce account → Settings → Integration → API key)"),
  /** Public key (`pk_test_…` or `pk_live_…`) for the Public API and HPP links. */
  publicKey: z
    .string()
    .trim()
    .regex(/^pk_(test|live)_\S+$/, "must be a PayCore public key (pk_test_… or pk_live_…)")
    .optional(),
  /** Private key of test mode (`sk_test_…`): verifies signatures of test callbacks. */
  testPrivateKey: z.string().trim().min(1).optional(),
  /** Private key of live mode (`sk_live_…`): verifies signatures of live callbacks. */
  livePrivateKey: z.string().trim().min(1).optional(),
  /**
   * `private_api` (default): the server creates each invoice with the Private API and the customer opens it.
   * `hpp_link`: for accounts without Private API access; the customer opens a hosted-page link built with the
   * public key, and PayCore creates the invoice. The callback's amount and currency check stops edited links.
   */
  invoiceCreation: z.enum(["private_api", "hpp_link"]).default("private_api"),
  /** Create invoices with `test_mode: true`. Defaults to true so that nothing is charged by accident. */
  testMode: z.boolean().default(true),
  /** PayCore service per currency, e.g. `{ USD: "payment_card_usd_hpp" }`. A currency without one lets the HPP show its method picker. */
  services: z.record(currencyCode, z.string().trim().min(1)).default({}),
  /** Where the HPP sends the customer back, by outcome. `success` is required when the object is given. */
  returnUrls: z.object({ success: httpUrl, pending: httpUrl.optional(), fail: httpUrl.optional() }).strict().optional(),
  /** Hosts whose `return_url` a storefront may pass in the payment session data (exact host names). */
  allowedReturnHosts: z.array(z.string().trim().toLowerCase().min(1)).default([]),
  /** Sent as each invoice's `callback_url`, e.g. `https://shop.example/hooks/paycore`. Without it, the account's default applies. */
  callbackUrl: httpUrl.optional(),
  /** Invoice description shown on the HPP; `{cart_id}` and `{session_id}` are replaced. */
  invoiceDescription: z.string().max(255).default("Order payment"),
  /**
   * How long a payment invoice (and its hosted page) takes money, sent as PayCore's `expires` (Unix seconds, UTC)
   * on links and Private API creates. A page of a session Medusa deleted stops taking money then, instead of at the
   * end of the account's own "Invoice lifetime" (often days). 0 = not sent (for a PayCore that refuses it).
   */
  invoiceLifetimeMinutes: z
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 60)
    .default(60),
  /** Decimal digits for currencies Medusa does not know (e.g. `{ BTC: 8 }`). */
  currencyDecimals: z.record(currencyCode, z.number().int().min(0).max(18)).default({}),
  /** The reconciliation job asks PayCore about PayCore sessions still pending after this many minutes. */
  reconcileAfterMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(15),
  /**
   * Recovering a failed checkout (src/checkout-recovery): a cart whose PayCore payment failed or expired and that is
   * still open this many minutes later is sent a fresh payment link through the Notification Module. Unset: off.
   */
  recoverFailedCheckoutAfterMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
  /**
   * Refund, in full and automatically, a payment PayCore processed for a payment session Medusa no longer has
   * (the cart changed while the payment page stayed open). Off: such payments are only recorded and shown.
   */
  refundOrphanPayments: z.boolean().default(false),
  /**
   * Keys the fingerprint of a payout's destination while it waits for a second admin's approval (an HMAC that
   * lets the approver's re-entered fields be compared without storing them). At least 32 random bytes, e.g.
   * `openssl rand -base64 32`; required before approvals can be switched on. Never derived from jwtSecret, which
   * many apps leave at a well-known value.
   */
  payoutApprovalSecret: randomSecret.optional(),
  /**
   * Saved cards (PayCore card tokens): a logged-in customer who consents has the card tokenised on a payment and can
   * pay later with it. Off by default.
   */
  savedCards: z.boolean().default(false),
  /**
   * Seals the stored card tokens (AES-256-GCM): whoever reads the database cannot charge a card without it. At least
   * 32 random bytes; required with savedCards. Changing it makes the stored cards unusable (customers save them again).
   */
  savedCardKey: randomSecret.optional(),
  /**
   * How a saved card pays: `instant` (PayCore's documented write-off: `token` with `cardgate.instant`, no page for the
   * customer) or `hpp` (the token without `instant`: PayCore's page with the card filled in, the customer enters the
   * CVV and passes 3-D Secure).
   */
  savedCardCharge: z.enum(["instant", "hpp"]).default("instant"),
  /**
   * How payout requests are written: `envelope` (JSON:API, `type: "payout-invoice"`, PayCore's current docs) or
   * `flat` (the attributes alone, as PayCore's "Play with API" page shows). Change it only if PayCore refuses the
   * default's payouts with a 4xx about the body.
   */
  payoutRequestFormat: z.enum(["envelope", "flat"]).default("envelope"),
  /**
   * How a payout is released at PayCore (docs/paycore-notes.md, "Payouts"): `auto_process` sends
   * `options.auto_process: true`, so PayCore processes it at once; `confirm_in_admin` leaves it `created` at
   * PayCore until an admin presses Confirm (`POST /api/payout-invoices/{id}/process`), for accounts whose payouts
   * must be confirmed. A payout that PayCore keeps `created` can be confirmed either way.
   */
  payoutConfirmation: z.enum(["auto_process", "confirm_in_admin"]).default("auto_process"),
  /**
   * The Private API path where this PayCore answers the account's balances, e.g. `/api/balances`. PayCore says its
   * Private API "allows getting the account's balances" but publishes no path, so the plugin never guesses one:
   * unset, no balance is shown or checked. Set, the payouts form shows the payout currency's balance and a larger
   * payout is refused before it is sent.
   */
  balancesPath: z
    .string()
    .trim()
    .regex(/^\/api\/[A-Za-z0-9/_.-]+$/, "must be a Private API path starting with /api/, e.g. /api/balances")
    .optional(),
  /** Per-request timeout for PayCore calls, in milliseconds. */
  timeoutMs: z.number().int().min(100).max(120_000).default(15_000),
  /** How many times an idempotent PayCore call is tried in all (1 = no retry). */
  retryAttempts: z.number().int().min(1).max(10).default(3),
  /** Keep-alive connections to PayCore kept open per server process. */
  connections: z.number().int().min(1).max(256).default(10),
})

/**
 * What the PayCore check (`npx paycore-check`) reads: the connection and the options whose value it can find out.
 * No private keys: the check verifies no callback.
 */
export const paycoreCheckOptionsSchema = paycoreOptionsObject
  .pick({
    baseUrl: true,
    accountId: true,
    apiKey: true,
    publicKey: true,
    testMode: true,
    invoiceCreation: true,
    services: true,
    payoutRequestFormat: true,
    payoutConfirmation: true,
    invoiceLifetimeMinutes: true,
    balancesPath: true,
    timeoutMs: true,
  })
  .strict()

export const paycoreOptionsSchema = paycoreOptionsObject.strict().superRefine((options, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message })
  if (!isLoopbackUrl(options.baseUrl)) {
    for (const name of ["accountId", "apiKey", "publicKey", "testPrivateKey", "livePrivateKey"] as const) {
      const value = options[name]
      if (value && SANDBOX_VALUES.has(value)) {
        issue(name, "is the local sandbox's published key; it is accepted only with a loopback baseUrl (127.0.0.1)")
      }
    }
  }
  if (options.testPrivateKey?.startsWith("sk_live_")) {
    issue("testPrivateKey", "holds a live key (sk_live_…); put it in livePrivateKey")
  } else if (options.testPrivateKey && !options.testPrivateKey.startsWith("sk_test_")) {
    issue("testPrivateKey", "must be the test private key, which starts with sk_test_")
  }
  if (options.livePrivateKey?.startsWith("sk_test_")) {
    issue("livePrivateKey", "holds a test key (sk_test_…); put it in testPrivateKey")
  } else if (options.livePrivateKey && !options.livePrivateKey.startsWith("sk_live_")) {
    issue("livePrivateKey", "must be the live private key, which starts with sk_live_")
  }
  if (options.testMode && options.publicKey?.startsWith("pk_live_")) {
    issue("publicKey", "is a live key (pk_live_…) but testMode is true; use the pk_test_ key or set testMode: false")
  }
  if (!options.testMode && options.publicKey?.startsWith("pk_test_")) {
    issue("publicKey", "is a test key (pk_test_…) but testMode is false; use the pk_live_ key or set testMode: true")
  }
  if (options.testMode && !options.testPrivateKey) {
    issue("testPrivateKey", "is required while testMode is true: test callbacks are signed with it")
  }
  if (options.invoiceCreation === "hpp_link" && !options.publicKey) {
    issue("publicKey", "is required when invoiceCreation is hpp_link: the payment link is built with it")
  }
  if (options.savedCards && !options.savedCardKey) {
    issue("savedCardKey", "is required when savedCards is true: stored card tokens are sealed with it")
  }
  if (options.savedCards && options.invoiceCreation === "hpp_link") {
    issue("savedCards", "needs invoiceCreation private_api: a payment link cannot ask PayCore to tokenise the card")
  }
  if (!options.testMode && !options.livePrivateKey) {
    issue("livePrivateKey", "is required when testMode is false: live callbacks are signed with it")
  }
})

export type PaycoreOptionsInput = z.input<typeof paycoreOptionsSchema>
export type PaycoreOptions = z.output<typeof paycoreOptionsSchema>

/** Joins zod's issues into one line that names every wrong option. */
export function describeOptionIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join(".") || "(options)"
      if (issue.code === "unrecognized_keys") {
        return `unknown option${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`
      }
      if (issue.code === "invalid_key") {
        return `${path}: ${issue.issues.map((inner) => inner.message).join(", ")}`
      }
      if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) {
        return `${path}: is required`
      }
      return `${path}: ${issue.message}`
    })
    .join("; ")
}

/**
 * Validates provider options; throws an Error whose message names each wrong or missing option.
 * The message never repeats option values, so keys cannot leak into boot logs.
 */
export function parsePaycoreOptions(options: unknown): PaycoreOptions {
  const result = paycoreOptionsSchema.safeParse(options ?? {})
  if (!result.success) {
    throw new Error(`PayCore provider options are invalid: ${describeOptionIssues(result.error)}`)
  }
  return result.data
}
