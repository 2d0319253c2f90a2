// The payout settings (GET / POST /admin/paycore/payouts/settings): a summary, and a drawer to edit them. Used by
// the store page's widget and by Settings → PayCore.
import { PencilSquare, Plus, Trash } from "@medusajs/icons"
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Container,
  Drawer,
  Heading,
  IconButton,
  Input,
  Label,
  Select,
  Skeleton,
  StatusBadge,
  Switch,
  Text,
  clx,
  toast,
} from "@medusajs/ui"
import { useState } from "react"
import { errorMessage } from "../lib/paycore-api"
import { formatTime } from "../lib/paycore-format"
import {
  type CurrencyDraft,
  type SettingsDraft,
  checkSettingsDraft,
  draftFromSettings,
  effectiveLimits,
  limitsText,
  splitApiErrors,
  updateFromDraft,
} from "../lib/paycore-payout-form"
import {
  type PayoutCurrencySettings,
  type PayoutSettings,
  usePayoutServices,
  usePayoutSettings,
  useSavePayoutSettings,
  useStoreCurrencies,
} from "../lib/paycore-payouts-api"
import { AdminUser, FieldError, LoadError, LoadingRows } from "./paycore-ui"

export const PayoutSettingsSection = () => {
  const settings = usePayoutSettings()
  const [editing, setEditing] = useState(false)

  let body
  if (settings.isPending) {
    body = <LoadingRows testId="paycore-payout-settings-loading" />
  } else if (settings.error) {
    body = (
      <LoadError
        title="Could not load the payout settings"
        error={settings.error}
        onRetry={() => settings.refetch()}
        retrying={settings.isFetching}
        testId="paycore-payout-settings-error"
      />
    )
  } else {
    body = <SettingsSummary settings={settings.data} />
  }

  return (
    <Container className="divide-y p-0" data-testid="paycore-payout-settings">
      <div className="flex items-center justify-between gap-x-4 px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <Heading level="h2">PayCore payouts</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Which PayCore payout services admins may use, per currency, and within which limits.
          </Text>
        </div>
        <Button
          size="small"
          variant="secondary"
          onClick={() => setEditing(true)}
          disabled={!settings.data}
          data-testid="paycore-payout-settings-edit"
        >
          <PencilSquare />
          Edit
        </Button>
      </div>
      {body}
      <Drawer open={editing} onOpenChange={setEditing}>
        <Drawer.Content data-testid="paycore-payout-settings-drawer" aria-describedby={undefined}>
          {settings.data && <SettingsForm settings={settings.data} onDone={() => setEditing(false)} />}
        </Drawer.Content>
      </Drawer>
    </Container>
  )
}

const SettingsSummary = ({ settings }: { settings: PayoutSettings }) => {
  const currencies = Object.entries(settings.currencies).sort(([a], [b]) => a.localeCompare(b))
  return (
    <div className="flex flex-col gap-y-4 px-6 py-4">
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <div className="flex flex-col gap-y-1">
          <dt>
            <Text size="small" leading="compact" className="text-ui-fg-subtle">
              Payouts
            </Text>
          </dt>
          <dd>
            <StatusBadge
              color={settings.enabled ? "green" : "grey"}
              data-testid="paycore-payout-settings-enabled"
              data-enabled={String(settings.enabled)}
            >
              {settings.enabled ? "Enabled" : "Disabled"}
            </StatusBadge>
          </dd>
        </div>
        <div className="flex flex-col gap-y-1">
          <dt>
            <Text size="small" leading="compact" className="text-ui-fg-subtle">
              Second-admin approval
            </Text>
          </dt>
          <dd>
            <Text
              size="small"
              leading="compact"
              data-testid="paycore-payout-settings-approval"
              data-required={String(settings.require_approval)}
            >
              {settings.require_approval ? "Required: another admin approves each payout" : "Not required"}
            </Text>
          </dd>
        </div>
      </dl>

      <div className="flex flex-col gap-y-2">
        <Text size="small" leading="compact" weight="plus">
          Currencies
        </Text>
        {currencies.length === 0 ? (
          <Text size="small" className="text-ui-fg-muted" data-testid="paycore-payout-settings-no-currency">
            No currency is set up: add one with its payout services before sending payouts.
          </Text>
        ) : (
          <ul className="flex flex-col gap-y-2">
            {currencies.map(([currency, rules]) => (
              <CurrencySummary key={currency} currency={currency} rules={rules} />
            ))}
          </ul>
        )}
      </div>

      {settings.updated_at && (
        <Text size="xsmall" className="text-ui-fg-muted" data-testid="paycore-payout-settings-updated">
          Last changed {formatTime(settings.updated_at)}
          {settings.updated_by && (
            <>
              {" "}
              by <AdminUser id={settings.updated_by} />
            </>
          )}
        </Text>
      )}
    </div>
  )
}

const CurrencySummary = ({ currency, rules }: { currency: string; rules: PayoutCurrencySettings }) => {
  const limits = limitsText(effectiveLimits(rules, null), currency)
  return (
    <li
      className="bg-ui-bg-subtle flex flex-wrap items-center justify-between gap-2 rounded-md px-3 py-2"
      data-testid="paycore-payout-settings-currency"
      data-currency={currency}
    >
      <div className="flex min-w-0 flex-wrap items-center gap-2">
        <Badge size="2xsmall" className="font-mono">
          {currency}
        </Badge>
        {rules.services.map((code) => (
          <Text
            key={code}
            size="small"
            leading="compact"
            className="font-mono"
            data-testid="paycore-payout-settings-service"
          >
            {code}
            {rules.default_service === code && <span className="text-ui-fg-muted font-sans"> (default)</span>}
          </Text>
        ))}
      </div>
      <Text size="small" leading="compact" className="text-ui-fg-subtle" data-testid="paycore-payout-settings-limits">
        {limits ? `Limits: ${limits}` : "No limits of the store's own"}
      </Text>
    </li>
  )
}

// ---------------------------------------------------------------------------------------------------------------
// The form
// ---------------------------------------------------------------------------------------------------------------

const SettingsForm = ({ settings, onDone }: { settings: PayoutSettings; onDone: () => void }) => {
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
      currencies: [...draft.currencies, { currency, services: [], default_service: null, min_amount: "", max_amount: "" }],
    })
    setAdding("")
  }

  const submit = (event: React.FormEvent) => {
    event.preventDefault()
    setFormError([])
    const problems = checkSettingsDraft(draft)
    setErrors(problems)
    if (Object.keys(problems).length) {
      setFormError(["Some settings need attention; see the fields marked below."])
      return
    }
    save.mutate(updateFromDraft(draft), {
      onSuccess: () => {
        toast.success("Payout settings saved")
        onDone()
      },
      onError: (error) => {
        const { byPath, other } = splitApiErrors(errorMessage(error), (path) =>
          /^currencies\.[A-Z]{3}\.(services|default_service|min_amount|max_amount)$/.test(path)
        )
        setErrors(byPath)
        setFormError(other.length ? other : ["The settings were not saved; see the fields marked below."])
      },
    })
  }

  return (
    <form onSubmit={submit} className="flex h-full flex-col overflow-hidden" noValidate>
      <Drawer.Header>
        <Drawer.Title asChild>
          <Heading>Payout settings</Heading>
        </Drawer.Title>
      </Drawer.Header>
      <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
        {formError.length > 0 && (
          <Alert variant="error" data-testid="paycore-payout-settings-form-error">
            {formError.join("; ")}
          </Alert>
        )}

        <SwitchRow
          id="paycore-payouts-enabled"
          label="Payouts enabled"
          description="Admins can send payouts to orders and customers through PayCore."
          checked={draft.enabled}
          onChange={(enabled) => change({ enabled })}
        />
        <SwitchRow
          id="paycore-payouts-require-approval"
          label="Require a second admin's approval"
          description="A payout waits until another admin re-enters its destination and approves it."
          checked={draft.require_approval}
          onChange={(require_approval) => change({ require_approval })}
        />

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
              <div className="flex flex-1 flex-col gap-y-1">
                <Label size="small" htmlFor="paycore-payouts-add-currency">
                  Add a currency
                </Label>
                <Select value={adding || addable[0]} onValueChange={setAdding} size="small">
                  <Select.Trigger id="paycore-payouts-add-currency" data-testid="paycore-payout-settings-add-currency-select">
                    <Select.Value />
                  </Select.Trigger>
                  <Select.Content>
                    {addable.map((code) => (
                      <Select.Item key={code} value={code}>
                        {code}
                      </Select.Item>
                    ))}
                  </Select.Content>
                </Select>
              </div>
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
      </Drawer.Body>
      <Drawer.Footer>
        <Drawer.Close asChild>
          <Button type="button" size="small" variant="secondary">
            Cancel
          </Button>
        </Drawer.Close>
        <Button type="submit" size="small" isLoading={save.isPending} data-testid="paycore-payout-settings-save">
          Save
        </Button>
      </Drawer.Footer>
    </form>
  )
}

const SwitchRow = ({
  id,
  label,
  description,
  checked,
  onChange,
}: {
  id: string
  label: string
  description: string
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
    </div>
    <Switch id={id} checked={checked} onCheckedChange={onChange} data-testid={id} />
  </div>
)

const NO_DEFAULT = "__none__"

const CurrencyEditor = ({
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
  const unknown = services.error ? [] : entry.services.filter((code) => !offered.some((service) => service.code === code))

  const toggle = (code: string, on: boolean) => {
    const next = on ? [...entry.services, code] : entry.services.filter((item) => item !== code)
    const default_service =
      entry.default_service && next.includes(entry.default_service) ? entry.default_service : next.length === 1 ? next[0] : null
    onChange({ services: next, default_service })
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
                const next = [...new Set(event.target.value.split(",").map((code) => code.trim()).filter(Boolean))]
                onChange({
                  services: next,
                  default_service: entry.default_service && next.includes(entry.default_service) ? entry.default_service : null,
                })
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
            <div key={service.code} className="flex items-start gap-x-3" data-testid="paycore-payout-settings-service-option" data-service={service.code}>
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
          <div key={code} className="flex items-start gap-x-3" data-testid="paycore-payout-settings-service-option" data-service={code}>
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

      <div className="flex flex-col gap-y-1">
        <Label size="small" weight="plus" htmlFor={`paycore-default-${entry.currency}`}>
          Default service
        </Label>
        <Select
          // Radix shows the chosen item's text only if the item existed when it was chosen: remount with the list.
          key={entry.services.join(",")}
          size="small"
          value={entry.default_service ?? NO_DEFAULT}
          onValueChange={(value) => onChange({ default_service: value === NO_DEFAULT ? null : value })}
          disabled={entry.services.length === 0}
        >
          <Select.Trigger id={`paycore-default-${entry.currency}`} data-testid="paycore-payout-settings-default-service">
            <Select.Value />
          </Select.Trigger>
          <Select.Content>
            <Select.Item value={NO_DEFAULT}>None</Select.Item>
            {entry.services.map((code) => (
              <Select.Item key={code} value={code}>
                {code}
              </Select.Item>
            ))}
          </Select.Content>
        </Select>
        <FieldError message={errors[`${path}.default_service`]} />
      </div>

      <div className="grid grid-cols-2 gap-x-3">
        {(["min_amount", "max_amount"] as const).map((key) => (
          <div key={key} className="flex flex-col gap-y-1">
            <Label size="small" weight="plus" htmlFor={`paycore-${key}-${entry.currency}`}>
              {key === "min_amount" ? "Minimum payout" : "Maximum payout"}
            </Label>
            <Input
              id={`paycore-${key}-${entry.currency}`}
              size="small"
              inputMode="decimal"
              autoComplete="off"
              placeholder="No limit"
              value={entry[key]}
              onChange={(event) => onChange({ [key]: event.target.value } as Partial<CurrencyDraft>)}
              aria-invalid={Boolean(errors[`${path}.${key}`])}
              className={clx(errors[`${path}.${key}`] && "border-ui-border-error")}
              data-testid={`paycore-payout-settings-${key.replace("_amount", "")}`}
            />
            <FieldError message={errors[`${path}.${key}`]} testId={`paycore-payout-settings-${key.replace("_amount", "")}-error`} />
          </div>
        ))}
      </div>
      <Text size="xsmall" className="text-ui-fg-muted">
        Amounts in {entry.currency}, e.g. 1000 or 12.50. Leave empty for no limit of the store's own; PayCore's limits
        apply anyway.
      </Text>
    </section>
  )
}
