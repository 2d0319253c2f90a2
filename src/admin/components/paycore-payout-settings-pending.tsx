// Switching payout approvals off waits for a second admin (`pending_change` of the payout settings): who asked and
// when; Confirm for any other admin (POST …/settings/confirm), "Another admin must confirm" for the one who asked;
// and "Keep approvals on" for anyone (saving `require_approval: true` withdraws the request).
import { Alert, Button, Text, toast } from "@medusajs/ui"
import { errorMessage } from "../lib/paycore-api"
import { formatTime } from "../lib/paycore-format"
import {
  type PendingSettingsChange,
  useConfirmSettingsChange,
  useCurrentAdminUserId,
  useSavePayoutSettings,
} from "../lib/paycore-payouts-api"
import { AdminUser, FieldError } from "./paycore-ui"

export const PendingSettingsChangeNotice = ({ pending }: { pending: PendingSettingsChange }) => {
  const me = useCurrentAdminUserId()
  const confirm = useConfirmSettingsChange()
  const keep = useSavePayoutSettings()
  const askedByMe = Boolean(pending.requested_by) && me.data === pending.requested_by
  const error = confirm.error ?? keep.error
  const busy = confirm.isPending || keep.isPending

  // The request's own promise (not mutate()'s callbacks, which are dropped if the page re-mounts this notice); a
  // refusal is shown below from the mutation's state.
  const shownBelow = () => undefined
  const onConfirm = () => {
    keep.reset()
    confirm.mutateAsync(undefined).then(() => toast.success("Approvals switched off"), shownBelow)
  }
  const onKeep = () => {
    confirm.reset()
    keep.mutateAsync({ require_approval: true }).then(() => toast.success("Approvals stay on"), shownBelow)
  }

  return (
    <Alert
      variant="warning"
      data-testid="paycore-payout-settings-pending"
      data-requested-by={pending.requested_by ?? ""}
    >
      <div className="flex flex-col gap-y-2">
        <div className="flex flex-col gap-y-0.5">
          <Text size="small" leading="compact" weight="plus">
            Switching approvals off waits for a second admin
          </Text>
          <Text
            size="small"
            className="text-ui-fg-subtle break-words"
            data-testid="paycore-payout-settings-pending-detail"
          >
            Asked by <AdminUser id={pending.requested_by} /> on {formatTime(pending.requested_at)}. Until another admin
            confirms, every payout still needs a second admin's approval.
          </Text>
        </div>
        <FieldError message={error ? errorMessage(error) : null} testId="paycore-payout-settings-pending-error" />
        <div className="flex flex-wrap items-center gap-2">
          {askedByMe ? (
            <Text size="small" leading="compact" weight="plus" data-testid="paycore-payout-settings-pending-own">
              Another admin must confirm
            </Text>
          ) : (
            <Button
              type="button"
              size="small"
              variant="primary"
              onClick={onConfirm}
              isLoading={confirm.isPending}
              disabled={busy || me.isPending}
              data-testid="paycore-payout-settings-confirm"
            >
              Confirm
            </Button>
          )}
          <Button
            type="button"
            size="small"
            variant="secondary"
            onClick={onKeep}
            isLoading={keep.isPending}
            disabled={busy}
            data-testid="paycore-payout-settings-keep-approvals"
          >
            Keep approvals on
          </Button>
        </div>
      </div>
    </Alert>
  )
}
