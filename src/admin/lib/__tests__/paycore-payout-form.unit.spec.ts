import {
  checkAmount,
  checkField,
  compilePattern,
  currencyDigits,
  destinationBody,
  destinationText,
  effectiveLimits,
  fieldLabel,
  fieldPlaceholder,
  limitsText,
  maskValue,
  payoutStatusColor,
  splitApiErrors,
} from "../paycore-payout-form"
import { checkSettingsDraft, draftFromSettings, updateFromDraft } from "../paycore-payout-settings-draft"

const cardField = {
  key: "card_number",
  type: "string",
  label: { en: "Card number", uk: "Номер картки" },
  hint: null,
  example: "551928******0000",
  regexp: "^[0-9]{13,19}$",
  required: true,
}

describe("admin payout forms", () => {
  it("colours payout statuses: paid green, moving blue, waiting orange, failed red, canceled grey", () => {
    expect(payoutStatusColor("processed")).toBe("green")
    expect(payoutStatusColor("processing")).toBe("blue")
    expect(payoutStatusColor("pending_approval")).toBe("orange")
    expect(payoutStatusColor("unconfirmed")).toBe("orange")
    expect(payoutStatusColor("process_failed")).toBe("red")
    expect(payoutStatusColor("failed")).toBe("red")
    expect(payoutStatusColor("canceled")).toBe("grey")
    expect(payoutStatusColor("something_new")).toBe("grey")
  })

  it("takes the tighter of the store's and PayCore's limits, PayCore's given as text", () => {
    const limits = effectiveLimits(
      { min_amount: 5, max_amount: 1000 },
      { amount_min: "1.00000000", amount_max: "50000.00000000" }
    )
    expect(limits).toEqual({ min: { value: 5, source: "settings" }, max: { value: 1000, source: "settings" } })
    expect(effectiveLimits({ min_amount: null, max_amount: 100_000 }, { amount_min: 1, amount_max: 50_000 })).toEqual({
      min: { value: 1, source: "paycore" },
      max: { value: 50_000, source: "paycore" },
    })
    expect(effectiveLimits(null, null)).toEqual({ min: null, max: null })
    expect(limitsText(limits, "usd")).toBe("$5.00 – $1,000.00")
    expect(limitsText({ min: null, max: { value: 10, source: "paycore" } }, "usd")).toBe("up to $10.00")
  })

  it("checks amounts: a number, positive, the currency's decimals, within the limits (naming whose limit)", () => {
    const limits = effectiveLimits({ min_amount: 5, max_amount: 1000 }, { amount_min: 1, amount_max: 50_000 })
    expect(checkAmount("42.50", "USD", limits)).toEqual({ amount: 42.5, error: null })
    expect(checkAmount("", "USD", limits).error).toMatch(/Enter the amount/)
    expect(checkAmount("ten", "USD", limits).error).toMatch(/Enter a number/)
    expect(checkAmount("1,000", "USD", limits).error).toMatch(/Enter a number/)
    expect(checkAmount("0", "USD", limits).error).toMatch(/greater than 0/)
    expect(checkAmount("10.555", "USD", limits).error).toBe("USD has 2 decimal digits")
    expect(checkAmount("10.5", "JPY", { min: null, max: null }).error).toBe("JPY has no decimals")
    expect(checkAmount("2", "USD", limits).error).toBe("Below the minimum payout of $5.00 (set in the payout settings)")
    expect(checkAmount("5000", "USD", limits).error).toBe(
      "Above the maximum payout of $1,000.00 (set in the payout settings)"
    )
    expect(checkAmount("60000", "USD", effectiveLimits(null, { amount_min: 1, amount_max: 50_000 })).error).toBe(
      "Above the maximum payout of $50,000.00 (PayCore's limit for this service)"
    )
    expect(currencyDigits("KWD")).toBe(3)
    expect(currencyDigits("NOPE")).toBe(2)
  })

  it("checks destination fields with PayCore's rules, card numbers typed with spaces", () => {
    expect(fieldLabel(cardField)).toBe("Card number")
    expect(fieldLabel(cardField, "uk-UA")).toBe("Номер картки")
    expect(fieldLabel({ key: "iban_code", label: null })).toBe("Iban code")
    expect(checkField(cardField, "5519 2838 1203 0000")).toBeNull()
    expect(checkField(cardField, "5519-2838-1203-0000")).toBeNull()
    expect(checkField(cardField, "")).toBe("Card number is required")
    expect(checkField({ ...cardField, required: false }, "")).toBeNull()
    expect(checkField(cardField, "1234")).toMatch(/^Card number must be a card number of 13 to 19 digits/)
    expect(checkField({ ...cardField, key: "iban", label: null, regexp: "/^UA\\d{27}$/i" }, "DE12")).toMatch(
      /^Iban does not have the format PayCore expects/
    )
    expect(compilePattern("/^ua\\d+$/i")!.test("UA12")).toBe(true)
    expect(compilePattern("(?<=unsupported")).toBeNull()
    expect(
      destinationBody([cardField, { ...cardField, key: "holder", required: false }], {
        card_number: " 5519 2838 1203 0000 ",
        holder: "",
      })
    ).toEqual({
      card_number: "5519283812030000",
    })
    expect(fieldPlaceholder(cardField)).toBeUndefined()
    expect(fieldPlaceholder({ example: "UA213223130000026007233566001" })).toBe("UA213223130000026007233566001")
  })

  it("masks destinations like the server: card first 6 and last 4, long values too, short ones hidden", () => {
    expect(maskValue("card_number", "5519283812030000")).toBe("551928******0000")
    expect(maskValue("account", "UA213223130000026007233566001")).toBe("UA2132*******************6001")
    expect(maskValue("account", "12345678")).toBe("****5678")
    expect(maskValue("account", "1234")).toBe("****")
    expect(destinationText({ card_number: "551928******0000" })).toBe("551928******0000")
    expect(destinationText({ iban: "****1234", name: "****" }, { iban: "IBAN" })).toBe("IBAN ****1234 · Name ****")
  })

  it("puts the API's errors next to their fields", () => {
    const message =
      "amount: above the maximum payout of 1000 USD set in the payout settings; fields.card_number: does not have the format payment_card_usd expects (^[0-9]{13,19}$); PayCore said no"
    const split = splitApiErrors(message, (path) => path === "amount" || path.startsWith("fields."))
    expect(split.byPath).toEqual({
      amount: "above the maximum payout of 1000 USD set in the payout settings",
      "fields.card_number": "does not have the format payment_card_usd expects (^[0-9]{13,19}$)",
    })
    expect(split.other).toEqual(["PayCore said no"])
  })

  it("edits the settings as a draft, checked like the API checks them", () => {
    const settings = {
      enabled: true,
      require_approval: false,
      currencies: {
        USD: { services: ["payment_card_usd"], default_service: "payment_card_usd", min_amount: 5, max_amount: 1000 },
      },
      updated_by: null,
      updated_at: null,
      pending_change: null,
      change_log: [],
    }
    const draft = draftFromSettings(settings)
    expect(draft.currencies[0]).toEqual({
      currency: "USD",
      services: ["payment_card_usd"],
      default_service: "payment_card_usd",
      min_amount: "5",
      max_amount: "1000",
    })
    expect(checkSettingsDraft(draft)).toEqual({})
    expect(updateFromDraft(draft)).toEqual({ enabled: true, require_approval: false, currencies: settings.currencies })
    // Against the saved settings, an unchanged require_approval is left out (it would withdraw a pending switch-off).
    expect(updateFromDraft(draft, { require_approval: false })).toEqual({
      enabled: true,
      currencies: settings.currencies,
    })
    expect(updateFromDraft({ ...draft, require_approval: true }, { require_approval: false }).require_approval).toBe(
      true
    )

    const bad = {
      ...draft,
      currencies: [
        { currency: "USD", services: [], default_service: "payment_card_usd", min_amount: "10", max_amount: "5" },
        {
          currency: "EUR",
          services: ["payment_card_eur"],
          default_service: null,
          min_amount: "1.555",
          max_amount: "abc",
        },
      ],
    }
    expect(checkSettingsDraft(bad)).toEqual({
      "currencies.USD.services": "Allow at least one payout service",
      "currencies.USD.default_service": "The default service must be one of the allowed services",
      "currencies.USD.max_amount": "The maximum must not be smaller than the minimum",
      "currencies.EUR.min_amount": "EUR has 2 decimal digits",
      "currencies.EUR.max_amount": "Enter an amount greater than 0, or leave it empty for no limit",
    })
    expect(
      updateFromDraft({
        ...draft,
        currencies: [{ currency: "eur", services: ["x"], default_service: "y", min_amount: "", max_amount: " 7.5 " }],
      }).currencies
    ).toEqual({ EUR: { services: ["x"], default_service: null, min_amount: null, max_amount: 7.5 } })
  })
})
