// Small building blocks shared by the PayCore widgets and the settings page: loading and error states, label/value
// rows, badges, form fields and selects. The drawers' form frame is DrawerForm (paycore-drawer-form.tsx).
import { ExclamationCircle } from "@medusajs/icons"
import { Button, Input, Label, Select, Skeleton, StatusBadge, Text, clx } from "@medusajs/ui"
import type { ComponentProps, ReactNode } from "react"
import { errorMessage } from "../lib/paycore-api"
import type { BadgeColor } from "../lib/paycore-format"
import { useAdminUserEmail, useCurrentAdminUserId } from "../lib/paycore-payouts-api"

export const LoadingRows = ({ testId, rows = 3 }: { testId: string; rows?: number }) => (
  <div className="flex flex-col gap-y-3 px-6 py-4" data-testid={testId} aria-busy="true">
    <Skeleton className="h-5 w-1/2" />
    {Array.from({ length: rows - 1 }, (_, index) => (
      <Skeleton key={index} className={index % 2 ? "h-4 w-3/4" : "h-4 w-full"} />
    ))}
  </div>
)

/** What LoadError and QueryState need of a TanStack query. */
type QueryLike<T> = {
  isPending: boolean
  isFetching: boolean
  error: unknown
  data: T | undefined
  refetch: () => unknown
}

/** "Could not …" with the API's message and Try again. */
export const LoadError = ({ title, query, testId }: { title: string; query: QueryLike<unknown>; testId: string }) => (
  <div className="flex items-start gap-x-3 px-6 py-4" data-testid={testId} role="alert">
    <ExclamationCircle className="text-ui-fg-error mt-0.5 shrink-0" />
    <div className="flex min-w-0 flex-1 flex-col gap-y-2">
      <Text size="small" leading="compact" weight="plus">
        {title}
      </Text>
      <Text size="small" className="text-ui-fg-subtle break-words" data-testid={`${testId}-message`}>
        {errorMessage(query.error)}
      </Text>
      <div>
        <Button size="small" variant="secondary" onClick={() => query.refetch()} isLoading={query.isFetching}>
          Try again
        </Button>
      </div>
    </div>
  </div>
)

/** A query's loading rows (`<testId>-loading`), else its error with Try again (`<testId>-error`), else its data. */
export function QueryState<T>({
  query,
  testId,
  title,
  rows,
  children,
}: {
  query: QueryLike<T>
  testId: string
  /** "Could not load …" */
  title: string
  rows?: number
  children: (data: T) => ReactNode
}) {
  if (query.isPending) return <LoadingRows testId={`${testId}-loading`} rows={rows} />
  if (query.error) return <LoadError title={title} query={query} testId={`${testId}-error`} />
  return <>{children(query.data as T)}</>
}

/** A label and value on one line (label left, value right), as in the PayCore order panel. */
export const Row = ({
  label,
  testId,
  children,
  labelWidth = 120,
  align = "start",
  valueClassName = "txt-compact-small min-w-0 break-words text-right",
}: {
  label: string
  testId?: string
  children: ReactNode
  labelWidth?: number
  align?: "start" | "center"
  valueClassName?: string
}) => (
  <div
    className={clx("grid gap-x-3", align === "center" ? "items-center" : "items-start")}
    style={{ gridTemplateColumns: `${labelWidth}px 1fr` }}
  >
    <dt>
      <Text size="small" leading="compact" className="text-ui-fg-subtle">
        {label}
      </Text>
    </dt>
    <dd className={valueClassName} data-testid={testId}>
      {children}
    </dd>
  </div>
)

/** A highlighted sentence: red when it needs attention. */
export const Callout = ({ problem, children, ...rest }: { problem: boolean; children: ReactNode } & DataAttributes) => (
  <div
    className={clx(
      "txt-compact-small break-words rounded-md px-3 py-2",
      problem ? "bg-ui-tag-red-bg text-ui-tag-red-text" : "bg-ui-bg-subtle text-ui-fg-subtle"
    )}
    {...rest}
  >
    {children}
  </div>
)

type DataAttributes = { [key: `data-${string}`]: string | undefined }

/** A yes/no status badge: the text and colour of each answer; the value in `data-<attribute>` ("true" / "false"). */
export const FlagBadge = ({
  value,
  yes,
  no,
  testId,
  attribute,
}: {
  value: boolean
  yes: [text: string, color: BadgeColor]
  no: [text: string, color: BadgeColor]
  testId: string
  attribute: string
}) => {
  const [text, color] = value ? yes : no
  return (
    <StatusBadge color={color} data-testid={testId} {...{ [`data-${attribute}`]: String(value) }}>
      {text}
    </StatusBadge>
  )
}

/** An error message under a form field. */
export const FieldError = ({ message, testId }: { message?: string | null; testId?: string }) =>
  message ? (
    <Text size="xsmall" leading="compact" className="text-ui-fg-error" role="alert" data-testid={testId}>
      {message}
    </Text>
  ) : null

/** A form field: its label, the control, a hint under it, then its error. */
export const Field = ({
  id,
  label,
  labelWeight = "plus",
  hint,
  hintTestId,
  error,
  errorTestId,
  className,
  children,
}: {
  id: string
  label: ReactNode
  labelWeight?: "plus" | "regular"
  hint?: ReactNode
  hintTestId?: string
  error?: string | null
  errorTestId?: string
  className?: string
  children: ReactNode
}) => (
  <div className={clx("flex flex-col gap-y-1", className)}>
    <Label size="small" weight={labelWeight} htmlFor={id}>
      {label}
    </Label>
    {children}
    {hint && (
      <Text size="xsmall" className="text-ui-fg-subtle" data-testid={hintTestId}>
        {hint}
      </Text>
    )}
    <FieldError message={error} testId={errorTestId} />
  </div>
)

/** A text input marked invalid (red border, aria-invalid) while its field has an error. */
export const CheckedInput = ({ invalid, className, ...props }: ComponentProps<typeof Input> & { invalid: boolean }) => (
  <Input
    autoComplete="off"
    aria-invalid={invalid}
    className={clx(className, invalid && "border-ui-border-error")}
    {...props}
  />
)

/** A small select of codes (or of `{ value, label }`), its trigger named by `id`, `testId` and `ariaLabel`. */
export const OptionSelect = ({
  id,
  testId,
  ariaLabel,
  value,
  onValueChange,
  options,
  placeholder,
  disabled,
}: {
  id?: string
  testId: string
  ariaLabel?: string
  value: string
  onValueChange: (value: string) => void
  options: Array<string | { value: string; label: ReactNode }>
  placeholder?: string
  disabled?: boolean
}) => (
  <Select size="small" value={value} onValueChange={onValueChange} disabled={disabled}>
    <Select.Trigger id={id} data-testid={testId} aria-label={ariaLabel}>
      <Select.Value placeholder={placeholder} />
    </Select.Trigger>
    <Select.Content>
      {options.map((option) => {
        const item = typeof option === "string" ? { value: option, label: option } : option
        return (
          <Select.Item key={item.value} value={item.value}>
            {item.label}
          </Select.Item>
        )
      })}
    </Select.Content>
  </Select>
)

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
