// Settings → PayCore (/app/settings/paycore): the connection to PayCore (mode, host, keys, whether the Private API
// answers, callbacks received) with "Test connection", PayCore's go-live checklist as the plugin checks it, the
// PayCore check (paycore-check-section.tsx), and the payout settings.
import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowPath, CreditCard } from "@medusajs/icons"
import { Badge, Button, Container, Heading, StatusBadge, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { PaycoreCheckSection } from "../../../components/paycore-check-section"
import { PayoutSettingsSection } from "../../../components/paycore-payout-settings"
import { FlagBadge, OptionSelect, QueryState, Row } from "../../../components/paycore-ui"
import { errorMessage } from "../../../lib/paycore-api"
import { type BadgeColor, formatTime } from "../../../lib/paycore-format"
import { type ChecklistStatus, type PaycoreStatus, usePaycoreStatus } from "../../../lib/paycore-payouts-api"

const CONNECTION: Record<PaycoreStatus["private_api"]["status"], { text: string; color: BadgeColor }> = {
  reachable: { text: "Connected", color: "green" },
  bad_credentials: { text: "Wrong credentials", color: "red" },
  forbidden: { text: "Refused by PayCore", color: "red" },
  unreachable: { text: "No answer", color: "red" },
  error: { text: "Error", color: "red" },
}

const CHECKLIST: Record<ChecklistStatus, { text: string; color: BadgeColor }> = {
  ok: { text: "OK", color: "green" },
  warning: { text: "Warning", color: "orange" },
  failed: { text: "Failed", color: "red" },
  pending: { text: "Pending", color: "grey" },
}

const PaycoreSettingsPage = () => {
  const [providerId, setProviderId] = useState<string | undefined>(undefined)
  const status = usePaycoreStatus(providerId)

  const testConnection = async () => {
    const result = await status.refetch()
    if (result.error) {
      toast.error("Could not check the connection", { description: errorMessage(result.error) })
      return
    }
    const check = result.data?.private_api
    if (!check) return
    if (check.status === "reachable") toast.success("PayCore answered", { description: check.detail })
    else toast.error(`PayCore: ${CONNECTION[check.status].text}`, { description: check.detail })
  }

  return (
    <div className="flex flex-col gap-y-3" data-testid="paycore-settings-page">
      <Container className="divide-y p-0" data-testid="paycore-connection">
        <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
          <div className="flex flex-col gap-y-1">
            <Heading level="h1">PayCore</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              The connection to PayCore, its go-live checklist, and payouts.
            </Text>
          </div>
          <div className="flex items-center gap-x-2">
            {status.data && status.data.providers.length > 1 && (
              <OptionSelect
                testId="paycore-provider-select"
                ariaLabel="PayCore provider"
                value={providerId ?? status.data.provider_id}
                onValueChange={setProviderId}
                options={status.data.providers}
              />
            )}
            <Button
              size="small"
              variant="secondary"
              onClick={testConnection}
              isLoading={status.isFetching}
              data-testid="paycore-test-connection"
            >
              <ArrowPath />
              Test connection
            </Button>
          </div>
        </div>
        <QueryState query={status} testId="paycore-status" title="Could not read the PayCore connection" rows={5}>
          {(data) => <ConnectionDetails status={data} />}
        </QueryState>
      </Container>

      {status.data && <Checklist status={status.data} />}

      <PaycoreCheckSection providerId={providerId} />

      <PayoutSettingsSection />
    </div>
  )
}

const ConnectionDetails = ({ status }: { status: PaycoreStatus }) => {
  const connection = CONNECTION[status.private_api.status] ?? CONNECTION.error
  const { keys, callbacks } = status
  return (
    <div className="flex flex-col gap-y-4 px-6 py-4">
      <div
        className="bg-ui-bg-subtle flex flex-col gap-y-1 rounded-md px-3 py-2"
        data-testid="paycore-connection-status"
        data-status={status.private_api.status}
      >
        <div className="flex items-center gap-x-2">
          <StatusBadge color={connection.color}>{connection.text}</StatusBadge>
          {status.private_api.http_status !== null && (
            <Text size="xsmall" className="text-ui-fg-muted">
              HTTP {status.private_api.http_status}
            </Text>
          )}
        </div>
        <Text size="small" className="text-ui-fg-subtle break-words" data-testid="paycore-connection-detail">
          {status.private_api.detail}
        </Text>
      </div>
      <dl className="flex flex-col gap-y-2">
        <Row label="Mode" testId="paycore-mode" labelWidth={160}>
          <Badge size="2xsmall" color={status.mode === "test" ? "orange" : "green"} data-mode={status.mode}>
            {status.mode === "test" ? "TEST" : "LIVE"}
          </Badge>
        </Row>
        <Row label="Base URL" testId="paycore-base-url" labelWidth={160}>
          <span className="font-mono">{status.base_url}</span>
        </Row>
        <Row label="Provider" testId="paycore-provider-id" labelWidth={160}>
          <span className="font-mono">{status.provider_id}</span>
        </Row>
        <Row label="Callback URL" testId="paycore-callback-url" labelWidth={160}>
          {callbacks.callback_url ? (
            <span className="font-mono">{callbacks.callback_url}</span>
          ) : (
            <span className="text-ui-fg-muted">Not set: PayCore uses the dashboard's Callback URL</span>
          )}
        </Row>
        <Row label="Keys" testId="paycore-keys" labelWidth={160}>
          {`Public key ${keys.public_key ?? "not set"} · test private key ${keys.test_private_key ? "set" : "not set"} · live private key ${
            keys.live_private_key ? (keys.live_differs_from_test === false ? "same as the test key" : "set") : "not set"
          }`}
        </Row>
        <Row label="Last test callback" testId="paycore-last-test-callback" labelWidth={160}>
          {callbacks.last_test_callback_at ? (
            formatTime(callbacks.last_test_callback_at)
          ) : (
            <span className="text-ui-fg-muted">None yet</span>
          )}
        </Row>
        <Row label="Last live callback" testId="paycore-last-live-callback" labelWidth={160}>
          {callbacks.last_live_callback_at ? (
            formatTime(callbacks.last_live_callback_at)
          ) : (
            <span className="text-ui-fg-muted">None yet</span>
          )}
        </Row>
      </dl>
    </div>
  )
}

const Checklist = ({ status }: { status: PaycoreStatus }) => (
  <Container className="divide-y p-0" data-testid="paycore-checklist">
    <div className="flex items-center justify-between gap-x-4 px-6 py-4">
      <div className="flex flex-col gap-y-1">
        <Heading level="h2">Go-live checklist</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          PayCore's steps before taking live payments, each checked by the plugin.
        </Text>
      </div>
      <FlagBadge
        value={status.ready_for_live}
        yes={["Ready for live", "green"]}
        no={["Not ready for live", "orange"]}
        testId="paycore-ready-for-live"
        attribute="ready"
      />
    </div>
    <ol className="flex flex-col divide-y">
      {status.checklist.map((item) => {
        const badge = CHECKLIST[item.status] ?? CHECKLIST.pending
        return (
          <li
            key={item.id}
            className="grid grid-cols-[96px_1fr] items-start gap-x-4 px-6 py-3"
            data-testid="paycore-checklist-item"
            data-id={item.id}
            data-status={item.status}
          >
            <div>
              <StatusBadge color={badge.color} data-testid="paycore-checklist-status">
                {badge.text}
              </StatusBadge>
            </div>
            <div className="flex min-w-0 flex-col gap-y-0.5">
              <Text size="small" leading="compact" weight="plus">
                {item.title}
              </Text>
              <Text size="small" className="text-ui-fg-subtle break-words" data-testid="paycore-checklist-detail">
                {item.detail}
              </Text>
            </div>
          </li>
        )
      })}
    </ol>
  </Container>
)

export const config = defineRouteConfig({
  label: "PayCore",
  icon: CreditCard,
})

export default PaycoreSettingsPage
