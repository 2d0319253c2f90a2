// "Send payout": currency, service, amount within the limits, the service's destination fields (PayCore's rules
// checked as the admin types; DestinationInputs, with the card's expiry for card services), then the confirmation
// (PayoutConfirmation) that shows the destination masked.
import { Alert, Button, Skeleton, Text, Textarea, toast } from "@medusajs/ui"
import { type FormEvent, useMemo, useState } from "react"
import { errorMessage } from "../lib/paycore-api"
import { formatAmount, humanize } from "../lib/paycore-format"
import { checkExpiryInputs, expiryInputsFor, nonExpiryFields, payoutDestination } from "../lib/paycore-payout-expiry"
import {
  checkAmount,
  checkField,
  destinationText,
  effectiveLimits,
  fieldLabel,
  limitSources,
  limitsText,
  maskDestinationValue,
  splitApiErrors,
} from "../lib/paycore-payout-form"
import { type PayoutService, type PayoutSettings, useCreatePayout, usePayoutServices } from "../lib/paycore-payouts-api"
import { DestinationInputs } from "./paycore-payout-destination-inputs"
import { PayoutConfirmation } from "./paycore-payout-send-confirm"
import { DrawerForm } from "./paycore-drawer-form"
import { CheckedInput, Field, OptionSelect } from "./paycore-ui"

const API_FIELDS = ["amount", "service", "currency", "description"]

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

export const SendPayoutForm = ({
  settings,
  target,
  onSent,
}: {
  settings: PayoutSettings
  target: PayoutTarget
  onSent: () => void
}) => {
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
  // Kept while the outcome is unknown (a retry must find the same payout); a new one once a payout was recorded.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey)

  const rules = settings.currencies[currency]
  const services = usePayoutServices(currency)
  const allowed = useMemo(
    () => (services.data?.services ?? []).filter((service) => rules?.services.includes(service.code)),
    [services.data, rules]
  )
  const notOffered = (rules?.services ?? []).filter((code) => services.data && !allowed.some((s) => s.code === code))
  const service: PayoutService | undefined =
    allowed.find((s) => s.code === serviceCode) ?? allowed.find((s) => s.code === rules?.default_service) ?? allowed[0]
  const limits = effectiveLimits(rules, service)
  const limitText = limitsText(limits, currency)

  /** A new currency or service: its own fields, nothing typed for the other one kept. */
  const choose = (nextCurrency: string, nextService: string | null) => {
    setCurrency(nextCurrency)
    setServiceCode(nextService)
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
    for (const field of service ? nonExpiryFields(service) : []) {
      const problem = checkField(field, values[field.key])
      if (problem) problems[`fields.${field.key}`] = problem
    }
    const expiry = service && expiryInputsFor(service)
    if (expiry) {
      const checked = checkExpiryInputs(expiry, values[expiry.monthKey] ?? "", values[expiry.yearKey] ?? "")
      if (checked.month) problems[`fields.${expiry.monthKey}`] = checked.month
      if (checked.year) problems[`fields.${expiry.yearKey}`] = checked.year
    }
    if (description.trim().length > 255) problems.description = "At most 255 characters"
    return problems
  }

  const review = (event: FormEvent) => {
    event.preventDefault()
    setApiError(null)
    const problems = validate()
    setErrors(problems)
    if (!Object.keys(problems).length) setStep("confirm")
  }

  const fields = service ? payoutDestination(service, values) : {}
  const labels = Object.fromEntries((service?.fields ?? []).map((field) => [field.key, fieldLabel(field)]))
  const amountValue = Number(amount.trim())

  const send = () => {
    if (!service) return
    setApiError(null)
    create
      .mutateAsync({
        idempotencyKey,
        amount: amount.trim(),
        currency,
        service: service.code,
        fields,
        ...(target.orderId ? { order_id: target.orderId } : { customer_id: target.customerId }),
        ...(description.trim() ? { description: description.trim() } : {}),
      })
      .then(
        (payout) => {
          toast.success(payout.status === "pending_approval" ? "Payout waits for approval" : "Payout sent to PayCore", {
            description: `${formatAmount(payout.amount, payout.currency_code)} to ${destinationText(payout.destination, labels)}: ${humanize(payout.status)}`,
          })
          // Closing unmounts the form: the full destination is gone from the page.
          setValues({})
          onSent()
        },
        (error) => {
          if (recordedPayout(error)) setIdempotencyKey(newIdempotencyKey())
          const message = errorMessage(error)
          const { byPath } = splitApiErrors(message, (path) => API_FIELDS.includes(path) || path.startsWith("fields."))
          setApiError(message)
          if (Object.keys(byPath).length) {
            setErrors(byPath)
            setStep("form")
          }
        }
      )
  }

  const subtitle = `${target.label} · through PayCore`
  if (step === "confirm" && service) {
    return (
      <PayoutConfirmation
        subtitle={subtitle}
        error={apiError}
        amount={formatAmount(amountValue, currency)}
        destination={destinationText(
          Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, maskDestinationValue(key, value)])),
          labels
        )}
        service={service}
        target={target.label}
        description={description.trim()}
        testMode={services.data?.test_mode}
        requireApproval={settings.require_approval}
        sending={create.isPending}
        onBack={() => setStep("form")}
        onSend={send}
      />
    )
  }

  return (
    <DrawerForm
      title="Send a payout"
      subtitle={subtitle}
      onSubmit={review}
      testId="paycore-payout-form"
      error={apiError}
      errorTestId="paycore-payout-form-error"
      submit={{ label: "Review", testId: "paycore-payout-review", disabled: !service }}
    >
      <div className="grid grid-cols-2 gap-3">
        <Field id="paycore-payout-currency" label="Currency">
          <OptionSelect
            id="paycore-payout-currency"
            testId="paycore-payout-currency"
            value={currency}
            onValueChange={(next) => choose(next, null)}
            options={currencies}
          />
        </Field>
        <Field
          id="paycore-payout-service"
          label="Service"
          error={errors.service}
          errorTestId="paycore-payout-service-error"
        >
          {services.isPending ? (
            <Skeleton className="h-8 w-full" />
          ) : (
            <OptionSelect
              id="paycore-payout-service"
              testId="paycore-payout-service"
              value={service?.code ?? ""}
              onValueChange={(next) => choose(currency, next)}
              options={allowed.map((item) => ({ value: item.code, label: `${item.method_name} · ${item.code}` }))}
              placeholder="No service"
              disabled={!allowed.length}
            />
          )}
        </Field>
      </div>

      {services.error ? (
        <div className="flex flex-col gap-y-2" data-testid="paycore-payout-services-error">
          <Alert variant="error">
            Could not load PayCore's payout services for {currency}: {errorMessage(services.error)}
          </Alert>
          <div>
            <Button
              type="button"
              size="small"
              variant="secondary"
              onClick={() => services.refetch()}
              isLoading={services.isFetching}
            >
              Try again
            </Button>
          </div>
        </div>
      ) : services.data && !allowed.length ? (
        <Alert variant="warning" data-testid="paycore-payout-no-service">
          PayCore offers none of the services allowed for {currency} ({(rules?.services ?? []).join(", ") || "none"}).
          Check the payout settings.
        </Alert>
      ) : notOffered.length > 0 ? (
        <Text size="xsmall" className="text-ui-fg-muted">
          Allowed in the settings but not offered by PayCore now: {notOffered.join(", ")}
        </Text>
      ) : null}

      <Field
        id="paycore-payout-amount"
        label="Amount"
        hint={
          limitText ? `In ${currency}, ${limitText} (${limitSources(limits)})` : `In ${currency}; no limits are set`
        }
        hintTestId="paycore-payout-limits"
        error={errors.amount}
        errorTestId="paycore-payout-amount-error"
      >
        <CheckedInput
          id="paycore-payout-amount"
          inputMode="decimal"
          placeholder="0.00"
          value={amount}
          onChange={(event) => {
            setAmount(event.target.value)
            setError("amount", null)
          }}
          onBlur={() => amount && setError("amount", checkAmount(amount, currency, limits).error)}
          invalid={Boolean(errors.amount)}
          data-testid="paycore-payout-amount-input"
        />
      </Field>
      {(services.data?.balance || services.data?.balance_note) && (
        <Text size="xsmall" className="text-ui-fg-subtle" data-testid="paycore-payout-balance">
          {services.data.balance
            ? `PayCore balance: ${services.data.balance.available} ${services.data.balance.currency} (a larger payout is refused before it is sent)`
            : services.data.balance_note}
        </Text>
      )}

      {service && (
        <DestinationInputs
          service={service}
          values={values}
          errors={errors}
          onChange={(key, value) => setValues((current) => ({ ...current, [key]: value }))}
          setError={setError}
        />
      )}

      <Field
        id="paycore-payout-description"
        label={
          <>
            Note <span className="text-ui-fg-muted font-normal">(optional, sent to PayCore)</span>
          </>
        }
        error={errors.description}
      >
        <Textarea
          id="paycore-payout-description"
          rows={2}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          data-testid="paycore-payout-description"
        />
      </Field>
    </DrawerForm>
  )
}

function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID()
}

/**
 * A 400: refused (by the checks, or by PayCore, which then has nothing), so a corrected try is a new payout. After a
 * 502 or a lost answer the key is kept: PayCore may have the payout, and a retry must find it, not make another.
 */
function recordedPayout(error: unknown): boolean {
  return (error as { status?: number } | null)?.status === 400
}
