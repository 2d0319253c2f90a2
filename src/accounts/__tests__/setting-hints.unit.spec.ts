import { PaycoreApiError, PaycoreOutcomeUnknownError } from "../../lib/paycore"
import { settingHint } from "../setting-hints"

const refused = (status: number, field: string) =>
  new PaycoreApiError({ status, body: { error_type: "validation_error", error_codes: { [field]: ["invalid"] } } })

describe("the setting an admin is told to change when PayCore refuses a request", () => {
  const envelope = { payoutRequestFormat: "envelope" as const }
  const flat = { payoutRequestFormat: "flat" as const }

  it("names invoiceLifetimeMinutes when a payment's expires is refused", () => {
    expect(settingHint("payment", refused(422, "expires"), envelope)).toMatch(/invoiceLifetimeMinutes option to 0/)
  })

  it("names the services option when PayCore wants a payment service", () => {
    expect(settingHint("payment", refused(422, "service"), envelope)).toMatch(/services option/)
  })

  it("names the other payoutRequestFormat when a payout's body is refused", () => {
    expect(settingHint("payout", refused(422, "data.type"), envelope)).toMatch(/payoutRequestFormat option to "flat"/)
    expect(settingHint("payout", refused(422, "data"), flat)).toMatch(/payoutRequestFormat option to "envelope"/)
  })

  it("asks for the card's expiry when PayCore refuses a card payout without it", () => {
    expect(settingHint("payout", refused(422, "context.card.exp_month"), envelope)).toMatch(/enter Card expiry/)
  })

  it("names the setting when the refusal came after a lost answer (outcome unknown)", () => {
    const unknown = new PaycoreOutcomeUnknownError({
      operation: "createPaymentInvoice",
      referenceId: "payses_1",
      lastError: refused(422, "service"),
      attempts: 2,
    })
    expect(settingHint("payment", unknown, envelope)).toMatch(/services option/)
  })

  it("names nothing for other fields, other kinds, passing failures and non-PayCore errors", () => {
    expect(settingHint("payment", refused(422, "amount"), envelope)).toBeNull()
    expect(settingHint("payout", refused(422, "service"), envelope)).toBeNull()
    expect(settingHint("payment", refused(503, "service"), envelope)).toBeNull()
    expect(settingHint("payment", new Error("service"), envelope)).toBeNull()
  })
})
