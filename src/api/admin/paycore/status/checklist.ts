import type { MedusaContainer } from "@medusajs/framework/types"
import {
  PaycoreApiError,
  PaycoreNetworkError,
  PaycoreReferenceLookupError,
  PaycoreTimeoutError,
  isPaycoreError,
} from "../../../../lib/paycore"
import { PAYCORE_MODULE } from "../../../../modules/paycore"
import type { PaycoreModuleService } from "../../../../modules/paycore/service"
import { paycoreAccount, paycoreAccounts, type PaycoreAccount } from "../../../../accounts"
import { lastPaycoreCheck, type PaycoreCheckRunView } from "../../../../paycore-check/record"

export type ChecklistStatus = "ok" | "warning" | "failed" | "pending"
export type ChecklistItem = { id: string; title: string; status: ChecklistStatus; detail: string }

export type PrivateApiCheck = {
  status: "reachable" | "bad_credentials" | "forbidden" | "unreachable" | "error"
  http_status: number | null
  detail: string
}

/**
 * The settings page's view of one PayCore account and PayCore's go-live checklist (getting-started page: use
 * the live keys, whitelist the servers' IPs, handle callbacks, check their signature), each item checked by the
 * plugin itself: the options it was given, one authenticated Private API call, and the callbacks it recorded.
 */
export async function paycoreStatus(container: MedusaContainer, providerId?: string) {
  const account = paycoreAccount(container, providerId)
  if (!account) return undefined
  const { options } = account
  const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)

  const [privateApi, testCallback, liveCallback, lastRefused, lastCheck] = await Promise.all([
    checkPrivateApi(account),
    lastSignedCallback(paycore, true),
    lastSignedCallback(paycore, false),
    paycore
      .listPaycoreCallbacks(
        { signature: "refused" },
        { select: ["created_at", "detail"], order: { created_at: "DESC" }, take: 1 }
      )
      .then((rows) => rows[0]),
    lastPaycoreCheck(container, account.providerId),
  ])

  const publicKeyMode = options.publicKey?.startsWith("pk_live_") ? "live" : options.publicKey ? "test" : null
  const liveKeysDiffer =
    options.livePrivateKey && options.testPrivateKey ? options.livePrivateKey !== options.testPrivateKey : null
  const callbackUrl = options.callbackUrl ?? null

  const checklist: ChecklistItem[] = [
    {
      id: "private_api",
      title: "PayCore's Private API answers this server",
      status: privateApi.status === "reachable" ? "ok" : "failed",
      detail: privateApi.detail,
    },
    paycoreCheckItem(lastCheck),
    callbackUrlItem(callbackUrl, options.testMode),
    ...(options.invoiceCreation === "hpp_link" ? [publicCreationItem(testCallback ?? liveCallback)] : []),
    paymentServicesItem(options.services),
    {
      id: "test_callback",
      title: "A correctly signed test callback was received",
      status: testCallback ? "ok" : "pending",
      detail: testCallback
        ? `Last at ${iso(testCallback.created_at)}: the callback URL is reachable and testPrivateKey verifies PayCore's signature.`
        : "None yet. Make a test payment: PayCore must reach the callback URL and its X-Signature must match testPrivateKey." +
          (lastRefused
            ? ` The last refused callback (${iso(lastRefused.created_at)}): ${lastRefused.detail ?? "bad signature"}.`
            : ""),
    },
    {
      id: "live_keys",
      title: "Live keys are configured and differ from the test keys",
      status:
        options.livePrivateKey && liveKeysDiffer !== false && (options.testMode || publicKeyMode !== "test")
          ? "ok"
          : options.testMode
            ? "pending"
            : "failed",
      detail: !options.livePrivateKey
        ? "livePrivateKey (sk_live_…) is not set: live callbacks could not be verified."
        : liveKeysDiffer === false
          ? "livePrivateKey equals testPrivateKey: copy both keys again from Commerce account → Settings → Integration."
          : !options.testMode && publicKeyMode === "test"
            ? "publicKey is a test key (pk_test_…) while testMode is false."
            : "livePrivateKey is set and differs from testPrivateKey." +
              (options.testMode ? " Set publicKey to the pk_live_ key when you switch testMode off." : ""),
    },
    {
      id: "live_mode",
      title: "The provider runs in live mode",
      status: options.testMode ? "pending" : "ok",
      detail: options.testMode
        ? "testMode is true: invoices and payouts are created with test_mode and move no money."
        : "testMode is false: invoices and payouts are live.",
    },
    {
      id: "live_callback",
      title: "A correctly signed live callback was received",
      status: liveCallback ? "ok" : "pending",
      detail: liveCallback
        ? `Last at ${iso(liveCallback.created_at)}: livePrivateKey verifies PayCore's live signatures.`
        : "None yet: expected after the first live payment or payout.",
    },
  ]

  return {
    provider_id: account.providerId,
    providers: paycoreAccounts(container).map((item) => item.providerId),
    mode: options.testMode ? ("test" as const) : ("live" as const),
    base_url: options.baseUrl,
    keys: {
      public_key: publicKeyMode,
      test_private_key: Boolean(options.testPrivateKey),
      live_private_key: Boolean(options.livePrivateKey),
      live_differs_from_test: liveKeysDiffer,
    },
    private_api: privateApi,
    callbacks: {
      callback_url: callbackUrl,
      last_test_callback_at: testCallback ? iso(testCallback.created_at) : null,
      last_live_callback_at: liveCallback ? iso(liveCallback.created_at) : null,
      last_refused_callback_at: lastRefused ? iso(lastRefused.created_at) : null,
    },
    checklist,
    ready_for_live: checklist.every((item) => item.status === "ok"),
  }
}

/**
 * One cheap authenticated call: looking up a payment invoice by a reference nobody uses. An answer (an empty list)
 * proves the host, the credentials and the IP whitelist; 401 means wrong credentials; 403 or no answer usually
 * the IP whitelist.
 */
async function checkPrivateApi(account: PaycoreAccount): Promise<PrivateApiCheck> {
  try {
    await account.client.findPaymentInvoiceByReference(`medusa-paycore-status-check-${Date.now()}`)
    return {
      status: "reachable",
      http_status: 200,
      detail: "PayCore answered an authenticated request with these credentials.",
    }
  } catch (error) {
    if (error instanceof PaycoreReferenceLookupError) {
      // An answer that is not 401/403 came after authentication: the credentials and the whitelist work.
      return {
        status: "reachable",
        http_status: error.status ?? 200,
        detail:
          "PayCore answered an authenticated request with these credentials " +
          `(it does not look invoices up by reference: ${error.reason}).`,
      }
    }
    if (error instanceof PaycoreApiError) {
      if (error.status === 401) {
        return {
          status: "bad_credentials",
          http_status: 401,
          detail: "PayCore refused the credentials (401): check accountId (coma_…) and apiKey.",
        }
      }
      if (error.status === 403) {
        return {
          status: "forbidden",
          http_status: 403,
          detail:
            "PayCore refused this server (403): add its public IP to the IP whitelist (Commerce account → Settings → Integration).",
        }
      }
      return { status: "error", http_status: error.status, detail: `PayCore answered HTTP ${error.status}.` }
    }
    if (error instanceof PaycoreNetworkError || error instanceof PaycoreTimeoutError) {
      return {
        status: "unreachable",
        http_status: null,
        detail: `No answer from ${account.options.baseUrl} (${error.detail}): check baseUrl, the network, and the IP whitelist.`,
      }
    }
    if (isPaycoreError(error)) return { status: "error", http_status: null, detail: error.message }
    throw error
  }
}

/** The provider's newest PayCore check (Settings → PayCore → PayCore check): passed, found differences, or none. */
function paycoreCheckItem(run: PaycoreCheckRunView | null): ChecklistItem {
  const base = { id: "paycore_check", title: "PayCore check passed" }
  if (!run) {
    return { ...base, status: "pending", detail: "Run the PayCore check on this page before the first live payment." }
  }
  if (run.report.passed) return { ...base, status: "ok", detail: `PayCore check passed on ${run.created_at}.` }
  const differs = run.report.counts?.differs ?? run.report.rows.filter((row) => row.verdict === "differs").length
  return {
    ...base,
    status: "failed",
    detail:
      `The PayCore check on ${run.created_at} found ${differs} ${differs === 1 ? "difference" : "differences"}: ` +
      "see PayCore check below.",
  }
}

function callbackUrlItem(callbackUrl: string | null, testMode: boolean): ChecklistItem {
  const base = { id: "callback_url", title: "Callbacks are sent to this store's /hooks/paycore" }
  if (!callbackUrl) {
    return {
      ...base,
      status: "warning",
      detail:
        "The callbackUrl option is not set, so PayCore uses the Callback URL of the dashboard (Commerce account → Settings → " +
        "Integration), which the plugin cannot see: make sure it is https://<your Medusa backend>/hooks/paycore.",
    }
  }
  const url = new URL(callbackUrl)
  if (!url.pathname.replace(/\/+$/, "").endsWith("/hooks/paycore")) {
    return {
      ...base,
      status: "warning",
      detail: `callbackUrl is ${callbackUrl}; use /hooks/paycore: only that route refuses bad signatures and applies failures and payouts.`,
    }
  }
  if (url.protocol !== "https:" && !testMode) {
    return {
      ...base,
      status: "failed",
      detail: `callbackUrl ${callbackUrl} is not https: live callbacks must be encrypted.`,
    }
  }
  return { ...base, status: "ok", detail: `Every invoice and payout carries callback_url ${callbackUrl}.` }
}

async function lastSignedCallback(paycore: PaycoreModuleService, testMode: boolean) {
  const [row] = await paycore.listPaycoreCallbacks(
    { signature: "accepted", source: "callback", test_mode: testMode },
    { select: ["created_at"], order: { created_at: "DESC" }, take: 1 }
  )
  return row
}

function iso(value: unknown): string {
  return new Date(value as string).toISOString()
}

/** What `GET /admin/paycore/status` answers for one provider (the settings page reads it). */
export type PaycoreStatusView = NonNullable<Awaited<ReturnType<typeof paycoreStatus>>>

/**
 * Link mode needs PayCore to create invoices from public-key links, which the account's "Public Access → Forbid
 * creation" switch forbids (PayCore's "Play with API" page). A signed callback proves a link became an invoice.
 */
function publicCreationItem(anyCallback: { created_at: unknown } | undefined): ChecklistItem {
  return {
    id: "public_creation",
    title: "PayCore creates invoices from payment links",
    status: anyCallback ? "ok" : "pending",
    detail: anyCallback
      ? `A signed callback arrived at ${iso(anyCallback.created_at as Date)}: PayCore created an invoice from a link.`
      : 'invoiceCreation is hpp_link: switch "Public Access → Forbid creation" off in the PayCore dashboard ' +
        "(Commerce account → Settings), or customers' links cannot become invoices. Then make a test payment.",
  }
}

/**
 * Which currencies open a fixed PayCore service and which PayCore's method picker (an invoice without `service`,
 * which every documented example avoids and an account may refuse): a choice the admin should know they made.
 */
function paymentServicesItem(services: Record<string, string>): ChecklistItem {
  const fixed = Object.entries(services).map(([currency, service]) => `${currency}: ${service}`)
  return {
    id: "payment_services",
    title: "Each currency's payment method is chosen",
    status: "ok",
    detail:
      (fixed.length ? `Fixed services: ${fixed.join(", ")}. Other currencies` : "Every currency") +
      " open PayCore's method picker: invoices are created without `service`. If PayCore refuses that " +
      '(422 naming service), set the services option (e.g. { USD: "payment_card_usd_hpp" }).',
  }
}
