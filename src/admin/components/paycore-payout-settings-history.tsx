// The payout settings' history (`change_log`, newest first; the newest 10 that changed something): when, which
// admin, and what changed in words (lib/paycore-settings-history.ts). A confirmed switch names both admins.
import { Text } from "@medusajs/ui"
import { formatTime } from "../lib/paycore-format"
import type { SettingsChangeEntry } from "../lib/paycore-payouts-api"
import { SETTINGS_HISTORY_SHOWN, settingsEntryText, shownSettingsHistory } from "../lib/paycore-settings-history"
import { AdminUser } from "./paycore-ui"

export const SettingsHistory = ({ entries }: { entries: SettingsChangeEntry[] }) => {
  const shown = shownSettingsHistory(entries)
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="paycore-payout-settings-history">
      <Text size="small" leading="compact" weight="plus">
        Settings history
      </Text>
      {shown.length === 0 ? (
        <Text size="small" className="text-ui-fg-muted" data-testid="paycore-payout-settings-history-empty">
          No changes yet.
        </Text>
      ) : (
        <ol className="flex flex-col gap-y-2">
          {shown.map((entry, index) => (
            <HistoryEntry key={`${entry.at}-${entry.kind}-${index}`} entry={entry} />
          ))}
        </ol>
      )}
      {shown.length === SETTINGS_HISTORY_SHOWN && entries.length > shown.length && (
        <Text size="xsmall" className="text-ui-fg-muted">
          The {SETTINGS_HISTORY_SHOWN} newest changes.
        </Text>
      )}
    </div>
  )
}

const HistoryEntry = ({ entry }: { entry: SettingsChangeEntry }) => (
  <li
    className="grid grid-cols-[140px_1fr] items-start gap-x-3"
    data-testid="paycore-payout-settings-history-entry"
    data-kind={entry.kind}
  >
    <Text size="small" leading="compact" className="text-ui-fg-muted tabular-nums">
      {formatTime(entry.at)}
    </Text>
    <div className="flex min-w-0 flex-col gap-y-0.5">
      <Text
        size="small"
        leading="compact"
        weight="plus"
        className="break-words"
        data-testid="paycore-payout-settings-history-by"
      >
        <AdminUser id={entry.by} />
      </Text>
      <Text
        size="small"
        leading="compact"
        className="text-ui-fg-subtle break-words"
        data-testid="paycore-payout-settings-history-what"
      >
        {settingsEntryText(entry)}
        {entry.kind === "confirmed" && (
          <>
            , confirmed by <AdminUser id={entry.confirmed_by} />
          </>
        )}
      </Text>
    </div>
  </li>
)
