// The payout settings (GET / POST /admin/paycore/payouts/settings): a summary (with approvals switched off waiting
// for a second admin: PendingSettingsChangeNotice), the settings' history, and a drawer to edit them
// (PayoutSettingsForm). Used by the store page's widget and by Settings → PayCore.
import { PencilSquare } from "@medusajs/icons"
import { Badge, Button, Container, Drawer, Heading, Text } from "@medusajs/ui"
import { type ReactNode, useState } from "react"
import { formatTime } from "../lib/paycore-format"
import { effectiveLimits, limitsText } from "../lib/paycore-payout-form"
import { type PayoutCurrencySettings, type PayoutSettings, usePayoutSettings } from "../lib/paycore-payouts-api"
import { PayoutSettingsForm } from "./paycore-payout-settings-form"
import { SettingsHistory } from "./paycore-payout-settings-history"
import { PendingSettingsChangeNotice } from "./paycore-payout-settings-pending"
import { AdminUser, FlagBadge, QueryState } from "./paycore-ui"

export const PayoutSettingsSection = () => {
  const settings = usePayoutSettings()
  const [editing, setEditing] = useState(false)

  return (
    <Container className="divide-y p-0" data-testid="paycore-payout-settings">
      <div className="flex items-center justify-between gap-x-4 px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <Heading level="h2">PayCore payouts</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Which PayCore payout services admins may use, per currency, and within which limits.
          </Text>
        </div>
        <Button
          size="small"
          variant="secondary"
          onClick={() => setEditing(true)}
          disabled={!settings.data}
          data-testid="paycore-payout-settings-edit"
        >
          <PencilSquare />
          Edit
        </Button>
      </div>
      <QueryState query={settings} testId="paycore-payout-settings" title="Could not load the payout settings">
        {(data) => (
          <>
            <SettingsSummary settings={data} />
            <SettingsHistory entries={data.change_log ?? []} />
          </>
        )}
      </QueryState>
      <Drawer open={editing} onOpenChange={setEditing}>
        <Drawer.Content data-testid="paycore-payout-settings-drawer" aria-describedby={undefined}>
          {settings.data && <PayoutSettingsForm settings={settings.data} onDone={() => setEditing(false)} />}
        </Drawer.Content>
      </Drawer>
    </Container>
  )
}

/** One item of the summary: a subtle label above its value. */
const SummaryItem = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="flex flex-col gap-y-1">
    <dt>
      <Text size="small" leading="compact" className="text-ui-fg-subtle">
        {label}
      </Text>
    </dt>
    <dd>{children}</dd>
  </div>
)

const SettingsSummary = ({ settings }: { settings: PayoutSettings }) => {
  const currencies = Object.entries(settings.currencies).sort(([a], [b]) => a.localeCompare(b))
  return (
    <div className="flex flex-col gap-y-4 px-6 py-4">
      {settings.pending_change && <PendingSettingsChangeNotice pending={settings.pending_change} />}
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <SummaryItem label="Payouts">
          <FlagBadge
            value={settings.enabled}
            yes={["Enabled", "green"]}
            no={["Disabled", "grey"]}
            testId="paycore-payout-settings-enabled"
            attribute="enabled"
          />
        </SummaryItem>
        <SummaryItem label="Second-admin approval">
          <Text
            size="small"
            leading="compact"
            data-testid="paycore-payout-settings-approval"
            data-required={String(settings.require_approval)}
            data-pending={String(Boolean(settings.pending_change))}
          >
            {settings.require_approval ? "Required: another admin approves each payout" : "Not required"}
            {settings.pending_change && (
              <span className="text-ui-fg-muted"> (switching off waits for a second admin)</span>
            )}
          </Text>
        </SummaryItem>
      </dl>

      <div className="flex flex-col gap-y-2">
        <Text size="small" leading="compact" weight="plus">
          Currencies
        </Text>
        {currencies.length === 0 ? (
          <Text size="small" className="text-ui-fg-muted" data-testid="paycore-payout-settings-no-currency">
            No currency is set up: add one with its payout services before sending payouts.
          </Text>
        ) : (
          <ul className="flex flex-col gap-y-2">
            {currencies.map(([currency, rules]) => (
              <CurrencySummary key={currency} currency={currency} rules={rules} />
            ))}
          </ul>
        )}
      </div>

      {settings.updated_at && (
        <Text size="xsmall" className="text-ui-fg-muted" data-testid="paycore-payout-settings-updated">
          Last changed {formatTime(settings.updated_at)}
          {settings.updated_by && (
            <>
              {" "}
              by <AdminUser id={settings.updated_by} />
            </>
          )}
        </Text>
      )}
    </div>
  )
}

const CurrencySummary = ({ currency, rules }: { currency: string; rules: PayoutCurrencySettings }) => {
  const limits = limitsText(effectiveLimits(rules, null), currency)
  return (
    <li
      className="bg-ui-bg-subtle flex flex-wrap items-center justify-between gap-2 rounded-md px-3 py-2"
      data-testid="paycore-payout-settings-currency"
      data-currency={currency}
    >
      <div className="flex min-w-0 flex-wrap items-center gap-2">
        <Badge size="2xsmall" className="font-mono">
          {currency}
        </Badge>
        {rules.services.map((code) => (
          <Text
            key={code}
            size="small"
            leading="compact"
            className="font-mono"
            data-testid="paycore-payout-settings-service"
          >
            {code}
            {rules.default_service === code && <span className="text-ui-fg-muted font-sans"> (default)</span>}
          </Text>
        ))}
      </div>
      <Text size="small" leading="compact" className="text-ui-fg-subtle" data-testid="paycore-payout-settings-limits">
        {limits ? `Limits: ${limits}` : "No limits of the store's own"}
      </Text>
    </li>
  )
}
