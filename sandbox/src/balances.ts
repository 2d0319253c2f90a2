import { BALANCES_ENDPOINT_MAX_SEGMENTS } from "./config"
import type { SandboxCore } from "./core"
import { ApiError, apiErrors } from "./errors"
import { type Handler, type Router, phpJson } from "./http"
import { toMajorNumber, toMinorUnits } from "./money"
import type { JsonApiResource } from "./resources"
import type { PayoutStatus } from "./state"

/**
 * The account's balances at `balancesEndpoint` (sandbox choice: PayCore's page says its Private API "allows getting the
 * account's balances" but publishes no path or shape; README "The sandbox's own choices"). One balance per enabled
 * currency and mode:
 *
 *   available = startingBalances[currency]
 *             + Σ paid payment invoices: processed_amount − refunded_amount − charged_back_amount
 *             − Σ payout invoices from `created` to `processed` (failed and canceled ones give the money back)
 *
 * computed in integer minor units and written as major-unit JSON numbers, like every other amount.
 */

/** Payout statuses whose amount has left the balance: every status from `created` to `processed`. */
const DEBITED_PAYOUT_STATUSES: ReadonlySet<PayoutStatus> = new Set<PayoutStatus>([
  "created",
  "processing",
  "process_pending",
  "processed",
  // Cancelling a processed payout: the money is back only once it is `canceled`.
  "canceling",
])

export interface AccountBalance {
  currency: string
  testMode: boolean
  /** Integer minor units of `currency`; may be negative (the sandbox never refuses a payout for want of money). */
  available: number
}

/** The balances of every enabled currency, test mode first, in the order of `currencies`. */
export function accountBalances(core: SandboxCore): AccountBalance[] {
  const balances = new Map<string, AccountBalance>()
  const key = (currency: string, testMode: boolean) => `${currency}-${testMode ? "test" : "live"}`
  for (const currency of Object.keys(core.config.currencies)) {
    const start = startingBalance(core, currency)
    for (const testMode of [true, false])
      balances.set(key(currency, testMode), { currency, testMode, available: start })
  }
  for (const inv of core.store.paymentInvoices.values()) {
    const balance = balances.get(key(inv.currency, inv.testMode))
    if (!balance || inv.processedAmount === null) continue
    balance.available += inv.processedAmount - (inv.refundedAmount ?? 0) - (inv.chargedBackAmount ?? 0)
  }
  for (const inv of core.store.payoutInvoices.values()) {
    const balance = balances.get(key(inv.currency, inv.testMode))
    if (balance && DEBITED_PAYOUT_STATUSES.has(inv.status)) balance.available -= inv.amount
  }
  return [...balances.values()]
}

function startingBalance(core: SandboxCore, currency: string): number {
  const amount = core.config.startingBalances[currency] ?? 0
  const parsed = toMinorUnits(amount, core.decimals(currency))
  // validateConfig() checks every starting balance of an enabled currency.
  if (!parsed.ok) throw new Error(`startingBalances.${currency} is not a ${currency} amount (${parsed.reason})`)
  return parsed.minor
}

/** `{"data":[{"type":"balances","id":"USD-test","attributes":{"currency","available","test_mode"}}, …]}` */
export function balancesDocument(core: SandboxCore): { data: JsonApiResource[] } {
  return {
    data: accountBalances(core).map((balance) => ({
      type: "balances",
      id: `${balance.currency}-${balance.testMode ? "test" : "live"}`,
      attributes: {
        currency: balance.currency,
        available: toMajorNumber(balance.available, core.decimals(balance.currency)),
        test_mode: balance.testMode,
      },
    })),
  }
}

/** Methods that get a catch-all route below /api, so that any of them on the balances path is answered here. */
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const

/**
 * Serves `GET <balancesEndpoint>` (through `authed`: HTTP Basic like the rest of /api) at whatever path the
 * configuration names at the time of the request, so that `updateConfig()` and profile switches take effect at once.
 * The router has no dynamic routes, so this registers catch-all routes `/api/:a`, `/api/:a/:b`, … (up to
 * BALANCES_ENDPOINT_MAX_SEGMENTS) for every method in METHODS; register it after every other /api route. Any other
 * path is answered as it would be without them: 405 when another route serves the path with another method, else 404.
 */
export function registerBalancesEndpoint(
  router: Router,
  core: SandboxCore,
  authed: (handler: Handler) => Handler
): void {
  const balances = authed(() => phpJson(200, balancesDocument(core)))
  const catchAll: Handler = (req) => {
    if (core.config.balancesEndpoint !== null && req.path === core.config.balancesEndpoint) {
      if (req.method === "GET") return balances(req)
      throw methodNotAllowed(req.method)
    }
    if (servedByAnotherRoute(req.path)) throw methodNotAllowed(req.method)
    throw apiErrors.notFound(`No route for ${req.method} ${req.path}`)
  }
  const servedByAnotherRoute = (path: string) =>
    METHODS.some((method) => {
      const found = router.match(method, path)
      return typeof found === "object" && found.handler !== catchAll
    })
  for (let depth = 1; depth <= BALANCES_ENDPOINT_MAX_SEGMENTS; depth++) {
    const pattern = "/api" + Array.from({ length: depth }, (_, i) => `/:segment${i}`).join("")
    for (const method of METHODS) router.add(method, pattern, catchAll)
  }
}

/** The router's own 405 (server.ts). */
function methodNotAllowed(method: string): ApiError {
  return new ApiError(405, "method_not_allowed", [
    { code: "method_not_allowed", message: `${method} is not allowed here` },
  ])
}
