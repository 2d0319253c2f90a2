// Words for the payout settings' history (`change_log` of GET /admin/paycore/payouts/settings, newest first). Pure
// functions, so they are unit-tested; the names of the admins are added by the component (their emails).
import type { SettingsChangeEntry } from "./paycore-payouts-api"

/** The settings section lists this many of the newest entries (the server keeps 50). */
export const SETTINGS_HISTORY_SHOWN = 10

const SWITCH_LABELS: Record<string, string> = { enabled: "Payouts", require_approval: "Approvals" }

const onOff = (value: unknown) => (value ? "on" : "off")

/** JSON with object keys sorted: the database may hand a saved object back with its keys in another order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(",")}}`
  }
  return JSON.stringify(value) ?? "null"
}

/** "Currencies changed (EUR added, GBP removed, USD changed)": which currencies, not every rule of each; null if none did. */
function currenciesText(from: unknown, to: unknown): string | null {
  const before = (from ?? {}) as Record<string, unknown>
  const after = (to ?? {}) as Record<string, unknown>
  const codes = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  const parts = codes.flatMap((code) => {
    if (!(code in before)) return [`${code} added`]
    if (!(code in after)) return [`${code} removed`]
    return canonical(before[code]) === canonical(after[code]) ? [] : [`${code} changed`]
  })
  return parts.length ? `Currencies changed (${parts.join(", ")})` : null
}

/**
 * What one entry changed, one phrase per setting: "Approvals: on → off", "Payouts: off → on", "Currencies changed
 * (…)". A setting whose old and new value are the same apart from key order is left out.
 */
export function settingsChangeWords(changes: SettingsChangeEntry["changes"]): string[] {
  return Object.entries(changes ?? {}).flatMap(([key, change]) => {
    if (key === "currencies") return currenciesText(change?.from, change?.to) ?? []
    const label = SWITCH_LABELS[key] ?? key.replace(/_/g, " ")
    return [`${label}: ${onOff(change?.from)} → ${onOff(change?.to)}`]
  })
}

/**
 * The newest entries worth a line, at most SETTINGS_HISTORY_SHOWN: a save that changed nothing (the same currencies
 * with their keys in another order) is left out.
 */
export function shownSettingsHistory(entries: SettingsChangeEntry[]): SettingsChangeEntry[] {
  return entries
    .filter((entry) => entry.kind !== "applied" || settingsChangeWords(entry.changes).length > 0)
    .slice(0, SETTINGS_HISTORY_SHOWN)
}

/** What the entry's admin did, after their name: the changes, or the request to switch approvals off (or its withdrawal). */
export function settingsEntryText(entry: Pick<SettingsChangeEntry, "kind" | "changes">): string {
  if (entry.kind === "requested") return "asked to switch approvals off"
  if (entry.kind === "withdrawn") return "withdrew the request to switch approvals off"
  return settingsChangeWords(entry.changes).join("; ") || "saved the settings unchanged"
}
