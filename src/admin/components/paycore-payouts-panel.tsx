// Payouts of one order or customer: the list (status, amount, masked destination, who created and approved it),
// "Send payout" (currency, service, amount within the limits, the service's fields, then a confirmation showing
// the masked destination), approval by a second admin (who re-enters the destination) and refresh at PayCore.
import { ArrowPath, CheckCircleSolid, Plus } from "@medusajs/icons"
import {
  Alert,
  Badge,
  Button,
  Container,
  Drawer,
  Heading,
  Input,
  Label,
  Select,
  Skeleton,
  StatusBadge,
  Text,
  Textarea,
  clx,
  toast,
} from "@medusajs/ui"
import { type ReactNode, useMemo, useState } from "react"
import { Link } from "react-router-dom"
import { errorMessage } from "../lib/paycore-api"
import { formatAmount, formatTime, humanize } from "../lib/paycore-format"
import {
  checkAmount,
  checkField,
  destinationBody,
  destinationText,
  effectiveLimits,
  fieldLabel,
  fieldPlaceholder,
  isCardField,
  limitsText,
  localized,
  maskValue,
  normalizeFieldValue,
  payoutStatusColor,
  payoutStatusHint,
  splitApiErrors,
} from "../lib/paycore-payout-form"
import {
  type PaycorePayout,
  type PayoutService,
  type PayoutSettings,
  useApprovePayout,
  useCreatePayout,
  usePaycorePayouts,
  usePayoutServices,
  usePayoutSettings,
  useRefreshPayout,
} from "../lib/paycore-payouts-api"
import { AdminUser, FieldError, LoadError, LoadingRows, Row } from "./paycore-ui"

export type PayoutTarget = {
  /** Payouts of this order (its customer is recorded too). */
  orderId?: string
  /** Payouts of this customer (all their orders' too). */
  customerId?: string
  /** Preselected currency, e.g. the order's. */
  currencyCode?: string
  /** How the confirmation names the target: "Order #12", "Customer jane@example.com". */
  label: string
}

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
      <LoadError
        title="Could not load the payout settings"
        error={settings.error}
        onRetry={() => settings.refetch()}
        retrying={settings.isFetching}
        testId="paycore-payouts-settings-error"
      />
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

  let list: ReactNode
  if (payouts.isPending) {
    list = <LoadingRows testId="paycore-payouts-loading" />
  } else if (payouts.error) {
    list = (
      <LoadError
        title="Could not load the payouts"
        error={payouts.error}
        onRetry={() => payouts.refetch()}
        retrying={payouts.isFetching}
        testId="paycore-payouts-error"
      />
    )
  } else if (!payouts.data.payouts.length) {
    list = (
      <div className="px-6 py-4" data-testid="paycore-payouts-empty">
        <Text size="small" className="text-ui-fg-subtle">
          No payouts {target.orderId ? "for this order" : "to this customer"} yet.
        </Text>
      </div>
    )
  } else {
    list = (
      <ul className="flex flex-col divide-y" data-testid="paycore-payouts-list">
        {payouts.data.payouts.map((payout) =>
          target.orderId ? (
            <PayoutItem key={payout.id} payout={payout} onApprove={() => setApproving(payout)} />
          ) : (
            <PayoutRow key={payout.id} payout={payout} onApprove={() => setApproving(payout)} />
          )
        )}
        {payouts.data.count > payouts.data.payouts.length && (
          <li className="px-6 py-3">
            <Text size="xsmall" className="text-ui-fg-muted">
              The newest {payouts.data.payouts.length} of {payouts.data.count} payouts.
            </Text>
          </li>
        )}
      </ul>
    )
  }

  return (
    <Container className="divide-y p-0" data-testid="paycore-payouts" data-scope={target.orderId ? "order" : "customer"}>
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
      {list}
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

// ---------------------------------------------------------------------------------------------------------------
// One payout in the list
// ---------------------------------------------------------------------------------------------------------------

/** Why a payout failed: the plugin's last error, else PayCore's resolution when it is not `ok`. */
const payoutProblem = (payout: PaycorePayout) =>
  payout.last_error ?? (payout.resolution && payout.resolution !== "ok" ? humanize(payout.resolution) : null)

/** "Refresh": asks PayCore for the payout's state and says what it found. */
function useRefreshAtPaycore(payout: PaycorePayout) {
  const refresh = useRefreshPayout()
  const run = () =>
    refresh.mutate(payout.id, {
      onSuccess: (result) => {
        const description =
          result.paycore === "found"
            ? `Status: ${humanize(result.payout.status)}`
            : result.paycore === "not_sent_yet"
              ? "Not sent to PayCore yet: it waits for approval"
              : `PayCore does not have this payout (status: ${humanize(result.payout.status)})`
        toast.success("Checked at PayCore", { description })
      },
      onError: (error) => toast.error("Could not check the payout at PayCore", { description: errorMessage(error) }),
    })
  return { run, isPending: refresh.isPending }
}

const PayoutActions = ({ payout, onApprove, className }: { payout: PaycorePayout; onApprove: () => void; className?: string }) => {
  const refresh = useRefreshAtPaycore(payout)
  return (
    <div className={clx("flex flex-wrap justify-end gap-2", className)}>
      {payout.status === "pending_approval" && (
        <Button size="small" variant="primary" onClick={onApprove} data-testid="paycore-payout-approve">
          <CheckCircleSolid />
          Approve
        </Button>
      )}
      <Button
        size="small"
        variant="secondary"
        onClick={refresh.run}
        isLoading={refresh.isPending}
        data-testid="paycore-payout-refresh"
      >
        <ArrowPath />
        Refresh
      </Button>
    </div>
  )
}

/** The narrow layout (order page's side column): one card per payout. */
const PayoutItem = ({ payout, onApprove }: { payout: PaycorePayout; onApprove: () => void }) => {
  const money = (amount: number | null) => formatAmount(amount, payout.currency_code)
  const problem = payoutProblem(payout)
  const hint = payoutStatusHint(payout.status)

  return (
    <li
      className="flex flex-col gap-y-3 px-6 py-4"
      data-testid="paycore-payout"
      data-payout-id={payout.id}
      data-status={payout.status}
      aria-label={`Payout ${payout.id}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-x-2">
          <StatusBadge color={payoutStatusColor(payout.status)} data-testid="paycore-payout-status" data-status={payout.status}>
            {humanize(payout.status)}
          </StatusBadge>
          {payout.test_mode && (
            <Badge size="2xsmall" color="orange" title="Test payout: no real money moves" data-testid="paycore-payout-mode">
              TEST
            </Badge>
          )}
        </div>
        <Text size="base" leading="compact" weight="plus" className="tabular-nums" data-testid="paycore-payout-amount">
          {money(payout.amount)}
        </Text>
      </div>

      <dl className="flex flex-col gap-y-2">
        <Row label="To" testId="paycore-payout-destination" labelWidth={96}>
          <span className="font-mono">{destinationText(payout.destination)}</span>
        </Row>
        <Row label="Service" testId="paycore-payout-service" labelWidth={96}>
          <span className="font-mono">{payout.service}</span>
        </Row>
        {payout.processed_amount !== null && payout.processed_amount !== payout.amount && (
          <Row label="Paid out" testId="paycore-payout-processed" labelWidth={96}>
            {money(payout.processed_amount)}
          </Row>
        )}
        {payout.description && (
          <Row label="Note" testId="paycore-payout-description" labelWidth={96}>
            {payout.description}
          </Row>
        )}
        <Row label="Created" testId="paycore-payout-created" labelWidth={96}>
          {formatTime(payout.created_at)}
        </Row>
        {payout.created_by && (
          <Row label="Created by" testId="paycore-payout-created-by" labelWidth={96}>
            <AdminUser id={payout.created_by} />
          </Row>
        )}
        {payout.approved_by && (
          <Row label="Approved by" testId="paycore-payout-approved" labelWidth={96}>
            <AdminUser id={payout.approved_by} />
          </Row>
        )}
        {payout.invoice_id && (
          <Row label="PayCore id" testId="paycore-payout-invoice-id" labelWidth={96}>
            <span className="font-mono">{payout.invoice_id}</span>
          </Row>
        )}
      </dl>

      {problem && (
        <div
          className="txt-compact-small bg-ui-tag-red-bg text-ui-tag-red-text break-words rounded-md px-3 py-2"
          data-testid="paycore-payout-problem"
        >
          {problem}
        </div>
      )}
      {hint && !problem && payout.status !== "processed" && (
        <Text size="xsmall" className="text-ui-fg-subtle" data-testid="paycore-payout-hint">
          {hint}
        </Text>
      )}

      <PayoutActions payout={payout} onApprove={onApprove} />
    </li>
  )
}

/** The wide layout (customer page): one line per payout, details below it. */
const PayoutRow = ({ payout, onApprove }: { payout: PaycorePayout; onApprove: () => void }) => {
  const problem = payoutProblem(payout)
  const hint = payoutStatusHint(payout.status)
  return (
    <li
      className="flex flex-col gap-y-2 px-6 py-4"
      data-testid="paycore-payout"
      data-payout-id={payout.id}
      data-status={payout.status}
      aria-label={`Payout ${payout.id}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
          <StatusBadge
            color={payoutStatusColor(payout.status)}
            className="whitespace-nowrap"
            data-testid="paycore-payout-status"
            data-status={payout.status}
          >
            {humanize(payout.status)}
          </StatusBadge>
          {payout.test_mode && (
            <Badge size="2xsmall" color="orange" title="Test payout: no real money moves" data-testid="paycore-payout-mode">
              TEST
            </Badge>
          )}
          <Text size="small" leading="compact" weight="plus" className="tabular-nums" data-testid="paycore-payout-amount">
            {formatAmount(payout.amount, payout.currency_code)}
          </Text>
          <Text size="small" leading="compact" className="text-ui-fg-subtle">
            to
          </Text>
          <Text size="small" leading="compact" className="font-mono" data-testid="paycore-payout-destination">
            {destinationText(payout.destination)}
          </Text>
          <Text size="xsmall" leading="compact" className="text-ui-fg-muted font-mono" data-testid="paycore-payout-service">
            {payout.service}
          </Text>
        </div>
        <PayoutActions payout={payout} onApprove={onApprove} className="ml-auto" />
      </div>
      <div className="txt-compact-xsmall text-ui-fg-subtle flex flex-wrap gap-x-4 gap-y-1">
        <span data-testid="paycore-payout-created">
          Created {formatTime(payout.created_at)}
          {payout.created_by && (
            <span data-testid="paycore-payout-created-by">
              {" "}
              by <AdminUser id={payout.created_by} />
            </span>
          )}
        </span>
        {payout.approved_by && (
          <span data-testid="paycore-payout-approved">
            Approved by <AdminUser id={payout.approved_by} />
          </span>
        )}
        {payout.order_id && (
          <span>
            Order{" "}
            <Link
              to={`/orders/${payout.order_id}`}
              className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover font-mono"
              data-testid="paycore-payout-order"
            >
              {payout.order_id}
            </Link>
          </span>
        )}
        {payout.invoice_id && (
          <span data-testid="paycore-payout-invoice-id">
            PayCore <span className="font-mono">{payout.invoice_id}</span>
          </span>
        )}
        {payout.processed_amount !== null && payout.processed_amount !== payout.amount && (
          <span data-testid="paycore-payout-processed">Paid out {formatAmount(payout.processed_amount, payout.currency_code)}</span>
        )}
        {payout.description && <span data-testid="paycore-payout-description">Note: {payout.description}</span>}
      </div>
      {problem && (
        <div
          className="txt-compact-small bg-ui-tag-red-bg text-ui-tag-red-text break-words rounded-md px-3 py-2"
          data-testid="paycore-payout-problem"
        >
          {problem}
        </div>
      )}
      {hint && !problem && payout.status !== "processed" && (
        <Text size="xsmall" className="text-ui-fg-subtle" data-testid="paycore-payout-hint">
          {hint}
        </Text>
      )}
    </li>
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Send a payout
// ---------------------------------------------------------------------------------------------------------------

/** Whose limits apply: "payout settings", "PayCore's limits", or both. */
function limitSources(limits: ReturnType<typeof effectiveLimits>): string {
  const sources = new Set([limits.min?.source, limits.max?.source].filter(Boolean))
  if (sources.size === 2) return "payout settings and PayCore's limits"
  return sources.has("settings") ? "payout settings" : "PayCore's limits"
}

const SendPayoutForm = ({ settings, target, onSent }: { settings: PayoutSettings; target: PayoutTarget; onSent: () => void }) => {
  const currencies = Object.keys(settings.currencies).sort()
  const preferred = target.currencyCode?.toUpperCase()
  const [currency, setCurrency] = useState(preferred && settings.currencies[preferred] ? preferred : currencies[0])
  const [serviceCode, setServiceCode] = useState<string | null>(null)
  const [amount, setAmount] = useState("")
  const [description, setDescription] = useState("")
  const [values, setValues] = useState<Record<string, string>>({})
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [apiError, setApiError] = useState<string | null>(null)
  const [step, setStep] = useState<"form" | "confirm">("form")
  const create = useCreatePayout()

  const rules = settings.currencies[currency]
  const services = usePayoutServices(currency)
  const allowed = useMemo(
    () => (services.data?.services ?? []).filter((service) => rules?.services.includes(service.code)),
    [services.data, rules]
  )
  const notOffered = (rules?.services ?? []).filter((code) => services.data && !allowed.some((s) => s.code === code))
  const service: PayoutService | undefined =
    allowed.find((s) => s.code === serviceCode) ??
    allowed.find((s) => s.code === rules?.default_service) ??
    allowed[0]
  const limits = effectiveLimits(rules, service)
  const limitText = limitsText(limits, currency)

  const changeCurrency = (next: string) => {
    setCurrency(next)
    setServiceCode(null)
    setValues({})
    setErrors({})
    setApiError(null)
  }
  const changeService = (next: string) => {
    setServiceCode(next)
    setValues({})
    setErrors({})
    setApiError(null)
  }
  const setError = (key: string, message: string | null) =>
    setErrors((current) => {
      const next = { ...current }
      if (message) next[key] = message
      else delete next[key]
      return next
    })

  const validate = (): Record<string, string> => {
    const problems: Record<string, string> = {}
    if (!service) problems.service = "Choose a payout service"
    const checked = checkAmount(amount, currency, limits)
    if (checked.error) problems.amount = checked.error
    for (const field of service?.fields ?? []) {
      const problem = checkField(field, values[field.key])
      if (problem) problems[`fields.${field.key}`] = problem
    }
    if (description.trim().length > 255) problems.description = "At most 255 characters"
    return problems
  }

  const review = (event: React.FormEvent) => {
    event.preventDefault()
    setApiError(null)
    const problems = validate()
    setErrors(problems)
    if (!Object.keys(problems).length) setStep("confirm")
  }

  const fields = service ? destinationBody(service.fields, values) : {}
  const labels = Object.fromEntries((service?.fields ?? []).map((field) => [field.key, fieldLabel(field)]))
  const masked = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, maskValue(key, value)]))
  const amountValue = Number(amount.trim())

  const send = () => {
    if (!service) return
    setApiError(null)
    create.mutate(
      {
        amount: amountValue,
        currency,
        service: service.code,
        fields,
        ...(target.orderId ? { order_id: target.orderId } : { customer_id: target.customerId }),
        ...(description.trim() ? { description: description.trim() } : {}),
      },
      {
        onSuccess: (payout) => {
          toast.success(payout.status === "pending_approval" ? "Payout waits for approval" : "Payout sent to PayCore", {
            description: `${formatAmount(payout.amount, payout.currency_code)} to ${destinationText(payout.destination, labels)}: ${humanize(payout.status)}`,
          })
          // Closing unmounts the form: the full destination is gone from the page.
          setValues({})
          onSent()
        },
        onError: (error) => {
          const message = errorMessage(error)
          const { byPath } = splitApiErrors(
            message,
            (path) => ["amount", "service", "currency", "description"].includes(path) || path.startsWith("fields.")
          )
          setApiError(message)
          if (Object.keys(byPath).length) {
            setErrors(byPath)
            setStep("form")
          }
        },
      }
    )
  }

  const header = (
    <Drawer.Header>
      <Drawer.Title asChild>
        <Heading>{step === "form" ? "Send a payout" : "Confirm the payout"}</Heading>
      </Drawer.Title>
      <Text size="small" className="text-ui-fg-subtle">
        {target.label} · through PayCore
      </Text>
    </Drawer.Header>
  )

  if (step === "confirm" && service) {
    return (
      <div className="flex h-full flex-col overflow-hidden">
        {header}
        <Drawer.Body className="flex flex-col gap-y-5 overflow-y-auto" data-testid="paycore-payout-confirmation">
          {apiError && (
            <Alert variant="error" data-testid="paycore-payout-form-error">
              {apiError}
            </Alert>
          )}
          <div className="flex flex-col gap-y-1">
            <Text size="small" className="text-ui-fg-subtle">
              You are about to pay out
            </Text>
            <Heading level="h1" className="tabular-nums" data-testid="paycore-payout-confirm-amount">
              {formatAmount(amountValue, currency)}
            </Heading>
          </div>
          <dl className="flex flex-col gap-y-3">
            <Row label="To" testId="paycore-payout-confirm-destination">
              <span className="font-mono">{destinationText(masked, labels)}</span>
            </Row>
            <Row label="Service" testId="paycore-payout-confirm-service">
              {service.method_name} <span className="text-ui-fg-muted font-mono">{service.code}</span>
            </Row>
            <Row label="For" testId="paycore-payout-confirm-target">
              {target.label}
            </Row>
            {description.trim() && (
              <Row label="Note" testId="paycore-payout-confirm-description">
                {description.trim()}
              </Row>
            )}
            <Row label="Mode">
              {services.data?.test_mode ? (
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
          <Alert variant={settings.require_approval ? "info" : "warning"} data-testid="paycore-payout-confirm-note">
            {settings.require_approval
              ? "The payout waits until another admin approves it; nothing is sent to PayCore before that."
              : "The payout is sent to PayCore as soon as you confirm, and cannot be taken back here."}
          </Alert>
        </Drawer.Body>
        <Drawer.Footer>
          <Button
            type="button"
            size="small"
            variant="secondary"
            onClick={() => setStep("form")}
            disabled={create.isPending}
            data-testid="paycore-payout-back"
          >
            Back
          </Button>
          <Button type="button" size="small" onClick={send} isLoading={create.isPending} data-testid="paycore-payout-submit">
            {settings.require_approval ? "Submit for approval" : `Send ${formatAmount(amountValue, currency)}`}
          </Button>
        </Drawer.Footer>
      </div>
    )
  }

  return (
    <form onSubmit={review} className="flex h-full flex-col overflow-hidden" noValidate data-testid="paycore-payout-form">
      {header}
      <Drawer.Body className="flex flex-col gap-y-5 overflow-y-auto">
        {apiError && (
          <Alert variant="error" data-testid="paycore-payout-form-error">
            {apiError}
          </Alert>
        )}
        <div className="grid grid-cols-2 gap-3">
          <div className="flex flex-col gap-y-1">
            <Label size="small" weight="plus" htmlFor="paycore-payout-currency">
              Currency
            </Label>
            <Select size="small" value={currency} onValueChange={changeCurrency}>
              <Select.Trigger id="paycore-payout-currency" data-testid="paycore-payout-currency">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {currencies.map((code) => (
                  <Select.Item key={code} value={code}>
                    {code}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="small" weight="plus" htmlFor="paycore-payout-service">
              Service
            </Label>
            {services.isPending ? (
              <Skeleton className="h-8 w-full" />
            ) : (
              <Select
                size="small"
                value={service?.code ?? ""}
                onValueChange={changeService}
                disabled={!allowed.length}
              >
                <Select.Trigger id="paycore-payout-service" data-testid="paycore-payout-service">
                  <Select.Value placeholder="No service" />
                </Select.Trigger>
                <Select.Content>
                  {allowed.map((item) => (
                    <Select.Item key={item.code} value={item.code}>
                      {item.method_name} · {item.code}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            )}
            <FieldError message={errors.service} testId="paycore-payout-service-error" />
          </div>
        </div>

        {services.error ? (
          <div className="flex flex-col gap-y-2" data-testid="paycore-payout-services-error">
            <Alert variant="error">Could not load PayCore's payout services for {currency}: {errorMessage(services.error)}</Alert>
            <div>
              <Button type="button" size="small" variant="secondary" onClick={() => services.refetch()} isLoading={services.isFetching}>
                Try again
              </Button>
            </div>
          </div>
        ) : services.data && !allowed.length ? (
          <Alert variant="warning" data-testid="paycore-payout-no-service">
            PayCore offers none of the services allowed for {currency} ({(rules?.services ?? []).join(", ") || "none"}). Check
            the payout settings.
          </Alert>
        ) : notOffered.length > 0 ? (
          <Text size="xsmall" className="text-ui-fg-muted">
            Allowed in the settings but not offered by PayCore now: {notOffered.join(", ")}
          </Text>
        ) : null}

        <div className="flex flex-col gap-y-1">
          <Label size="small" weight="plus" htmlFor="paycore-payout-amount">
            Amount
          </Label>
          <Input
            id="paycore-payout-amount"
            inputMode="decimal"
            autoComplete="off"
            placeholder="0.00"
            value={amount}
            onChange={(event) => {
              setAmount(event.target.value)
              setError("amount", null)
            }}
            onBlur={() => amount && setError("amount", checkAmount(amount, currency, limits).error)}
            aria-invalid={Boolean(errors.amount)}
            className={clx(errors.amount && "border-ui-border-error")}
            data-testid="paycore-payout-amount-input"
          />
          <Text size="xsmall" className="text-ui-fg-subtle" data-testid="paycore-payout-limits">
            {limitText ? `In ${currency}, ${limitText} (${limitSources(limits)})` : `In ${currency}; no limits are set`}
          </Text>
          <FieldError message={errors.amount} testId="paycore-payout-amount-error" />
        </div>

        {service && service.fields.length > 0 && (
          <fieldset className="flex flex-col gap-y-4">
            <legend className="mb-3">
              <Text size="small" leading="compact" weight="plus">
                Destination
              </Text>
            </legend>
            {service.fields.map((field) => {
              const id = `paycore-payout-field-${field.key}`
              const error = errors[`fields.${field.key}`]
              const hint = localized(field.hint)
              return (
                <div key={field.key} className="flex flex-col gap-y-1">
                  <Label size="small" weight="plus" htmlFor={id}>
                    {fieldLabel(field)}
                    {field.required ? <span className="text-ui-fg-error"> *</span> : <span className="text-ui-fg-muted"> (optional)</span>}
                  </Label>
                  <Input
                    id={id}
                    name={field.key}
                    autoComplete="off"
                    inputMode={isCardField(field.key) ? "numeric" : undefined}
                    placeholder={fieldPlaceholder(field)}
                    value={values[field.key] ?? ""}
                    onChange={(event) => {
                      setValues((current) => ({ ...current, [field.key]: event.target.value }))
                      setError(`fields.${field.key}`, null)
                    }}
                    onBlur={() => values[field.key] && setError(`fields.${field.key}`, checkField(field, values[field.key]))}
                    aria-invalid={Boolean(error)}
                    className={clx("font-mono", error && "border-ui-border-error")}
                    data-testid={id}
                  />
                  {hint && (
                    <Text size="xsmall" className="text-ui-fg-subtle">
                      {hint}
                    </Text>
                  )}
                  <FieldError message={error} testId={`${id}-error`} />
                </div>
              )
            })}
          </fieldset>
        )}

        <div className="flex flex-col gap-y-1">
          <Label size="small" weight="plus" htmlFor="paycore-payout-description">
            Note <span className="text-ui-fg-muted font-normal">(optional, sent to PayCore)</span>
          </Label>
          <Textarea
            id="paycore-payout-description"
            rows={2}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
            data-testid="paycore-payout-description"
          />
          <FieldError message={errors.description} />
        </div>
      </Drawer.Body>
      <Drawer.Footer>
        <Drawer.Close asChild>
          <Button type="button" size="small" variant="secondary">
            Cancel
          </Button>
        </Drawer.Close>
        <Button type="submit" size="small" disabled={!service} data-testid="paycore-payout-review">
          Review
        </Button>
      </Drawer.Footer>
    </form>
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Approve a payout
// ---------------------------------------------------------------------------------------------------------------

const ApprovePayoutForm = ({ payout, onDone }: { payout: PaycorePayout; onDone: () => void }) => {
  const approve = useApprovePayout()
  const services = usePayoutServices(payout.currency_code)
  const definition = services.data?.services.find((service) => service.code === payout.service)
  const keys = Object.keys(payout.destination)
  const label = (key: string) => {
    const field = definition?.fields.find((item) => item.key === key)
    return field ? fieldLabel(field) : humanize(key)
  }
  const [values, setValues] = useState<Record<string, string>>({})
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [apiError, setApiError] = useState<string | null>(null)

  const submit = (event: React.FormEvent) => {
    event.preventDefault()
    setApiError(null)
    const problems: Record<string, string> = {}
    const fields: Record<string, string> = {}
    for (const key of keys) {
      const value = normalizeFieldValue(key, values[key] ?? "")
      if (!value) problems[key] = `Re-enter ${label(key).toLowerCase()}`
      else if (maskValue(key, value) !== payout.destination[key]) {
        problems[key] = `Does not match the destination the payout was created with (${payout.destination[key]})`
      }
      fields[key] = value
    }
    setErrors(problems)
    if (Object.keys(problems).length) return
    approve.mutate(
      { id: payout.id, fields },
      {
        onSuccess: (approved) => {
          toast.success("Payout approved", {
            description: `${formatAmount(approved.amount, approved.currency_code)} sent to PayCore: ${humanize(approved.status)}`,
          })
          setValues({})
          onDone()
        },
        onError: (error) => setApiError(errorMessage(error)),
      }
    )
  }

  return (
    <form onSubmit={submit} className="flex h-full flex-col overflow-hidden" noValidate data-testid="paycore-payout-approve-form">
      <Drawer.Header>
        <Drawer.Title asChild>
          <Heading>Approve the payout</Heading>
        </Drawer.Title>
        <Text size="small" className="text-ui-fg-subtle">
          {formatAmount(payout.amount, payout.currency_code)} to {destinationText(payout.destination)}
        </Text>
      </Drawer.Header>
      <Drawer.Body className="flex flex-col gap-y-5 overflow-y-auto">
        {apiError && (
          <Alert variant="error" data-testid="paycore-payout-approve-error">
            {apiError}
          </Alert>
        )}
        <Text size="small" className="text-ui-fg-subtle">
          Re-enter where the money goes, as the admin who created the payout entered it. Only the masked destination is
          stored, so it is checked against what you type; the payout is then sent to PayCore.
        </Text>
        <dl className="flex flex-col gap-y-2">
          <Row label="Amount">{formatAmount(payout.amount, payout.currency_code)}</Row>
          <Row label="Service">
            <span className="font-mono">{payout.service}</span>
          </Row>
          <Row label="Created">
            {formatTime(payout.created_at)} by <AdminUser id={payout.created_by} />
          </Row>
          {payout.description && <Row label="Note">{payout.description}</Row>}
        </dl>
        {keys.map((key) => {
          const id = `paycore-payout-approve-field-${key}`
          return (
            <div key={key} className="flex flex-col gap-y-1">
              <Label size="small" weight="plus" htmlFor={id}>
                {label(key)}
              </Label>
              <Input
                id={id}
                autoComplete="off"
                inputMode={isCardField(key) ? "numeric" : undefined}
                value={values[key] ?? ""}
                onChange={(event) => setValues((current) => ({ ...current, [key]: event.target.value }))}
                aria-invalid={Boolean(errors[key])}
                className={clx("font-mono", errors[key] && "border-ui-border-error")}
                data-testid={id}
              />
              <Text size="xsmall" className="text-ui-fg-subtle">
                Must match <span className="font-mono">{payout.destination[key]}</span>
              </Text>
              <FieldError message={errors[key]} testId={`${id}-error`} />
            </div>
          )
        })}
      </Drawer.Body>
      <Drawer.Footer>
        <Drawer.Close asChild>
          <Button type="button" size="small" variant="secondary">
            Cancel
          </Button>
        </Drawer.Close>
        <Button type="submit" size="small" isLoading={approve.isPending} data-testid="paycore-payout-approve-submit">
          Approve and send
        </Button>
      </Drawer.Footer>
    </form>
  )
}
