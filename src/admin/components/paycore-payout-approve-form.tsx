// Approving a payout that waits for a second admin: they re-enter the destination (only its masked form is stored,
// so what they type is checked against it), the card's expiry too when the payout has one, then the payout is sent
// to PayCore.
import { Text, toast } from "@medusajs/ui"
import { type FormEvent, useState } from "react"
import { errorMessage } from "../lib/paycore-api"
import { formatAmount, formatTime, humanize } from "../lib/paycore-format"
import { checkExpiryInputs, expiryPart } from "../lib/paycore-payout-expiry"
import { checkReenteredDestination, destinationText, fieldLabel, isCardField } from "../lib/paycore-payout-form"
import { type PaycorePayout, useApprovePayout, usePayoutServices } from "../lib/paycore-payouts-api"
import { DrawerForm } from "./paycore-drawer-form"
import { CardExpiryInputs } from "./paycore-payout-expiry-inputs"
import { AdminUser, CheckedInput, Field, Row } from "./paycore-ui"

export const ApprovePayoutForm = ({ payout, onDone }: { payout: PaycorePayout; onDone: () => void }) => {
  const approve = useApprovePayout()
  const services = usePayoutServices(payout.currency_code)
  const definition = services.data?.services.find((service) => service.code === payout.service)
  const label = (key: string) => {
    const field = definition?.fields.find((item) => item.key === key)
    return field ? fieldLabel(field) : humanize(key)
  }
  const [values, setValues] = useState<Record<string, string>>({})
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [apiError, setApiError] = useState<string | null>(null)
  const amount = formatAmount(payout.amount, payout.currency_code)
  const keys = Object.keys(payout.destination)
  const monthKey = keys.find((key) => expiryPart(key) === "exp_month")
  const yearKey = keys.find((key) => expiryPart(key) === "exp_year")
  // Created with a card expiry: it is re-entered like the other fields (a payout has both halves or neither).
  const expiry = monthKey && yearKey ? { required: true, monthKey, yearKey } : null

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setApiError(null)
    const { fields, problems } = checkReenteredDestination(payout.destination, values, label)
    if (expiry) {
      const checked = checkExpiryInputs(expiry, values[expiry.monthKey] ?? "", values[expiry.yearKey] ?? "")
      delete problems[expiry.monthKey]
      delete problems[expiry.yearKey]
      if (checked.month) problems[expiry.monthKey] = checked.month
      if (checked.year) problems[expiry.yearKey] = checked.year
    }
    setErrors(problems)
    if (Object.keys(problems).length) return
    approve.mutateAsync({ id: payout.id, fields }).then(
      (approved) => {
        toast.success("Payout approved", {
          description: `${formatAmount(approved.amount, approved.currency_code)} sent to PayCore: ${humanize(approved.status)}`,
        })
        setValues({})
        onDone()
      },
      (error) => setApiError(errorMessage(error))
    )
  }

  return (
    <DrawerForm
      title="Approve the payout"
      subtitle={`${amount} to ${destinationText(payout.destination)}`}
      onSubmit={submit}
      testId="paycore-payout-approve-form"
      error={apiError}
      errorTestId="paycore-payout-approve-error"
      submit={{ label: "Approve and send", testId: "paycore-payout-approve-submit", isLoading: approve.isPending }}
    >
      <Text size="small" className="text-ui-fg-subtle">
        Re-enter where the money goes, as the admin who created the payout entered it. Only the masked destination is
        stored, so it is checked against what you type; the payout is then sent to PayCore.
      </Text>
      <dl className="flex flex-col gap-y-2">
        <Row label="Amount">{amount}</Row>
        <Row label="Service">
          <span className="font-mono">{payout.service}</span>
        </Row>
        <Row label="Created">
          {formatTime(payout.created_at)} by <AdminUser id={payout.created_by} />
        </Row>
        {payout.description && <Row label="Note">{payout.description}</Row>}
      </dl>
      {keys
        .filter((key) => !expiry || !expiryPart(key))
        .map((key) => {
          const id = `paycore-payout-approve-field-${key}`
          return (
            <Field
              key={key}
              id={id}
              label={label(key)}
              hint={
                <>
                  Must match <span className="font-mono">{payout.destination[key]}</span>
                </>
              }
              error={errors[key]}
              errorTestId={`${id}-error`}
            >
              <CheckedInput
                id={id}
                inputMode={isCardField(key) ? "numeric" : undefined}
                value={values[key] ?? ""}
                onChange={(event) => setValues((current) => ({ ...current, [key]: event.target.value }))}
                invalid={Boolean(errors[key])}
                className="font-mono"
                data-testid={id}
              />
            </Field>
          )
        })}
      {expiry && (
        <CardExpiryInputs
          idPrefix="paycore-payout-approve-expiry"
          required
          month={values[expiry.monthKey] ?? ""}
          year={values[expiry.yearKey] ?? ""}
          errors={{ month: errors[expiry.monthKey], year: errors[expiry.yearKey] }}
          hint="As on the card; the payout was created with the card's expiry, which is not stored"
          onChange={(part, value) =>
            setValues((current) => ({ ...current, [part === "month" ? expiry.monthKey : expiry.yearKey]: value }))
          }
        />
      )}
    </DrawerForm>
  )
}
