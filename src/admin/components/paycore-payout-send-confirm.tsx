// The last step of "Send payout": what is about to be sent (the destination masked, as it will be stored), whether
// it waits for a second admin, and Back / Send.
import { Alert, Badge, Button, Heading, Text } from "@medusajs/ui"
import type { PayoutService } from "../lib/paycore-payouts-api"
import { DrawerForm } from "./paycore-drawer-form"
import { Row } from "./paycore-ui"

export const PayoutConfirmation = ({
  subtitle,
  error,
  amount,
  destination,
  service,
  target,
  description,
  testMode,
  requireApproval,
  sending,
  onBack,
  onSend,
}: {
  subtitle: string
  error: string | null
  /** Formatted, e.g. "$42.50". */
  amount: string
  /** Masked, e.g. "551928******0000". */
  destination: string
  service: PayoutService
  target: string
  description: string
  testMode: boolean | undefined
  requireApproval: boolean
  sending: boolean
  onBack: () => void
  onSend: () => void
}) => (
  <DrawerForm
    title="Confirm the payout"
    subtitle={subtitle}
    bodyTestId="paycore-payout-confirmation"
    error={error}
    errorTestId="paycore-payout-form-error"
    footer={
      <>
        <Button
          type="button"
          size="small"
          variant="secondary"
          onClick={onBack}
          disabled={sending}
          data-testid="paycore-payout-back"
        >
          Back
        </Button>
        <Button type="button" size="small" onClick={onSend} isLoading={sending} data-testid="paycore-payout-submit">
          {requireApproval ? "Submit for approval" : `Send ${amount}`}
        </Button>
      </>
    }
  >
    <div className="flex flex-col gap-y-1">
      <Text size="small" className="text-ui-fg-subtle">
        You are about to pay out
      </Text>
      <Heading level="h1" className="tabular-nums" data-testid="paycore-payout-confirm-amount">
        {amount}
      </Heading>
    </div>
    <dl className="flex flex-col gap-y-3">
      <Row label="To" testId="paycore-payout-confirm-destination">
        <span className="font-mono">{destination}</span>
      </Row>
      <Row label="Service" testId="paycore-payout-confirm-service">
        {service.method_name} <span className="text-ui-fg-muted font-mono">{service.code}</span>
      </Row>
      <Row label="For" testId="paycore-payout-confirm-target">
        {target}
      </Row>
      {description && (
        <Row label="Note" testId="paycore-payout-confirm-description">
          {description}
        </Row>
      )}
      <Row label="Mode">
        {testMode ? (
          <Badge size="2xsmall" color="orange">
            TEST: no real money moves
          </Badge>
        ) : (
          <Badge size="2xsmall" color="red">
            LIVE: real money
          </Badge>
        )}
      </Row>
    </dl>
    <Alert variant={requireApproval ? "info" : "warning"} data-testid="paycore-payout-confirm-note">
      {requireApproval
        ? "The payout waits until another admin approves it; nothing is sent to PayCore before that."
        : "The payout is sent to PayCore as soon as you confirm, and cannot be taken back here."}
    </Alert>
  </DrawerForm>
)
