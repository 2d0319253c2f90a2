// The PayCore check inside Medusa: one run per provider at a time (in this process and across server instances),
// each run stored in the plugin's module (`paycore_check_run`), the newest one read back for the settings page and
// the go-live checklist. The checks themselves are run.ts, free of Medusa; the admin routes only call these.
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { paycoreAccount, type PaycoreAccount } from "../accounts"
import { PAYCORE_MODULE } from "../modules/paycore"
import type { PaycoreModuleService } from "../modules/paycore/service"
import { runPaycoreCheck } from "./run"
import type { PaycoreCheckReport } from "./types"

/** One stored run, as the admin API answers it. */
export type PaycoreCheckRunView = {
  run_id: string
  /** When the run was stored (ISO 8601); the report has its own started_at / finished_at. */
  created_at: string
  /** The admin user who ran it; null when unknown. */
  run_by: string | null
  report: PaycoreCheckReport
}

/**
 * Seconds a run waits for another server instance's run of the same provider to end before it is refused with 409.
 * Short on purpose: a second run right after the first would only repeat it (Medusa's minimum is 1 second).
 */
const LOCK_WAIT_SECONDS = 1

/** Providers with a run under way in this process: a second one is refused at once, without touching the lock. */
const running = new Set<string>()

export function paycoreCheckLockKey(providerId: string): string {
  return `paycore:check:${providerId}`
}

/** The account to check: the named provider, or the only one; a 400 naming provider_id otherwise. */
export function paycoreCheckAccount(container: MedusaContainer, providerId?: string): PaycoreAccount {
  const account = paycoreAccount(container, providerId)
  if (!account) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      providerId
        ? `provider_id: ${providerId} is not a registered PayCore provider`
        : "provider_id: name the PayCore provider"
    )
  }
  return account
}

/**
 * Runs the PayCore check for `account`, stores the run and returns it. A second run for the same provider while
 * one is under way (here or on another server instance sharing the locking module) is refused with a CONFLICT
 * MedusaError, "a PayCore check is already running for <provider>"; nothing is stored for it.
 */
export async function runAndRecordPaycoreCheck(
  container: MedusaContainer,
  account: PaycoreAccount,
  actorId: string | null | undefined
): Promise<PaycoreCheckRunView> {
  const { providerId } = account
  // Checked and taken before any await: two calls in the same tick cannot both pass.
  if (running.has(providerId)) throw alreadyRunning(providerId)
  running.add(providerId)
  let started = false
  let abandoned = false
  let giveUp: NodeJS.Timeout | undefined
  try {
    const locking = container.resolve(Modules.LOCKING)
    const attempt = locking.execute(
      paycoreCheckLockKey(providerId),
      async () => {
        if (abandoned) return undefined
        started = true
        const report = withoutSecrets(await runPaycoreCheck({ options: account.options }), secretsOf(account))
        const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
        const row = await paycore.createPaycoreCheckRuns({
          provider_id: providerId,
          passed: report.passed,
          report: report as unknown as Record<string, unknown>,
          run_by: actorId ?? null,
        })
        return runView(row)
      },
      { timeout: LOCK_WAIT_SECONDS }
    )
    // Medusa's Postgres provider gives up waiting after the timeout but answers only once the other run released
    // the lock (its rollback queues behind the lock query): refuse at once instead of keeping the admin waiting.
    const refused = new Promise<never>((_, reject) => {
      giveUp = setTimeout(
        () => {
          if (started) return
          abandoned = true
          attempt.catch(() => undefined)
          reject(alreadyRunning(providerId))
        },
        (LOCK_WAIT_SECONDS + 1) * 1000
      )
    })
    const view = await Promise.race([attempt, refused])
    if (!view) throw alreadyRunning(providerId)
    return view
  } catch (error) {
    if (!started && isLockNotAcquired(error)) throw alreadyRunning(providerId)
    throw error
  } finally {
    clearTimeout(giveUp)
    running.delete(providerId)
  }
}

/** The provider's newest stored run, or null when the check never ran. */
export async function lastPaycoreCheck(
  container: MedusaContainer,
  providerId: string
): Promise<PaycoreCheckRunView | null> {
  const [row] = await container
    .resolve<PaycoreModuleService>(PAYCORE_MODULE)
    .listPaycoreCheckRuns({ provider_id: providerId }, { order: { created_at: "DESC" }, take: 1 })
  return row ? runView(row) : null
}

function alreadyRunning(providerId: string): MedusaError {
  return new MedusaError(MedusaError.Types.CONFLICT, `a PayCore check is already running for ${providerId}`)
}

/** What Medusa's locking providers throw when the lock was not taken in time (in-memory, Postgres, Redis). */
function isLockNotAcquired(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error)
  return /timed-out acquiring lock|failed to acquire lock|is already locked/i.test(message)
}

function runView(row: {
  id: string
  created_at: Date | string
  run_by: string | null
  report: unknown
}): PaycoreCheckRunView {
  return {
    run_id: row.id,
    created_at: new Date(row.created_at).toISOString(),
    run_by: row.run_by ?? null,
    report: row.report as PaycoreCheckReport,
  }
}

/** The account's secret values (the Commerce Account ID and public key are not secrets). */
function secretsOf(account: PaycoreAccount): string[] {
  const { apiKey, testPrivateKey, livePrivateKey, payoutApprovalSecret } = account.options
  return [apiKey, testPrivateKey, livePrivateKey, payoutApprovalSecret].filter(
    (value): value is string => typeof value === "string" && value.length >= 4
  )
}

/**
 * The report with any secret value replaced by `[redacted]`. run.ts never puts one in a row; this keeps a slip from
 * being stored and shown in the admin.
 */
function withoutSecrets<T>(value: T, secrets: string[]): T {
  if (!secrets.length) return value
  const scrub = (item: unknown): unknown => {
    if (typeof item === "string") return secrets.reduce((text, secret) => text.split(secret).join("[redacted]"), item)
    if (Array.isArray(item)) return item.map(scrub)
    if (item && typeof item === "object") {
      return Object.fromEntries(
        Object.entries(item as Record<string, unknown>).map(([key, entry]) => [key, scrub(entry)])
      )
    }
    return item
  }
  return scrub(value) as T
}
