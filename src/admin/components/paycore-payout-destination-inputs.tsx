// The "Destination" of "Send payout": the service's own fields (PayCore's labels, required fields and format rules,
// checked as the admin types) and, for card services, the card's expiry (CardExpiryInputs).
import { Text } from "@medusajs/ui"
import { checkExpiryInputs, expiryInputsFor, nonExpiryFields } from "../lib/paycore-payout-expiry"
import { checkField, fieldLabel, fieldPlaceholder, isCardField, localized } from "../lib/paycore-payout-form"
import type { PayoutService } from "../lib/paycore-payouts-api"
import { CardExpiryInputs } from "./paycore-payout-expiry-inputs"
import { CheckedInput, Field } from "./paycore-ui"

export const DestinationInputs = ({
  service,
  values,
  errors,
  onChange,
  setError,
}: {
  service: PayoutService
  values: Record<string, string>
  /** By the API's paths: `fields.card_number`, `fields.exp_month`. */
  errors: Record<string, string>
  onChange: (key: string, value: string) => void
  setError: (path: string, message: string | null) => void
}) => {
  const fields = nonExpiryFields(service)
  const expiry = expiryInputsFor(service)
  if (!fields.length && !expiry) return null
  const monthPath = expiry && `fields.${expiry.monthKey}`
  const yearPath = expiry && `fields.${expiry.yearKey}`
  const checkExpiry = () => {
    if (!expiry || !monthPath || !yearPath) return
    const month = values[expiry.monthKey] ?? ""
    const year = values[expiry.yearKey] ?? ""
    if (!month.trim() || !year.trim()) return
    const problems = checkExpiryInputs(expiry, month, year)
    setError(monthPath, problems.month ?? null)
    setError(yearPath, problems.year ?? null)
  }
  return (
    <fieldset className="flex flex-col gap-y-4">
      <legend className="mb-3">
        <Text size="small" leading="compact" weight="plus">
          Destination
        </Text>
      </legend>
      {fields.map((field) => {
        const id = `paycore-payout-field-${field.key}`
        const path = `fields.${field.key}`
        const required = field.required ? <span className="text-ui-fg-error"> *</span> : null
        return (
          <Field
            key={field.key}
            id={id}
            label={
              <>
                {fieldLabel(field)}
                {required ?? <span className="text-ui-fg-muted"> (optional)</span>}
              </>
            }
            hint={localized(field.hint)}
            error={errors[path]}
            errorTestId={`${id}-error`}
          >
            <CheckedInput
              id={id}
              name={field.key}
              inputMode={isCardField(field.key) ? "numeric" : undefined}
              placeholder={fieldPlaceholder(field)}
              value={values[field.key] ?? ""}
              onChange={(event) => {
                onChange(field.key, event.target.value)
                setError(path, null)
              }}
              onBlur={() => values[field.key] && setError(path, checkField(field, values[field.key]))}
              invalid={Boolean(errors[path])}
              className="font-mono"
              data-testid={id}
            />
          </Field>
        )
      })}
      {expiry && monthPath && yearPath && (
        <CardExpiryInputs
          idPrefix="paycore-payout-expiry"
          required={expiry.required}
          month={values[expiry.monthKey] ?? ""}
          year={values[expiry.yearKey] ?? ""}
          errors={{ month: errors[monthPath], year: errors[yearPath] }}
          hint={
            expiry.required
              ? undefined
              : "Only if PayCore needs it for this card service, e.g. 09 / 2030; sent to PayCore, never stored"
          }
          onChange={(part, value) => {
            onChange(part === "month" ? expiry.monthKey : expiry.yearKey, value)
            setError(part === "month" ? monthPath : yearPath, null)
          }}
          onBlur={checkExpiry}
        />
      )}
    </fieldset>
  )
}
