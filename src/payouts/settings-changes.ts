import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { PAYCORE_MODULE } from "../modules/paycore"
import type { PaycoreModuleService } from "../modules/paycore/service"

// Who changed the payout rules, and the one change that takes two people: switching approvals off. Otherwise a
// single admin could turn the second admin's approval off, pay out, and turn it on again.

/** Approvals switched off by one admin, until another confirms. */
export type PendingSettingsChange = { require_approval: false; requested_by: string | null; requested_at: string }

/** One line of the settings' history: what changed (from → to), who did it, who confirmed it. */
export type SettingsChangeEntry = {
  at: string
  by: string | null
  changes: Record<string, { from: unknown; to: unknown }>
  /** `requested`: waits for a second admin; `confirmed`: applied on that admin's confirmation. */
  kind: "applied" | "requested" | "confirmed" | "withdrawn"
  confirmed_by?: string | null
}

const SCOPE = "default"
const CHANGE_LOG_KEPT = 50

export function readChangeLog(row: { change_log?: unknown } | undefined): SettingsChangeEntry[] {
  return Array.isArray(row?.change_log) ? (row!.change_log as SettingsChangeEntry[]) : []
}

type RowValues = Record<string, unknown>

/** The parts of the payout settings a change is made of (settings.ts has the whole shape). */
type SettingsState = {
  enabled: boolean
  require_approval: boolean
  currencies: unknown
  pending_change: PendingSettingsChange | null
  change_log: SettingsChangeEntry[]
}
type SettingsUpdate = { enabled?: boolean; require_approval?: boolean; currencies?: unknown }

/**
 * What saving `update` does to the row: every changed setting is applied and logged, except switching approvals
 * off while they are on, which only becomes a pending change (applied by confirmPendingSettingsChange).
 */
export function planSettingsChange(current: SettingsState, update: SettingsUpdate, actorId: string | null) {
  const changes: SettingsChangeEntry["changes"] = {}
  const values: RowValues = { updated_by: actorId }
  for (const key of ["enabled", "require_approval", "currencies"] as const) {
    const next = update[key]
    if (next === undefined || canonical(next) === canonical(current[key])) continue
    changes[key] = { from: current[key], to: next }
  }
  const log = [...current.change_log]
  const at = new Date().toISOString()
  let pending = current.pending_change
  if (changes.require_approval && current.require_approval && update.require_approval === false) {
    delete changes.require_approval
    pending = { require_approval: false, requested_by: actorId, requested_at: at }
    log.unshift({ at, by: actorId, kind: "requested", changes: { require_approval: { from: true, to: false } } })
  } else if (update.require_approval === true && pending) {
    log.unshift({ at, by: actorId, kind: "withdrawn", changes: { require_approval: { from: true, to: true } } })
    pending = null
  }
  if (Object.keys(changes).length) {
    log.unshift({ at, by: actorId, kind: "applied", changes })
    for (const [key, { to }] of Object.entries(changes)) values[key] = to
  }
  values.pending_change = pending
  values.change_log = log.slice(0, CHANGE_LOG_KEPT)
  return { values, pending }
}

/** JSON with object keys sorted: the database hands a json column back with its keys in another order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner
  )
}

/**
 * A second admin confirms switching approvals off: not the admin who asked (409), only while it is pending (409).
 * Logged with both names.
 */
export async function confirmPendingSettingsChange(
  container: MedusaContainer,
  current: SettingsState,
  actorId: string
) {
  const pending = current.pending_change
  if (!pending)
    throw new MedusaError(MedusaError.Types.CONFLICT, "No change of the payout settings waits for confirmation")
  if (!pending.requested_by || pending.requested_by === actorId) {
    throw new MedusaError(
      MedusaError.Types.CONFLICT,
      "The admin who asked to switch approvals off cannot confirm it: another admin must"
    )
  }
  const entry: SettingsChangeEntry = {
    at: new Date().toISOString(),
    by: pending.requested_by,
    confirmed_by: actorId,
    kind: "confirmed",
    changes: { require_approval: { from: true, to: false } },
  }
  await saveSettingsRow(container, {
    require_approval: false,
    pending_change: null,
    updated_by: actorId,
    change_log: [entry, ...current.change_log].slice(0, CHANGE_LOG_KEPT),
  })
}

/** Writes the one settings row (created on the first save). */
export async function saveSettingsRow(container: MedusaContainer, values: RowValues): Promise<void> {
  const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
  const [row] = await paycore.listPaycorePayoutSettings({ scope: SCOPE }, { take: 1 })
  if (row) {
    await paycore.updatePaycorePayoutSettings({ id: row.id, ...values })
    return
  }
  try {
    await paycore.createPaycorePayoutSettings({ scope: SCOPE, currencies: {}, ...values })
  } catch (error) {
    // Two first saves at once: the other one created the row (scope is unique); update it instead.
    const [created] = await paycore.listPaycorePayoutSettings({ scope: SCOPE }, { take: 1 })
    if (!created) throw error
    await paycore.updatePaycorePayoutSettings({ id: created.id, ...values })
  }
}
