// Payouts of one order or customer: the list (one PayoutCard each), "Send payout" (SendPayoutForm: currency,
// service, amount within the limits, the service's fields, then a confirmation showing the masked destination), and
// approval by a second admin (ApprovePayoutForm: who re-enters the destination). Refresh at PayCore is on each card.
import { Plus } from "@medusajs/icons"
import { Button, Container, Drawer, Heading, Text } from "@medusajs/ui"
import { type ReactNode, useState } from "react"
import { Link } from "react-router-dom"
import { type PaycorePayout, usePaycorePayouts, usePayoutSettings } from "../lib/paycore-payouts-api"
import { ApprovePayoutForm } from "./paycore-payout-approve-form"
import { PayoutCard } from "./paycore-payout-card"
import { SendPayoutForm, type PayoutTarget } from "./paycore-payout-send-form"
import { LoadError, QueryState } from "./paycore-ui"

export type { PayoutTarget }

export const PaycorePayoutsPanel = ({ target }: { target: PayoutTarget }) => {
  const settings = usePayoutSettings()
  const filter = target.orderId ? { order_id: target.orderId } : { customer_id: target.customerId }
  const payouts = usePaycorePayouts(filter)
  const [sending, setSending] = useState(false)
  const [approving, setApproving] = useState<PaycorePayout | null>(null)

  const currencies = settings.data ? Object.keys(settings.data.currencies) : []
  const canSend = Boolean(settings.data?.enabled && currencies.length)

  let notice: ReactNode = null
  if (settings.error) {
    notice = (
      <LoadError title="Could not load the payout settings" query={settings} testId="paycore-payouts-settings-error" />
    )
  } else if (settings.data && !canSend) {
    notice = (
      <div className="px-6 py-3" data-testid="paycore-payouts-disabled">
        <Text size="small" className="text-ui-fg-subtle">
          {settings.data.enabled ? "No currency is set up for payouts. " : "Payouts are disabled. "}
          <Link to="/settings/paycore" className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
            Set them up in Settings → PayCore
          </Link>
          .
        </Text>
      </div>
    )
  }

  return (
    <Container
      className="divide-y p-0"
      data-testid="paycore-payouts"
      data-scope={target.orderId ? "order" : "customer"}
    >
      <div className="flex items-center justify-between gap-x-4 px-6 py-4">
        <Heading level="h2">PayCore payouts</Heading>
        <Button
          size="small"
          variant="secondary"
          onClick={() => setSending(true)}
          disabled={!canSend}
          data-testid="paycore-payout-send-button"
        >
          <Plus />
          Send payout
        </Button>
      </div>
      {notice}
      <QueryState query={payouts} testId="paycore-payouts" title="Could not load the payouts">
        {({ payouts: shown, count }) =>
          shown.length ? (
            <ul className="flex flex-col divide-y" data-testid="paycore-payouts-list">
              {shown.map((payout) => (
                <PayoutCard
                  key={payout.id}
                  payout={payout}
                  layout={target.orderId ? "narrow" : "wide"}
                  onApprove={() => setApproving(payout)}
                />
              ))}
              {count > shown.length && (
                <li className="px-6 py-3">
                  <Text size="xsmall" className="text-ui-fg-muted">
                    The newest {shown.length} of {count} payouts.
                  </Text>
                </li>
              )}
            </ul>
          ) : (
            <div className="px-6 py-4" data-testid="paycore-payouts-empty">
              <Text size="small" className="text-ui-fg-subtle">
                No payouts {target.orderId ? "for this order" : "to this customer"} yet.
              </Text>
            </div>
          )
        }
      </QueryState>
      <Drawer open={sending} onOpenChange={setSending}>
        <Drawer.Content data-testid="paycore-payout-drawer" aria-describedby={undefined}>
          {settings.data && sending && (
            <SendPayoutForm settings={settings.data} target={target} onSent={() => setSending(false)} />
          )}
        </Drawer.Content>
      </Drawer>
      <Drawer open={approving !== null} onOpenChange={(open) => !open && setApproving(null)}>
        <Drawer.Content data-testid="paycore-payout-approve-drawer" aria-describedby={undefined}>
          {approving && <ApprovePayoutForm payout={approving} onDone={() => setApproving(null)} />}
        </Drawer.Content>
      </Drawer>
    </Container>
  )
}
