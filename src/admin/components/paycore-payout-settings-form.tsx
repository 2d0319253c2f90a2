// The payout settings drawer: payouts on or off, second-admin approval, and the currencies payouts are possible in
// (each with its services and limits: CurrencyEditor). Checked like the API checks it before anything is saved.
// Switching approvals off is saved as a request that a second admin confirms (PendingSettingsChangeNotice).
import { Plus } from "@medusajs/icons"
import { Button, Label, Switch, Text, toast } from "@medusajs/ui"
import { type FormEvent, useState } from "react"
import { errorMessage } from "../lib/paycore-api"
import { splitApiErrors } from "../lib/paycore-payout-form"
import {
  type CurrencyDraft,
  type SettingsDraft,
  checkSettingsDraft,
  draftFromSettings,
  updateFromDraft,
} from "../lib/paycore-payout-settings-draft"
import { type PayoutSettings, useSavePayoutSettings, useStoreCurrencies } from "../lib/paycore-payouts-api"
import { CurrencyEditor } from "./paycore-payout-currency-editor"
import { DrawerForm } from "./paycore-drawer-form"
import { Field, OptionSelect } from "./paycore-ui"

/** The API's paths the form shows next to their field. */
const CURRENCY_FIELD_PATH = /^currencies\.[A-Z]{3}\.(services|default_service|min_amount|max_amount)$/

const SWITCHES = [
  {
    key: "enabled",
    id: "paycore-payouts-enabled",
    label: "Payouts enabled",
    description: "Admins can send payouts to orders and customers through PayCore.",
  },
  {
    key: "require_approval",
    id: "paycore-payouts-require-approval",
    label: "Require a second admin's approval",
    description: "A payout waits until another admin re-enters its destination and approves it.",
  },
] as const

export const PayoutSettingsForm = ({ settings, onDone }: { settings: PayoutSettings; onDone: () => void }) => {
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFromSettings(settings))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [formError, setFormError] = useState<string[]>([])
  const [adding, setAdding] = useState<string>("")
  const save = useSavePayoutSettings()
  const storeCurrencies = useStoreCurrencies()

  const configured = new Set(draft.currencies.map((entry) => entry.currency))
  const addable = (storeCurrencies.data ?? []).map((code) => code.toUpperCase()).filter((code) => !configured.has(code))

  const change = (next: Partial<SettingsDraft>) => setDraft((current) => ({ ...current, ...next }))
  const changeCurrency = (currency: string, next: Partial<CurrencyDraft>) =>
    setDraft((current) => ({
      ...current,
      currencies: current.currencies.map((entry) => (entry.currency === currency ? { ...entry, ...next } : entry)),
    }))
  const addCurrency = () => {
    const currency = adding || addable[0]
    if (!currency) return
    change({
      currencies: [
        ...draft.currencies,
        { currency, services: [], default_service: null, min_amount: "", max_amount: "" },
      ],
    })
    setAdding("")
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setFormError([])
    const problems = checkSettingsDraft(draft)
    setErrors(problems)
    if (Object.keys(problems).length) {
      setFormError(["Some settings need attention; see the fields marked below."])
      return
    }
    save.mutateAsync(updateFromDraft(draft, settings)).then(
      (saved) => {
        const waits = saved.pending_change && !draft.require_approval
        toast.success("Payout settings saved", {
          description: waits ? "Approvals stay on until another admin confirms switching them off." : undefined,
        })
        onDone()
      },
      (error) => {
        const { byPath, other } = splitApiErrors(errorMessage(error), (path) => CURRENCY_FIELD_PATH.test(path))
        setErrors(byPath)
        setFormError(other.length ? other : ["The settings were not saved; see the fields marked below."])
      }
    )
  }

  return (
    <DrawerForm
      title="Payout settings"
      onSubmit={submit}
      bodyGap="gap-y-6"
      error={formError.length > 0 ? formError.join("; ") : null}
      errorTestId="paycore-payout-settings-form-error"
      submit={{ label: "Save", testId: "paycore-payout-settings-save", isLoading: save.isPending }}
    >
      {SWITCHES.map(({ key, ...row }) => (
        <SwitchRow
          key={key}
          {...row}
          note={key === "require_approval" ? approvalNote(settings) : null}
          checked={draft[key]}
          onChange={(checked) => change({ [key]: checked })}
        />
      ))}

      <div className="flex flex-col gap-y-3">
        <div className="flex flex-col gap-y-1">
          <Text size="small" leading="compact" weight="plus">
            Currencies
          </Text>
          <Text size="small" className="text-ui-fg-subtle">
            Payouts are possible only in the currencies listed here, with the services allowed for each.
          </Text>
        </div>
        {draft.currencies.length === 0 && (
          <Text size="small" className="text-ui-fg-muted" data-testid="paycore-payout-settings-form-no-currency">
            No currency yet.
          </Text>
        )}
        {draft.currencies.map((entry) => (
          <CurrencyEditor
            key={entry.currency}
            entry={entry}
            errors={errors}
            onChange={(next) => changeCurrency(entry.currency, next)}
            onRemove={() => change({ currencies: draft.currencies.filter((item) => item.currency !== entry.currency) })}
          />
        ))}
        {addable.length > 0 && (
          <div className="flex items-end gap-x-2">
            <Field id="paycore-payouts-add-currency" label="Add a currency" labelWeight="regular" className="flex-1">
              <OptionSelect
                id="paycore-payouts-add-currency"
                testId="paycore-payout-settings-add-currency-select"
                value={adding || addable[0]}
                onValueChange={setAdding}
                options={addable}
              />
            </Field>
            <Button
              type="button"
              size="small"
              variant="secondary"
              onClick={addCurrency}
              data-testid="paycore-payout-settings-add-currency"
            >
              <Plus />
              Add
            </Button>
          </div>
        )}
      </div>
    </DrawerForm>
  )
}

/** Under the approval switch while approvals are on: switching them off takes a second admin. */
function approvalNote(settings: PayoutSettings): string | null {
  if (settings.pending_change) return "Switching approvals off already waits for a second admin's confirmation."
  return settings.require_approval ? "Switching approvals off takes effect once another admin confirms it." : null
}

const SwitchRow = ({
  id,
  label,
  description,
  note,
  checked,
  onChange,
}: {
  id: string
  label: string
  description: string
  note?: string | null
  checked: boolean
  onChange: (checked: boolean) => void
}) => (
  <div className="flex items-start justify-between gap-x-4">
    <div className="flex flex-col gap-y-0.5">
      <Label htmlFor={id} size="small" weight="plus">
        {label}
      </Label>
      <Text size="small" className="text-ui-fg-subtle">
        {description}
      </Text>
      {note && (
        <Text size="xsmall" className="text-ui-fg-muted" data-testid={`${id}-note`}>
          {note}
        </Text>
      )}
    </div>
    <Switch id={id} checked={checked} onCheckedChange={onChange} data-testid={id} />
  </div>
)
