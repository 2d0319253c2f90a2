import { startSandbox, type Sandbox, type SandboxProfileName } from "../../../../sandbox/src"
import { PaycoreClient } from "../client"
import { PaycoreApiError, PaycoreErrorCode, PaycoreOutcomeUnknownError, PaycoreReferenceLookupError } from "../errors"
import { readPaymentInvoice } from "../read-invoice"

/**
 * Lookups by reference (`filter[reference_id]`, known only from third-party code: docs/paycore-notes.md, "Payment
 * invoices") against a sandbox that supports, ignores or refuses the filter (`referenceFilter`). The client never
 * adopts another reference's invoice, and never takes "the filter does not work" for "no such invoice".
 */
describe("PaycoreClient lookups by reference, whatever PayCore does with filter[reference_id]", () => {
  let sandbox: Sandbox
  const clients: PaycoreClient[] = []
  const requestLog: string[] = []
  const answers = (route: string) =>
    requestLog.filter((line) => line.startsWith(`${route} `)).map((line) => line.split(" ")[2])

  function client(): PaycoreClient {
    const instance = new PaycoreClient({
      baseUrl: sandbox.url,
      accountId: sandbox.config.accountId,
      apiKey: sandbox.config.apiKey,
      publicKey: sandbox.config.testPublicKey,
      timeoutMs: 2_000,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    })
    clients.push(instance)
    return instance
  }

  let sequence = 0
  const reference = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${++sequence}`
  const newInvoice = (referenceId: string, amount = 25) => ({
    reference_id: referenceId,
    service: "payment_card_usd_hpp",
    currency: "USD",
    amount,
    test_mode: true,
  })
  const newPayout = (referenceId: string) => ({
    reference_id: referenceId,
    service: "payment_card_usd",
    currency: "USD",
    amount: 10,
    test_mode: true,
    fields: { card_number: "5519283812030000" },
  })

  /** Creates a few invoices and payouts under other references, so an ignored filter has something to list. */
  async function otherInvoices(): Promise<void> {
    const paycore = client()
    for (let i = 0; i < 3; i++) {
      await paycore.createPaymentInvoice(newInvoice(reference("other")))
      await paycore.createPayoutInvoice(newPayout(reference("other_payout")))
    }
  }

  function use(profile: SandboxProfileName): void {
    sandbox.applyProfile(profile)
  }

  beforeAll(async () => {
    sandbox = await startSandbox(
      { port: 0, controls: true, expirySweepIntervalMs: 0, logRequests: true },
      { env: {}, log: (line) => requestLog.push(line) }
    )
  })

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((instance) => instance.close()))
    sandbox.clearFaults()
    sandbox.applyProfile("documented")
    requestLog.length = 0
  })

  afterAll(async () => {
    await sandbox.close()
  })

  describe("supported (PayCore filters)", () => {
    beforeEach(() => sandbox.updateConfig({ referenceFilter: "supported" }))

    it("finds the invoice and the payout with the reference, and answers null for a reference nobody used", async () => {
      const paycore = client()
      const invoice = await paycore.createPaymentInvoice(newInvoice(reference("payses")))
      const payout = await paycore.createPayoutInvoice(newPayout(reference("payout")))

      await expect(paycore.findPaymentInvoiceByReference(invoice.attributes.reference_id!)).resolves.toMatchObject({
        id: invoice.id,
      })
      await expect(paycore.findPayoutInvoiceByReference(payout.attributes.reference_id!)).resolves.toMatchObject({
        id: payout.id,
      })
      await expect(paycore.findPaymentInvoiceByReference(reference("nobody"))).resolves.toBeNull()
      await expect(readPaymentInvoice(paycore, { referenceId: reference("nobody") })).resolves.toBeNull()
    })
  })

  describe("ignored (PayCore lists the account's invoices unfiltered)", () => {
    beforeEach(async () => {
      use("reference-filter-ignored")
      await otherInvoices()
      requestLog.length = 0
    })

    it("returns the invoice with the asked reference, never the newest one of another reference", async () => {
      const paycore = client()
      const asked = await paycore.createPaymentInvoice(newInvoice(reference("asked")))
      await paycore.createPaymentInvoice(newInvoice(reference("newer")))

      const found = await paycore.findPaymentInvoiceByReference(asked.attributes.reference_id!)

      expect(found).toMatchObject({ id: asked.id, attributes: { reference_id: asked.attributes.reference_id } })
    })

    it("answers an unlisted reference with PaycoreReferenceLookupError (unknown), not null, after one request", async () => {
      const ref = reference("nobody")

      const payment = await client()
        .findPaymentInvoiceByReference(ref)
        .catch((caught: unknown) => caught)
      const payout = await client()
        .findPayoutInvoiceByReference(ref)
        .catch((caught: unknown) => caught)

      for (const error of [payment, payout]) {
        expect(error).toBeInstanceOf(PaycoreReferenceLookupError)
        expect(error).toMatchObject({
          code: PaycoreErrorCode.REFERENCE_LOOKUP_UNAVAILABLE,
          kind: "ignored",
          attempts: 1,
        })
        expect((error as Error).message).toContain(`reference_id "${ref}"`)
        expect((error as Error).message).toContain("dashboard")
      }
      expect(answers("GET /api/payment-invoices")).toEqual(["200"])
      expect(answers("GET /api/payout-invoices")).toEqual(["200"])
    })

    it("reads an invoice by its stored id, and by reference alone says unknown instead of 'no such invoice'", async () => {
      const paycore = client()
      const invoice = await paycore.createPaymentInvoice(newInvoice(reference("payses")))

      await expect(
        readPaymentInvoice(paycore, { invoiceId: invoice.id, referenceId: reference("nobody") })
      ).resolves.toMatchObject({ id: invoice.id })
      await expect(readPaymentInvoice(paycore, { referenceId: reference("nobody") })).rejects.toBeInstanceOf(
        PaycoreReferenceLookupError
      )
    })

    it("returns the one invoice when a create is applied, its answer lost, and the re-send refused as a duplicate", async () => {
      sandbox.updateConfig({ duplicateReferenceStatus: 409 })
      const ref = reference("payses")
      sandbox.addFault({ method: "POST", path: "/api/payment-invoices", kind: "drop", phase: "after" })

      const invoice = await client().createPaymentInvoice(newInvoice(ref))

      expect(sandbox.findPaymentInvoiceByReference(ref)?.data).toMatchObject({ id: invoice.id })
      expect(invoice.attributes.reference_id).toBe(ref)
    })

    it("still reports a reference used before this call as a duplicate (the unfiltered page lists it)", async () => {
      sandbox.updateConfig({ duplicateReferenceStatus: 409 })
      const paycore = client()
      const ref = reference("payses")
      await paycore.createPaymentInvoice(newInvoice(ref))

      const error = await paycore.createPaymentInvoice(newInvoice(ref)).catch((caught: unknown) => caught)

      expect(error).toMatchObject({ status: 409, isDuplicateReference: true })
    })

    it("keeps a validation error (422) a 422, saying that the reference could not be checked", async () => {
      const ref = reference("payses")

      const error = await client()
        .createPaymentInvoice({ ...newInvoice(ref), currency: "GBP", service: undefined })
        .catch((caught: unknown) => caught)

      expect(error).toBeInstanceOf(PaycoreApiError)
      expect(error).toMatchObject({ status: 422, isDuplicateReference: false, attempts: 1 })
      expect((error as PaycoreApiError).referenceLookup?.kind).toBe("ignored")
      expect((error as Error).message).toContain(`reference_id "${ref}"`)
      expect(answers("POST /api/payment-invoices")).toEqual(["422"])
    })
  })

  describe("refused (PayCore answers the filter with a 4xx)", () => {
    beforeEach(() => use("reference-filter-refused"))

    it("answers a lookup with PaycoreReferenceLookupError naming the reference, once, without retrying", async () => {
      const ref = reference("payses")

      const payment = await client()
        .findPaymentInvoiceByReference(ref)
        .catch((caught: unknown) => caught)
      const payout = await client()
        .findPayoutInvoiceByReference(ref)
        .catch((caught: unknown) => caught)

      for (const error of [payment, payout]) {
        expect(error).toBeInstanceOf(PaycoreReferenceLookupError)
        expect(error).toMatchObject({ kind: "refused", status: 400, attempts: 1, referenceId: ref })
        expect((error as Error).message).toContain("refused a lookup by reference")
        expect((error as Error).message).toContain("dashboard")
        expect((error as PaycoreReferenceLookupError).cause).toBeInstanceOf(PaycoreApiError)
      }
      expect(answers("GET /api/payment-invoices")).toEqual(["400"])
      expect(answers("GET /api/payout-invoices")).toEqual(["400"])
    })

    it("reads an invoice by its stored id, and by reference alone says unknown instead of 'no such invoice'", async () => {
      const paycore = client()
      const invoice = await paycore.createPaymentInvoice(newInvoice(reference("payses")))

      await expect(
        readPaymentInvoice(paycore, { invoiceId: invoice.id, referenceId: invoice.attributes.reference_id! })
      ).resolves.toMatchObject({ id: invoice.id })
      await expect(
        readPaymentInvoice(paycore, { referenceId: invoice.attributes.reference_id! })
      ).rejects.toMatchObject({ code: PaycoreErrorCode.REFERENCE_LOOKUP_UNAVAILABLE, kind: "refused" })
    })

    it("answers a create refused as a duplicate (409) with that 409, saying the reference must be checked in PayCore's dashboard", async () => {
      sandbox.updateConfig({ duplicateReferenceStatus: 409 })
      const paycore = client()
      const ref = reference("payses")
      await paycore.createPaymentInvoice(newInvoice(ref))
      requestLog.length = 0

      const error = await paycore.createPaymentInvoice(newInvoice(ref)).catch((caught: unknown) => caught)

      expect(error).toBeInstanceOf(PaycoreApiError)
      expect(error).toMatchObject({ status: 409, isDuplicateReference: false, attempts: 1 })
      expect((error as PaycoreApiError).referenceLookup).toMatchObject({ kind: "refused", referenceId: ref })
      expect((error as Error).message).toContain(`reference_id "${ref}" was already used could not be checked`)
      expect((error as Error).message).toContain("PayCore refused a lookup by reference")
      expect((error as Error).message).toContain("check PayCore's dashboard")
      expect(answers("POST /api/payment-invoices")).toEqual(["409"])
      expect(answers("GET /api/payment-invoices")).toEqual(["400"])
    })

    it("answers a payout refused as a duplicate (422) the same way", async () => {
      sandbox.updateConfig({ duplicateReferenceStatus: 422 })
      const paycore = client()
      const payout = newPayout(reference("payout"))
      await paycore.createPayoutInvoice(payout)

      const error = await paycore.createPayoutInvoice(payout).catch((caught: unknown) => caught)

      expect(error).toMatchObject({ status: 422, isDuplicateReference: false, attempts: 1 })
      expect((error as PaycoreApiError).referenceLookup?.kind).toBe("refused")
      expect((error as Error).message).toContain(payout.reference_id)
    })

    it("treats PayCore's documented 429 as a possible rate limit: re-sends, asks the refused lookup once, then says only the dashboard can tell", async () => {
      const paycore = client()
      const ref = reference("payses")
      await paycore.createPaymentInvoice(newInvoice(ref))
      requestLog.length = 0

      const error = await paycore.createPaymentInvoice(newInvoice(ref)).catch((caught: unknown) => caught)

      expect(error).toBeInstanceOf(PaycoreOutcomeUnknownError)
      expect((error as PaycoreOutcomeUnknownError).referenceLookup?.kind).toBe("refused")
      expect((error as Error).message).toContain(`reference_id "${ref}"`)
      expect((error as Error).message).toContain("dashboard")
      expect(answers("POST /api/payment-invoices")).toEqual(["429", "429", "429"])
      expect(answers("GET /api/payment-invoices")).toEqual(["400"])
    })

    it("re-sends a create whose answer was lost before PayCore applied it, and creates it once", async () => {
      const ref = reference("payses")
      sandbox.addFault({ method: "POST", path: "/api/payment-invoices", kind: "drop", phase: "before" })

      const invoice = await client().createPaymentInvoice(newInvoice(ref))

      expect(sandbox.findPaymentInvoiceByReference(ref)?.data).toMatchObject({ id: invoice.id })
      expect(answers("POST /api/payment-invoices")).toEqual(["dropped", "201"])
    })

    it("reports a create applied with its answer lost as unconfirmed, naming the reference, and never creates a second", async () => {
      sandbox.updateConfig({ duplicateReferenceStatus: 409 })
      const ref = reference("payses")
      sandbox.addFault({ method: "POST", path: "/api/payment-invoices", kind: "drop", phase: "after" })

      const error = await client()
        .createPaymentInvoice(newInvoice(ref))
        .catch((caught: unknown) => caught)

      expect(error).toBeInstanceOf(PaycoreOutcomeUnknownError)
      expect(error).toMatchObject({ referenceId: ref, referenceLookup: { kind: "refused" } })
      expect((error as Error).message).toContain("dashboard")
      expect(answers("POST /api/payment-invoices")).toEqual(["applied+dropped", "409"])
      expect(sandbox.findPaymentInvoiceByReference(ref)).toBeDefined()
    })

    it("still recognises a duplicate refund: its lookup reads the invoice by id, not by reference", async () => {
      sandbox.updateConfig({ duplicateReferenceStatus: 409 })
      const paycore = client()
      const invoice = await paycore.createPaymentInvoice(newInvoice(reference("payses"), 100))
      sandbox.payInvoice(invoice.id)
      const refund = { amount: 10, reference_id: reference("refund") }
      await paycore.refundPaymentInvoice(invoice.id, refund)

      const error = await paycore.refundPaymentInvoice(invoice.id, refund).catch((caught: unknown) => caught)

      expect(error).toMatchObject({ status: 409, isDuplicateReference: true })
    })
  })
})
