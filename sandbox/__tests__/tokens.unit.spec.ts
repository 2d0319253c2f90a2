import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Sandbox } from "../src"
import { CallbackReceiver, call, createInvoice, invoiceBody, localPath, start, submitCard } from "./helpers"

/** Saved cards: tokenize, charges by token, refusals and the token controls (README "Saved cards (tokens)"). */
describe("saved cards (tokens)", () => {
  let sandbox: Sandbox
  let receiver: CallbackReceiver
  beforeAll(async () => {
    receiver = await new CallbackReceiver().start()
    sandbox = await start({ callbackUrl: receiver.url })
  })
  afterAll(async () => {
    await sandbox.close()
    await receiver.close()
  })
  afterEach(() => {
    sandbox.applyProfile("documented")
  })

  let customers = 0
  /** A customer reference no other test uses. */
  const newCustomer = () => `cus_tok_${++customers}`
  const callbacksOf = async (id: string) => {
    await sandbox.callbacksIdle()
    return receiver.received.filter((c) => c.json.data.id === id)
  }
  const statusesOf = async (id: string) => (await callbacksOf(id)).map((c) => c.json.data.attributes.status)
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const attributesOf = (id: string) => sandbox.getPaymentInvoice(id)!.data.attributes as Record<string, any>
  const tokenize = { cardgate: { tokenize: true } }
  const instant = { cardgate: { instant: true } }

  /** Pays a tokenize invoice on the HPP (3-D Secure step included) and returns the invoice id. */
  const payWithTokenize = async (
    customer: string | null,
    options: { card?: string; expiry?: string; attributes?: Record<string, unknown> } = {}
  ) => {
    const doc = await createInvoice(sandbox, {
      ...(customer ? { customer: { reference_id: customer } } : {}),
      gateway_options: tokenize,
      ...options.attributes,
    })
    const id = doc.data.id as string
    const res = await submitCard(sandbox, id, options.card ?? "5519283812030000", options.expiry ?? "12/30")
    if (String(res.headers.location).includes("/hpp/3ds")) {
      await call(sandbox, "POST", "/hpp/3ds", { form: { cpi: id, code: "1234" } })
    }
    return id
  }
  const saveCard = async (customer: string, options: { card?: string; expiry?: string; testMode?: boolean } = {}) => {
    const id = await payWithTokenize(customer, { ...options, attributes: { test_mode: options.testMode ?? true } })
    const token = attributesOf(id).payload.token as string
    expect(token).toMatch(/^[A-Za-z0-9]{32,}$/)
    return token
  }
  const createWithToken = (token: string, customer: string, attributes: Record<string, unknown> = {}) =>
    call(sandbox, "POST", "/api/payment-invoices", {
      json: invoiceBody({ token, customer: { reference_id: customer }, gateway_options: instant, ...attributes }),
    })

  describe("tokenize", () => {
    it("a card paid on the HPP with tokenize + customer.reference_id is saved: payload.token and payment_card in the processed callback and GET", async () => {
      const customer = newCustomer()
      const id = await payWithTokenize(customer, { attributes: { customer: { reference_id: customer, name: "Jane" } } })

      const callbacks = await callbacksOf(id)
      expect(callbacks.map((c) => c.json.data.attributes.status)).toEqual(["processing", "processed"])
      const processed = callbacks[1].json.data.attributes.payload
      expect(processed.token).toMatch(/^[A-Za-z0-9]{32,}$/)
      expect(callbacks[0].json.data.attributes.payload.token).toBeUndefined()
      expect(processed.payment_card).toEqual({
        first: "551928",
        last: "0000",
        mask: "551928******0000",
        brand: "mastercard",
        holder: "JANE DOE",
        expiry_month: "12",
        expiry_year: "30",
        issuer_name: "FIRST DATA CORPORATION",
        issuer_country: "US",
      })
      const read = await call(sandbox, "GET", `/api/payment-invoices/${id}`)
      expect(read.json.data.attributes.payload).toEqual(processed)
      expect(JSON.stringify(sandbox.getInvoiceState(id))).not.toContain("5519283812030000")
    })

    it("the same card and customer give the same token; another card or another customer another token", async () => {
      const customer = newCustomer()
      const first = await saveCard(customer)
      expect(await saveCard(customer)).toBe(first)
      expect(await saveCard(customer, { card: "5123817234060000" })).not.toBe(first)
      expect(await saveCard(newCustomer())).not.toBe(first)
      expect(sandbox.listTokens({ customerReferenceId: customer })).toHaveLength(2)
    })

    it("without tokenize or without customer.reference_id: no token, the payload as before (4-digit year, no issuer)", async () => {
      const plain = await createInvoice(sandbox, { customer: { reference_id: newCustomer() } })
      await submitCard(sandbox, plain.data.id, "5519283812030000")
      const noCustomer = await payWithTokenize(null)
      for (const id of [plain.data.id, noCustomer]) {
        const payload = attributesOf(id).payload
        expect(Object.keys(payload).sort()).toEqual(["client_ip", "payment_card"])
        expect(payload.payment_card).toMatchObject({ expiry_year: "2030", issuer_name: null, issuer_country: null })
      }
    })

    it("a 3-D Secure card is saved after its 3DS step; a declined or pending payment saves nothing", async () => {
      const customer = newCustomer()
      const threeDs = await payWithTokenize(customer, { card: "5123817234060000" })
      expect(attributesOf(threeDs)).toMatchObject({ status: "processed", payload: { token: expect.any(String) } })
      const declined = await payWithTokenize(customer, { card: "4302912837020000" })
      const pending = await payWithTokenize(customer, { expiry: "07/77" })
      expect(attributesOf(declined)).toMatchObject({ status: "process_failed" })
      expect(attributesOf(pending)).toMatchObject({ status: "process_pending" })
      for (const id of [declined, pending]) expect(attributesOf(id).payload.token).toBeUndefined()
      // The pending payment completed later (control) saves its card then.
      sandbox.payInvoice(pending)
      expect(attributesOf(pending).payload.token).toMatch(/^[A-Za-z0-9]{32,}$/)
      expect(sandbox.listTokens({ customerReferenceId: customer }).map((t) => t.mask)).toEqual([
        "512381******0000",
        "551928******0000",
      ])
    })

    it("tokens are per mode: a test-mode token does not pay a live invoice, nor a live token a test one", async () => {
      const customer = newCustomer()
      const test = await saveCard(customer)
      const live = await saveCard(customer, { testMode: false })
      expect(live).not.toBe(test)
      expect(sandbox.listTokens({ customerReferenceId: customer }).map((t) => t.mode)).toEqual(["test", "live"])
      const testOnLive = await createWithToken(test, customer, { test_mode: false })
      expect(testOnLive.status).toBe(422)
      expect(testOnLive.json.error_codes[0].message).toBe("token was saved in test mode; this invoice is in live mode")
      const liveOnTest = await createWithToken(live, customer, { test_mode: true })
      expect(liveOnTest.status).toBe(422)
      expect((await createWithToken(live, customer, { test_mode: false })).json.data.attributes.status).toBe(
        "processed"
      )
    })
  })

  describe("charge by token with instant", () => {
    it('tokenChargeFlow "sync" (default): the create answer is processed, with payment_card and the token; callbacks as for a card payment', async () => {
      const customer = newCustomer()
      const token = await saveCard(customer)
      const res = await createWithToken(token, customer, { amount: 12.5 })
      expect(res.status).toBe(201)
      const attributes = res.json.data.attributes
      expect(attributes).toMatchObject({ status: "processed", resolution: "ok", processed_amount: 12.5, flow_data: [] })
      expect(attributes.payload.token).toBe(token)
      expect(attributes.payload.payment_card).toMatchObject({ mask: "551928******0000", expiry_year: "30" })
      const callbacks = await callbacksOf(res.json.data.id)
      expect(callbacks.map((c) => c.json.data.attributes.status)).toEqual(["processing", "processed"])
      expect(callbacks[1].json.data.attributes.payload.token).toBe(token)
    })

    it('tokenChargeFlow "async" (profile token-charge-async): the create answer is processing, processed follows by callback', async () => {
      const customer = newCustomer()
      const token = await saveCard(customer)
      sandbox.applyProfile("token-charge-async")
      const res = await createWithToken(token, customer)
      expect(res.status).toBe(201)
      expect(res.json.data.attributes).toMatchObject({ status: "processing", processed_amount: null })
      expect(res.json.data.attributes.payload.token).toBe(token)
      expect(await statusesOf(res.json.data.id)).toEqual(["processing", "processed"])
      expect(attributesOf(res.json.data.id)).toMatchObject({ status: "processed", processed_amount: 49.9 })
    })

    it('tokenChargeFlow "hpp" (profile token-charge-hpp): created; the HPP asks only for the CVV, then 3-D Secure for a 3DS card', async () => {
      const customer = newCustomer()
      const token = await saveCard(customer, { card: "5123817234060000", expiry: "11/31" })
      sandbox.applyProfile("token-charge-hpp")
      const res = await createWithToken(token, customer)
      expect(res.json.data.attributes).toMatchObject({ status: "created", payload: [] })
      const id = res.json.data.id
      const action = res.json.data.attributes.flow_data.action
      const page = await call(sandbox, "GET", localPath(action))
      expect(page.text).toContain('data-testid="saved-card-form"')
      const paid = await call(sandbox, "POST", "/hpp/pay", { form: { cpi: id, card_cvv: "321" } })
      expect(paid.status).toBe(303)
      expect(paid.headers.location).toBe(`${sandbox.url}/hpp/3ds?cpi=${id}`)
      await call(sandbox, "POST", "/hpp/3ds", { form: { cpi: id, code: "1234" } })
      expect(attributesOf(id)).toMatchObject({ status: "processed", payload: { token } })
      expect(await statusesOf(id)).toEqual(["processing", "processed"])
    })

    it("follows the test-card table with the saved expiry: 07/77 pending; a failing card saved by the controls declines", async () => {
      const customer = newCustomer()
      const pending = sandbox.saveCardToken({
        customerReferenceId: customer,
        cardNumber: "5519283812030000",
        expiry: "07/77",
      })
      const failing = sandbox.saveCardToken({
        customerReferenceId: customer,
        cardNumber: "4302912837020000",
        expiry: "08/56",
      })
      expect((await createWithToken(pending.token, customer)).json.data.attributes).toMatchObject({
        status: "process_pending",
        resolution: "auth_3ds_required",
      })
      expect((await createWithToken(failing.token, customer)).json.data.attributes).toMatchObject({
        status: "process_failed",
        resolution: "access_denied",
        payload: { payment_card: { brand: "visa", mask: "430291******0000" } },
      })
    })
  })

  describe("token without instant", () => {
    it("the HPP shows the saved card (brand, mask, expiry) pre-filled and only a CVV field; submitting pays with it", async () => {
      const customer = newCustomer()
      const token = await saveCard(customer)
      const res = await createWithToken(token, customer, {
        gateway_options: { cardgate: { restrict_saved_cards: true } },
      })
      expect(res.json.data.attributes.status).toBe("created")
      const id = res.json.data.id
      const page = await call(sandbox, "GET", `/hpp/?cpi=${id}`)
      expect(page.status).toBe(200)
      expect(page.text).toContain('<span data-testid="saved-card-brand" data-brand="mastercard">Mastercard</span>')
      expect(page.text).toContain('data-testid="saved-card-number" value="551928******0000" readonly')
      expect(page.text).toContain('data-testid="saved-card-expiry" value="12/30" readonly')
      expect(page.text).toContain('<input id="card_cvv" name="card_cvv" data-testid="card-cvv"')
      expect(page.text).toContain('data-testid="pay-button">Pay 49.90 USD</button>')
      const named = [...page.text.matchAll(/<(?:input|select|textarea|button)\b[^>]*\bname="([^"]+)"/g)]
      expect(named.map((m) => m[1])).toEqual(["cpi", "card_cvv", "cpi"])
      expect(page.text).not.toContain(token)

      const bad = await call(sandbox, "POST", "/hpp/pay", { form: { cpi: id, card_cvv: "1" } })
      expect(bad.status).toBe(422)
      expect(bad.text).toContain("CVV must have 3 or 4 digits")
      const paid = await call(sandbox, "POST", "/hpp/pay", { form: { cpi: id, card_cvv: "123" } })
      expect(paid.status).toBe(303)
      expect(attributesOf(id)).toMatchObject({ status: "processed", payload: { token } })
      expect(sandbox.getInvoiceState(id).invoice).toMatchObject({
        cardOptions: { token, instant: false, tokenize: false, restrictSavedCards: true },
      })
    })

    it("a token revoked after the invoice was created fails it on CVV submit (invalid_card)", async () => {
      const customer = newCustomer()
      const token = await saveCard(customer)
      const res = await createWithToken(token, customer, { gateway_options: {} })
      sandbox.revokeTokens({ token })
      await call(sandbox, "POST", "/hpp/pay", { form: { cpi: res.json.data.id, card_cvv: "123" } })
      expect(attributesOf(res.json.data.id)).toMatchObject({ status: "process_failed", resolution: "invalid_card" })
    })
  })

  describe("token errors", () => {
    /** One token of each refused kind: unknown, revoked, another customer's, another mode's. */
    const refusedCases = async () => {
      const customer = newCustomer()
      const revoked = await saveCard(customer, { card: "5123817234060000" })
      sandbox.revokeTokens({ token: revoked })
      const others = await saveCard(newCustomer())
      const live = await saveCard(customer, { testMode: false })
      return {
        customer,
        cases: [
          ["unknown", "NoSuchToken0000000000000000000000", "token is not a saved card of this account"],
          ["revoked", revoked, "token has been revoked"],
          ["another customer's", others, "token was saved for another customer.reference_id"],
          ["another mode's", live, "token was saved in live mode; this invoice is in test mode"],
        ],
      }
    }

    it("tokenRefusal \"create_422\" (default): unknown, revoked, another customer's or mode's token answers 422 invalid_token naming token; nothing is created", async () => {
      const { customer, cases } = await refusedCases()
      for (const [, token, message] of cases) {
        const reference = `refused_${token}`
        const res = await createWithToken(token, customer, { reference_id: reference })
        expect(res.status).toBe(422)
        expect(res.json).toEqual({
          request_id: res.headers["x-request-id"],
          error_type: "validation_error",
          error_codes: [{ code: "invalid_token", field: "token", message }],
        })
        expect(sandbox.findPaymentInvoiceByReference(reference)).toBeUndefined()
      }
    })

    it('tokenRefusal "invoice_failed" (profile token-refusal-invoice-failed): created, then process_failed / invalid_card with callbacks', async () => {
      const { customer, cases } = await refusedCases()
      sandbox.applyProfile("token-refusal-invoice-failed")
      for (const [kind, token] of cases) {
        const res = await createWithToken(token, customer)
        expect([kind, res.status]).toEqual([kind, 201])
        expect(res.json.data.attributes).toMatchObject({ status: "process_failed", resolution: "invalid_card" })
        expect(await statusesOf(res.json.data.id)).toEqual(["processing", "process_failed"])
      }
    })

    it("an expired saved card: created and process_failed / card_expired with either tokenRefusal", async () => {
      const customer = newCustomer()
      const token = await saveCard(customer)
      const expired = sandbox.expireToken(token)
      expect(expired).toMatchObject({ token, expired: true, revoked: false })
      for (const profile of ["documented", "token-refusal-invoice-failed"]) {
        sandbox.applyProfile(profile)
        const res = await createWithToken(token, customer)
        expect([profile, res.status]).toEqual([profile, 201])
        expect(res.json.data.attributes).toMatchObject({
          status: "process_failed",
          resolution: "card_expired",
          payload: { token, payment_card: { expiry_month: expired.expiryMonth, expiry_year: expired.expiryYear } },
        })
        expect(await statusesOf(res.json.data.id)).toEqual(["processing", "process_failed"])
      }
    })

    it("with tokenChargeFlow async a refused or expired token fails after processing", async () => {
      const customer = newCustomer()
      const token = await saveCard(customer)
      sandbox.expireToken(token)
      sandbox.applyProfile("token-charge-async")
      const res = await createWithToken(token, customer)
      expect(res.json.data.attributes.status).toBe("processing")
      expect(await statusesOf(res.json.data.id)).toEqual(["processing", "process_failed"])
      expect(attributesOf(res.json.data.id).resolution).toBe("card_expired")
    })

    it("refuses recurrent, a token without customer.reference_id or card service, instant without token, non-boolean flags", async () => {
      const fieldsOf = async (attributes: Record<string, unknown>) => {
        const res = await call(sandbox, "POST", "/api/payment-invoices", { json: invoiceBody(attributes) })
        expect(res.status).toBe(422)
        return res.json.error_codes.map((c: { field: string; code: string }) => `${c.field} ${c.code}`)
      }
      expect(await fieldsOf({ recurrent: true })).toEqual(["recurrent not_allowed"])
      expect(await fieldsOf({ gateway_options: { cardgate: { recurrent: true } } })).toEqual([
        "gateway_options.cardgate.recurrent not_allowed",
      ])
      expect(await fieldsOf({ token: "abc", gateway_options: instant })).toEqual(["customer.reference_id required"])
      expect(
        await fieldsOf({
          token: "abc",
          customer: { reference_id: "c" },
          service: "paypal_usd_hpp",
          gateway_options: instant,
        })
      ).toEqual(["service invalid"])
      expect(await fieldsOf({ customer: { reference_id: "c" }, gateway_options: instant })).toEqual(["token required"])
      expect(await fieldsOf({ gateway_options: { cardgate: { tokenize: "yes" } } })).toEqual([
        "gateway_options.cardgate.tokenize invalid_type",
      ])
      expect(await fieldsOf({ token: 42, customer: { reference_id: "c" } })).toEqual(["token invalid_type"])
    })

    it("errorFormat jsonapi: the refusal points at /data/attributes/token", async () => {
      sandbox.applyProfile("errors-jsonapi")
      const res = await createWithToken("NoSuchToken0000000000000000000000", newCustomer())
      expect(res.status).toBe(422)
      expect(res.json.errors[0]).toMatchObject({
        status: "422",
        code: "invalid_token",
        source: { pointer: "/data/attributes/token" },
      })
    })
  })

  describe("controls", () => {
    it("GET /_sandbox/tokens lists token, customer reference, mask, mode, revoked and expired; filters by customer and mode", async () => {
      const customer = newCustomer()
      const token = await saveCard(customer)
      const res = await call(sandbox, "GET", `/_sandbox/tokens?customerReferenceId=${customer}`)
      expect(res.status).toBe(200)
      expect(res.json.tokens).toEqual([
        {
          token,
          customerReferenceId: customer,
          mode: "test",
          testMode: true,
          mask: "551928******0000",
          brand: "mastercard",
          holder: "JANE DOE",
          expiryMonth: "12",
          expiryYear: "30",
          revoked: false,
          expired: false,
          created: expect.any(Number),
          updated: expect.any(Number),
          sourceInvoiceId: expect.stringMatching(/^cpi_/),
        },
      ])
      const live = await call(sandbox, "GET", `/_sandbox/tokens?customerReferenceId=${customer}&mode=live`)
      expect(live.json.tokens).toEqual([])
    })

    it("POST /_sandbox/tokens/revoke by token or by customer reference; a revoked card saved again gets a new token", async () => {
      const customer = newCustomer()
      const a = await saveCard(customer)
      const b = await saveCard(customer, { card: "5123817234060000" })
      const one = await call(sandbox, "POST", "/_sandbox/tokens/revoke", { json: { token: a } })
      expect(one.json.revoked).toEqual([expect.objectContaining({ token: a, revoked: true })])
      const all = await call(sandbox, "POST", "/_sandbox/tokens/revoke", { json: { customerReferenceId: customer } })
      expect(all.json.revoked.map((t: { token: string }) => t.token)).toEqual([a, b])
      expect((await createWithToken(b, customer)).json.error_codes[0].message).toBe("token has been revoked")
      const again = await saveCard(customer)
      expect([a, b]).not.toContain(again)
      expect((await createWithToken(again, customer)).json.data.attributes.status).toBe("processed")

      expect((await call(sandbox, "POST", "/_sandbox/tokens/revoke", { json: { token: "nope" } })).status).toBe(404)
      expect((await call(sandbox, "POST", "/_sandbox/tokens/revoke", { json: {} })).status).toBe(422)
    })

    it("POST /_sandbox/tokens/expire sets the expiry to last month; paying again with the card refreshes the same token", async () => {
      const customer = newCustomer()
      const token = await saveCard(customer)
      const res = await call(sandbox, "POST", "/_sandbox/tokens/expire", { json: { token } })
      expect(res.status).toBe(200)
      expect(res.json).toMatchObject({ token, expired: true })
      const now = new Date()
      const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
      expect(res.json.expiryMonth).toBe(String(last.getUTCMonth() + 1).padStart(2, "0"))
      expect(res.json.expiryYear).toBe(String(last.getUTCFullYear() % 100).padStart(2, "0"))
      expect(await saveCard(customer)).toBe(token)
      expect(sandbox.listTokens({ customerReferenceId: customer })[0]).toMatchObject({
        expired: false,
        expiryYear: "30",
      })
      expect((await call(sandbox, "POST", "/_sandbox/tokens/expire", { json: { token: "nope" } })).status).toBe(404)
    })

    it("POST /_sandbox/tokens saves a test card without a payment, with a chosen or a new token", async () => {
      const customer = newCustomer()
      const res = await call(sandbox, "POST", "/_sandbox/tokens", {
        json: { customerReferenceId: customer, cardNumber: "5519 2838 1203 0000", expiry: "01/35", testMode: false },
      })
      expect(res.status).toBe(201)
      expect(res.json).toMatchObject({ mode: "live", mask: "551928******0000", expiryYear: "35", holder: null })
      expect(res.json.token).toMatch(/^[A-Za-z0-9]{40}$/)
      const bad = await call(sandbox, "POST", "/_sandbox/tokens", {
        json: { customerReferenceId: customer, cardNumber: "4111111111111111", expiry: "13/30", token: "x" },
      })
      expect(bad.status).toBe(422)
      expect(bad.json.error_codes.map((c: { field: string }) => c.field)).toEqual(["cardNumber", "expiry", "token"])
    })

    it("reset forgets saved cards; a state file keeps them across restarts", async () => {
      const dir = mkdtempSync(join(tmpdir(), "paycore-tokens-"))
      const stateFile = join(dir, "state.json")
      try {
        const first = await start({ stateFile })
        const saved = first.saveCardToken({
          customerReferenceId: "c1",
          cardNumber: "5519283812030000",
          expiry: "12/30",
        })
        await first.close()
        const second = await start({ stateFile })
        try {
          expect(second.listTokens().map((t) => t.token)).toEqual([saved.token])
          second.reset()
          expect(second.listTokens()).toEqual([])
        } finally {
          await second.close()
        }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  })
})
