import type { MedusaContainer } from "@medusajs/framework/types"
import { PAYCORE_MODULE } from "../modules/paycore"
import type { PaycoreModuleService } from "../modules/paycore/service"
import { CALLBACK_WAITS, PATIENT_WAITS, withInvoiceLock } from "./invoice-lock"

export type Freshness = "newer" | "duplicate" | "stale"

/** One PayCore state as the appliers compare it: PayCore's `updated`, the status and its stage (lib/paycore/statuses.ts). */
export type StateStamp = { time: Date | null; status: string; stage: number }

/**
 * PayCore says to order callbacks by `updated` and that duplicates happen. An earlier time is stale, a later one
 * newer. `updated` has whole seconds, and PayCore often moves an invoice twice within one (processing → processed):
 * then the state further along the invoice's life (its stage) wins; at the same stage another status is newer, and
 * `furtherAlong` may say so too (a larger refunded amount). Without a time (some payout callbacks) only the stage
 * and status decide.
 */
export function compareStates(recorded: StateStamp | undefined, incoming: StateStamp, furtherAlong = false): Freshness {
  if (!recorded?.time) return "newer"
  if (incoming.time) {
    const difference = incoming.time.getTime() - recorded.time.getTime()
    if (difference !== 0) return difference > 0 ? "newer" : "stale"
  }
  if (incoming.stage !== recorded.stage) return incoming.stage > recorded.stage ? "newer" : "stale"
  if (incoming.status !== recorded.status || furtherAlong) return "newer"
  return "duplicate"
}

type InvoiceState = { id: string; type: string; attributes: { status: string; test_mode?: boolean | null } }
/** `api`: PayCore's answer to our own request (not logged: the request itself is the record). */
export type StateSource = "callback" | "reconciliation" | "api"

/** One line of the callback log (shown on the admin order widget and the settings page). */
export async function logInvoiceState(
  paycore: PaycoreModuleService,
  invoice: InvoiceState,
  updatedAt: Date | null,
  source: Exclude<StateSource, "api">,
  outcome: string,
  detail?: string
): Promise<void> {
  await paycore.createPaycoreCallbacks({
    invoice_id: invoice.id,
    invoice_type: invoice.type,
    status: invoice.attributes.status,
    paycore_updated_at: updatedAt,
    test_mode: Boolean(invoice.attributes.test_mode),
    source,
    outcome,
    detail: detail ?? null,
  })
}

export type ApplyIfNewerSteps<Row, Result> = {
  /** The lock's key: one invoice (or payout) at a time, across server instances. */
  lockKey: string
  /** The record this state is compared with (undefined: none yet). */
  read: (paycore: PaycoreModuleService) => Promise<Row | undefined>
  /** An answer without comparing or logging (e.g. a payout of another store or mode). */
  refuse?: (row: Row | undefined) => Result | undefined
  freshness: (row: Row | undefined) => Freshness
  /** Whether to log a duplicate or stale state (a late, older state from PayCore is worth a line). */
  logUnchanged: (freshness: Exclude<Freshness, "newer">) => boolean
  unchanged: (row: Row | undefined, freshness: Exclude<Freshness, "newer">) => Result
  /** Applies the newer state and writes the record; `log` is the log line's outcome and detail (none: no line). */
  apply: (row: Row | undefined, paycore: PaycoreModuleService) => Promise<{ result: Result; log?: [string, string?] }>
}

/**
 * "Newer than what was applied? Then apply, write and log", under the invoice's lock: what makes each PayCore state
 * apply exactly once and never older over newer, for payments and payouts alike. A callback waits for the lock only
 * briefly (CALLBACK_WAITS: BusyError, answered 503, and PayCore sends it again); other sources wait their turn.
 */
export async function applyIfNewer<Row, Result>(
  container: MedusaContainer,
  invoice: InvoiceState,
  updatedAt: Date | null,
  source: StateSource,
  steps: ApplyIfNewerSteps<Row, Result>
): Promise<Result> {
  return await withInvoiceLock(
    container,
    steps.lockKey,
    async () => {
      const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
      const row = await steps.read(paycore)
      const refused = steps.refuse?.(row)
      if (refused !== undefined) return refused
      const freshness = steps.freshness(row)
      if (freshness !== "newer") {
        if (source !== "api" && steps.logUnchanged(freshness))
          await logInvoiceState(paycore, invoice, updatedAt, source, freshness)
        return steps.unchanged(row, freshness)
      }
      const { result, log } = await steps.apply(row, paycore)
      if (log && source !== "api") await logInvoiceState(paycore, invoice, updatedAt, source, log[0], log[1])
      return result
    },
    source === "callback" ? CALLBACK_WAITS : PATIENT_WAITS
  )
}
