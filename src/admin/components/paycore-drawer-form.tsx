// The frame of every PayCore drawer (send, confirm, approve, payout settings): title, a scrolling body with the
// API's error on top, and the footer.
import { Alert, Button, Drawer, Heading, Text, clx } from "@medusajs/ui"
import type { FormEvent, ReactNode } from "react"

/**
 * A drawer's content: the title (and a line under it), a scrolling body with the API's error on top, and a footer:
 * Cancel and the submit button, unless `footer` replaces them. A form when `onSubmit` is given.
 */
export const DrawerForm = ({
  title,
  subtitle,
  onSubmit,
  testId,
  bodyTestId,
  bodyGap = "gap-y-5",
  error,
  errorTestId,
  submit,
  footer,
  children,
}: {
  title: ReactNode
  subtitle?: ReactNode
  onSubmit?: (event: FormEvent) => void
  testId?: string
  bodyTestId?: string
  bodyGap?: "gap-y-5" | "gap-y-6"
  error: string | null
  errorTestId: string
  submit?: { label: ReactNode; testId: string; isLoading?: boolean; disabled?: boolean }
  footer?: ReactNode
  children: ReactNode
}) => {
  const content = (
    <>
      <Drawer.Header>
        <Drawer.Title asChild>
          <Heading>{title}</Heading>
        </Drawer.Title>
        {subtitle && (
          <Text size="small" className="text-ui-fg-subtle">
            {subtitle}
          </Text>
        )}
      </Drawer.Header>
      <Drawer.Body className={clx("flex flex-col overflow-y-auto", bodyGap)} data-testid={bodyTestId}>
        {error && (
          <Alert variant="error" data-testid={errorTestId}>
            {error}
          </Alert>
        )}
        {children}
      </Drawer.Body>
      <Drawer.Footer>
        {footer ?? (
          <>
            <Drawer.Close asChild>
              <Button type="button" size="small" variant="secondary">
                Cancel
              </Button>
            </Drawer.Close>
            {submit && (
              <Button
                type="submit"
                size="small"
                isLoading={submit.isLoading}
                disabled={submit.disabled}
                data-testid={submit.testId}
              >
                {submit.label}
              </Button>
            )}
          </>
        )}
      </Drawer.Footer>
    </>
  )
  const className = "flex h-full flex-col overflow-hidden"
  return onSubmit ? (
    <form onSubmit={onSubmit} className={className} noValidate data-testid={testId}>
      {content}
    </form>
  ) : (
    <div className={className} data-testid={testId}>
      {content}
    </div>
  )
}
