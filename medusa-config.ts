// The Medusa app used by this repository's tests and `npm run demo`. It is not shipped in the package:
// a shop registers the plugin in its own medusa-config as the README shows.
import { randomBytes } from "node:crypto"
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const env = process.env

/**
 * The local PayCore sandbox's well-known account (sandbox/README.md). They fill in unset PAYCORE_* variables in test
 * mode only: with PAYCORE_TEST_MODE=false nothing is filled in, so a missing key reaches the provider as undefined and
 * its option validation names it at boot, instead of a live app running on the sandbox's published keys.
 */
const SANDBOX_DEFAULTS = {
  baseUrl: "http://127.0.0.1:4010",
  accountId: "coma_SandboxAccount01",
  apiKey: "sandbox_api_key",
  publicKey: "pk_test_sandbox_public_key",
  testPrivateKey: "sk_test_sandbox_private_key",
}

const PROCESS_APPROVAL_SECRET = randomBytes(32).toString("base64")
const PROCESS_SAVED_CARD_KEY = randomBytes(32).toString("base64")

/** Provider options from PAYCORE_* variables; in test mode unset ones point at the local PayCore sandbox. */
function paycoreOptions() {
  const testMode = env.PAYCORE_TEST_MODE ? env.PAYCORE_TEST_MODE !== "false" : true
  const defaults: Partial<typeof SANDBOX_DEFAULTS> = testMode ? SANDBOX_DEFAULTS : {}
  const list = (value?: string) =>
    value
      ? value
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean)
      : undefined
  const returnUrls = env.PAYCORE_RETURN_URL_SUCCESS
    ? {
        success: env.PAYCORE_RETURN_URL_SUCCESS,
        pending: env.PAYCORE_RETURN_URL_PENDING || undefined,
        fail: env.PAYCORE_RETURN_URL_FAIL || undefined,
      }
    : undefined
  return {
    // Unset in live mode: the provider's default, PayCore's own host.
    baseUrl: env.PAYCORE_BASE_URL || defaults.baseUrl,
    accountId: env.PAYCORE_ACCOUNT_ID || defaults.accountId,
    apiKey: env.PAYCORE_API_KEY || defaults.apiKey,
    publicKey: env.PAYCORE_PUBLIC_KEY || defaults.publicKey,
    testPrivateKey: env.PAYCORE_TEST_PRIVATE_KEY || defaults.testPrivateKey,
    livePrivateKey: env.PAYCORE_LIVE_PRIVATE_KEY || undefined,
    // Keys payout approvals. Test mode without one: a random key per process (pending approvals need re-entering
    // after a restart); live mode: none, so approvals cannot be switched on until the variable is set.
    payoutApprovalSecret: env.PAYCORE_PAYOUT_APPROVAL_SECRET || (testMode ? PROCESS_APPROVAL_SECRET : undefined),
    testMode,
    // Saved cards: on in test mode unless PAYCORE_SAVED_CARDS=false. Without PAYCORE_SAVED_CARD_KEY, test mode seals
    // tokens with a random key per process (cards saved before a restart cannot pay); live mode needs the variable.
    savedCards: env.PAYCORE_SAVED_CARDS
      ? env.PAYCORE_SAVED_CARDS === "true"
      : testMode && env.PAYCORE_INVOICE_CREATION !== "hpp_link",
    savedCardKey: env.PAYCORE_SAVED_CARD_KEY || (testMode ? PROCESS_SAVED_CARD_KEY : undefined),
    savedCardCharge: env.PAYCORE_SAVED_CARD_CHARGE === "hpp" ? ("hpp" as const) : undefined,
    invoiceCreation: env.PAYCORE_INVOICE_CREATION === "hpp_link" ? ("hpp_link" as const) : undefined,
    callbackUrl: env.PAYCORE_CALLBACK_URL || undefined,
    returnUrls,
    allowedReturnHosts: list(env.PAYCORE_ALLOWED_RETURN_HOSTS),
    reconcileAfterMinutes: env.PAYCORE_RECONCILE_AFTER_MINUTES
      ? Number(env.PAYCORE_RECONCILE_AFTER_MINUTES)
      : undefined,
    refundOrphanPayments: env.PAYCORE_REFUND_ORPHAN_PAYMENTS === "true",
    recoverFailedCheckoutAfterMinutes: env.PAYCORE_RECOVER_FAILED_CHECKOUT_AFTER_MINUTES
      ? Number(env.PAYCORE_RECOVER_FAILED_CHECKOUT_AFTER_MINUTES)
      : undefined,
    invoiceLifetimeMinutes: env.PAYCORE_INVOICE_LIFETIME_MINUTES
      ? Number(env.PAYCORE_INVOICE_LIFETIME_MINUTES)
      : undefined,
    payoutRequestFormat: env.PAYCORE_PAYOUT_REQUEST_FORMAT === "flat" ? ("flat" as const) : undefined,
    balancesPath: env.PAYCORE_BALANCES_PATH || undefined,
    payoutConfirmation:
      env.PAYCORE_PAYOUT_CONFIRMATION === "confirm_in_admin" ? ("confirm_in_admin" as const) : undefined,
  }
}

/**
 * REDIS_URL set: what a shop with several server instances runs. Sessions, Medusa's event bus and its workflow
 * engine go to Redis, so that events and workflows are shared by every instance. Unset: Medusa's in-memory
 * defaults (one process). The locking module below already uses PostgreSQL either way.
 */
const redisUrl = env.REDIS_URL || undefined
const redisModules = redisUrl
  ? [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
      { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
    ]
  : []

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: env.DATABASE_URL,
    redisUrl,
    http: {
      storeCors: env.STORE_CORS || "http://localhost:8000,http://127.0.0.1:8000",
      adminCors: env.ADMIN_CORS || "http://localhost:9000,http://127.0.0.1:9000",
      authCors:
        env.AUTH_CORS || "http://localhost:8000,http://127.0.0.1:8000,http://localhost:9000,http://127.0.0.1:9000",
      jwtSecret: env.JWT_SECRET || "supersecret",
      cookieSecret: env.COOKIE_SECRET || "supersecret",
    },
    // `medusa start` marks the session cookie Secure; the local demo runs on plain http.
    cookieOptions: env.MEDUSA_INSECURE_COOKIES === "true" ? { secure: false, sameSite: "lax" } : undefined,
  },
  admin: {
    disable: env.MEDUSA_ADMIN !== "true",
  },
  modules: [
    ...redisModules,
    // A store gets this module from `plugins: ["medusa-payment-paycore"]`; this repository is the app itself.
    { resolve: "./src/modules/paycore" },
    // Callbacks are applied under a lock per invoice. Postgres advisory locks make that lock shared by every
    // server instance on the database (the default in-memory provider only locks within one process).
    {
      resolve: "@medusajs/medusa/locking",
      options: {
        providers: [{ resolve: "@medusajs/medusa/locking-postgres", id: "locking-postgres", is_default: true }],
      },
    },
    // Notifications are only logged (the local provider): a shop registers its email provider on "email" instead.
    // "feed" stays, which Medusa's admin imports and exports notify on (this entry replaces Medusa's default).
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          { resolve: "@medusajs/medusa/notification-local", id: "local", options: { channels: ["email", "feed"] } },
        ],
      },
    },
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [
          {
            resolve: "./src/providers/paycore",
            id: "paycore",
            options: paycoreOptions(),
          },
        ],
      },
    },
  ],
})
