// One currency in the payout settings drawer: the PayCore payout services allowed in it (PayCore's list, or codes
// typed by hand when PayCore cannot be asked), the default service, and the store's own limits.
import { Trash } from "@medusajs/icons"
import { Alert, Badge, Checkbox, IconButton, Input, Label, Skeleton, Text } from "@medusajs/ui"
import { errorMessage } from "../lib/paycore-api"
import { effectiveLimits, limitsText } from "../lib/paycore-payout-form"
import type { CurrencyDraft } from "../lib/paycore-payout-settings-draft"
import { usePayoutServices } from "../lib/paycore-payouts-api"
import { CheckedInput, Field, FieldError, OptionSelect } from "./paycore-ui"

const NO_DEFAULT = "__none__"

/** The default service kept if still allowed; else the only allowed one (when `pickOnly`), else none. */
const keepDefault = (entry: CurrencyDraft, services: string[], pickOnly: boolean) =>
  entry.default_service && services.includes(entry.default_service)
    ? entry.default_service
    : pickOnly && services.length === 1
      ? services[0]
      : null

export const CurrencyEditor = ({
  entry,
  errors,
  onChange,
  onRemove,
}: {
  entry: CurrencyDraft
  errors: Record<string, string>
  onChange: (next: Partial<CurrencyDraft>) => void
  onRemove: () => void
}) => {
  const services = usePayoutServices(entry.currency)
  const path = `currencies.${entry.currency}`
  const offered = services.data?.services ?? []
  // Services saved earlier that PayCore no longer offers stay visible, so that they can be removed.
  const unknown = services.error
    ? []
    : entry.services.filter((code) => !offered.some((service) => service.code === code))

  const toggle = (code: string, on: boolean) => {
    const next = on ? [...entry.services, code] : entry.services.filter((item) => item !== code)
    onChange({ services: next, default_service: keepDefault(entry, next, true) })
  }

  return (
    <section
      className="border-ui-border-base flex flex-col gap-y-4 rounded-lg border px-4 py-3"
      data-testid="paycore-payout-settings-currency-editor"
      data-currency={entry.currency}
      aria-label={`${entry.currency} payouts`}
    >
      <div className="flex items-center justify-between">
        <Badge size="small" className="font-mono">
          {entry.currency}
        </Badge>
        <IconButton
          type="button"
          size="small"
          variant="transparent"
          onClick={onRemove}
          aria-label={`Remove ${entry.currency}`}
          data-testid="paycore-payout-settings-remove-currency"
        >
          <Trash />
        </IconButton>
      </div>

      <fieldset className="flex flex-col gap-y-2">
        <legend className="mb-2">
          <Text size="small" leading="compact" weight="plus">
            Allowed services
          </Text>
        </legend>
        {services.isPending ? (
          <Skeleton className="h-8 w-full" />
        ) : services.error ? (
          <div className="flex flex-col gap-y-2">
            <Alert variant="warning" data-testid="paycore-payout-settings-services-error">
              Could not load PayCore's payout services for {entry.currency}: {errorMessage(services.error)}
            </Alert>
            <Label size="small" htmlFor={`paycore-service-codes-${entry.currency}`}>
              Service codes, separated by commas
            </Label>
            <Input
              id={`paycore-service-codes-${entry.currency}`}
              size="small"
              autoComplete="off"
              placeholder={`payment_card_${entry.currency.toLowerCase()}`}
              defaultValue={entry.services.join(", ")}
              onChange={(event) => {
                const next = [
                  ...new Set(
                    event.target.value
                      .split(",")
                      .map((code) => code.trim())
                      .filter(Boolean)
                  ),
                ]
                onChange({ services: next, default_service: keepDefault(entry, next, false) })
              }}
              data-testid="paycore-payout-settings-service-codes"
            />
          </div>
        ) : offered.length === 0 ? (
          <Text size="small" className="text-ui-fg-muted">
            PayCore offers no payout service in {entry.currency} on this account.
          </Text>
        ) : null}
        {offered.map((service) => {
          const id = `paycore-service-${entry.currency}-${service.code}`
          const limits = limitsText(effectiveLimits(null, service), entry.currency)
          return (
            <div
              key={service.code}
              className="flex items-start gap-x-3"
              data-testid="paycore-payout-settings-service-option"
              data-service={service.code}
            >
              <Checkbox
                id={id}
                checked={entry.services.includes(service.code)}
                onCheckedChange={(value) => toggle(service.code, value === true)}
                data-testid={`paycore-payout-settings-service-${service.code}`}
              />
              <div className="flex flex-col">
                <Label htmlFor={id} size="small" weight="plus">
                  {service.method_name} <span className="text-ui-fg-muted font-mono font-normal">{service.code}</span>
                </Label>
                <Text size="xsmall" className="text-ui-fg-subtle">
                  {limits ? `PayCore's limits: ${limits}` : "No limits published by PayCore"}
                  {service.status && service.status !== "available" ? ` · ${service.status}` : ""}
                </Text>
              </div>
            </div>
          )
        })}
        {unknown.map((code) => (
          <div
            key={code}
            className="flex items-start gap-x-3"
            data-testid="paycore-payout-settings-service-option"
            data-service={code}
          >
            <Checkbox
              id={`paycore-service-${entry.currency}-${code}`}
              checked
              onCheckedChange={(value) => toggle(code, value === true)}
            />
            <Label htmlFor={`paycore-service-${entry.currency}-${code}`} size="small">
              <span className="font-mono">{code}</span>{" "}
              <span className="text-ui-fg-muted">{services.data ? "(not offered by PayCore now)" : ""}</span>
            </Label>
          </div>
        ))}
        <FieldError message={errors[`${path}.services`]} testId="paycore-payout-settings-services-field-error" />
      </fieldset>

      <Field id={`paycore-default-${entry.currency}`} label="Default service" error={errors[`${path}.default_service`]}>
        <OptionSelect
          // Radix shows the chosen item's text only if the item existed when it was chosen: remount with the list.
          key={entry.services.join(",")}
          id={`paycore-default-${entry.currency}`}
          testId="paycore-payout-settings-default-service"
          value={entry.default_service ?? NO_DEFAULT}
          onValueChange={(value) => onChange({ default_service: value === NO_DEFAULT ? null : value })}
          options={[{ value: NO_DEFAULT, label: "None" }, ...entry.services]}
          disabled={entry.services.length === 0}
        />
      </Field>

      <div className="grid grid-cols-2 gap-x-3">
        {(["min_amount", "max_amount"] as const).map((key) => {
          const id = `paycore-${key}-${entry.currency}`
          const testId = `paycore-payout-settings-${key.replace("_amount", "")}`
          const error = errors[`${path}.${key}`]
          return (
            <Field
              key={key}
              id={id}
              label={key === "min_amount" ? "Minimum payout" : "Maximum payout"}
              error={error}
              errorTestId={`${testId}-error`}
            >
              <CheckedInput
                id={id}
                size="small"
                inputMode="decimal"
                placeholder="No limit"
                value={entry[key]}
                onChange={(event) => onChange({ [key]: event.target.value } as Partial<CurrencyDraft>)}
                invalid={Boolean(error)}
                data-testid={testId}
              />
            </Field>
          )
        })}
      </div>
      <Text size="xsmall" className="text-ui-fg-muted">
        Amounts in {entry.currency}, e.g. 1000 or 12.50. Leave empty for no limit of the store's own; PayCore's limits
        apply anyway.
      </Text>
    </section>
  )
}
