// Small building blocks shared by the PayCore payout widgets and the settings page.
import { ExclamationCircle } from "@medusajs/icons"
import { Button, Skeleton, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { errorMessage } from "../lib/paycore-api"
import { useAdminUserEmail, useCurrentAdminUserId } from "../lib/paycore-payouts-api"

export const LoadingRows = ({ testId, rows = 3 }: { testId: string; rows?: number }) => (
  <div className="flex flex-col gap-y-3 px-6 py-4" data-testid={testId} aria-busy="true">
    <Skeleton className="h-5 w-1/2" />
    {Array.from({ length: rows - 1 }, (_, index) => (
      <Skeleton key={index} className={index % 2 ? "h-4 w-3/4" : "h-4 w-full"} />
    ))}
  </div>
)

/** "Could not …" with the API's message and Try again. */
export const LoadError = ({
  title,
  error,
  onRetry,
  retrying,
  testId,
}: {
  title: string
  error: unknown
  onRetry?: () => void
  retrying?: boolean
  testId: string
}) => (
  <div className="flex items-start gap-x-3 px-6 py-4" data-testid={testId} role="alert">
    <ExclamationCircle className="text-ui-fg-error mt-0.5 shrink-0" />
    <div className="flex min-w-0 flex-1 flex-col gap-y-2">
      <Text size="small" leading="compact" weight="plus">
        {title}
      </Text>
      <Text size="small" className="text-ui-fg-subtle break-words" data-testid={`${testId}-message`}>
        {errorMessage(error)}
      </Text>
      {onRetry && (
        <div>
          <Button size="small" variant="secondary" onClick={onRetry} isLoading={retrying}>
            Try again
          </Button>
        </div>
      )}
    </div>
  </div>
)

/** A label and value on one line (label left, value right), as in the PayCore order panel. */
export const Row = ({
  label,
  testId,
  children,
  labelWidth = 120,
}: {
  label: string
  testId?: string
  children: ReactNode
  labelWidth?: number
}) => (
  <div className="grid items-start gap-x-3" style={{ gridTemplateColumns: `${labelWidth}px 1fr` }}>
    <dt>
      <Text size="small" leading="compact" className="text-ui-fg-subtle">
        {label}
      </Text>
    </dt>
    <dd className="txt-compact-small min-w-0 break-words text-right" data-testid={testId}>
      {children}
    </dd>
  </div>
)

/** An error message under a form field. */
export const FieldError = ({ message, testId }: { message?: string | null; testId?: string }) =>
  message ? (
    <Text size="xsmall" leading="compact" className="text-ui-fg-error" role="alert" data-testid={testId}>
      {message}
    </Text>
  ) : null

/** An admin user as their email ("(you)" for the signed-in admin), the id while loading or when unknown. */
export const AdminUser = ({ id }: { id: string | null | undefined }) => {
  const email = useAdminUserEmail(id)
  const me = useCurrentAdminUserId()
  if (!id) return <>—</>
  return (
    <span title={id}>
      {email.data ?? id}
      {me.data === id && <span className="text-ui-fg-muted"> (you)</span>}
    </span>
  )
}
