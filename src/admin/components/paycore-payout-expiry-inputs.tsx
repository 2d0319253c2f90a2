// "Card expiry": the month and year of a card payout's card (sent to PayCore as context.card, stored masked only).
import type { ExpiryErrors } from "../lib/paycore-payout-expiry"
import { CheckedInput, Field } from "./paycore-ui"

export const CardExpiryInputs = ({
  idPrefix,
  required,
  month,
  year,
  errors,
  hint,
  onChange,
  onBlur,
}: {
  /** e.g. `paycore-payout-expiry`: the inputs are `{idPrefix}-month` and `{idPrefix}-year`. */
  idPrefix: string
  required: boolean
  month: string
  year: string
  errors: ExpiryErrors
  hint?: string
  onChange: (part: "month" | "year", value: string) => void
  onBlur?: () => void
}) => {
  const error = [errors.month, errors.year].filter(Boolean).join("; ") || null
  const input = (part: "month" | "year") => (
    <CheckedInput
      id={`${idPrefix}-${part}`}
      aria-label={part === "month" ? "Card expiry month" : "Card expiry year"}
      inputMode="numeric"
      placeholder={part === "month" ? "MM" : "YYYY"}
      maxLength={part === "month" ? 2 : 4}
      value={part === "month" ? month : year}
      onChange={(event) => onChange(part, event.target.value)}
      onBlur={onBlur}
      invalid={Boolean(errors[part])}
      className={part === "month" ? "w-16 font-mono" : "w-20 font-mono"}
      data-testid={`${idPrefix}-${part}`}
    />
  )
  return (
    <Field
      id={`${idPrefix}-month`}
      label={
        <>
          Card expiry
          {required ? (
            <span className="text-ui-fg-error"> *</span>
          ) : (
            <span className="text-ui-fg-muted"> (optional)</span>
          )}
        </>
      }
      hint={hint ?? "Month and year as on the card, e.g. 09 / 2030"}
      error={error}
      errorTestId={`${idPrefix}-error`}
    >
      <div className="flex items-center gap-x-2">
        {input("month")}
        <span className="text-ui-fg-muted">/</span>
        {input("year")}
      </div>
    </Field>
  )
}
