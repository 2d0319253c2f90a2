import { BigNumber, MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"

import { createProvider, expectMedusaError, newSessionId, sessionData, sessionInput } from "./test-utils"
import { basicAuthorization, invoiceAttributes, listInvoicesByReference, useTestSandbox } from "./sandbox-utils"

describe("PaycoreProviderService.initiatePayment", () => {
  const sandbox = useTestSandbox()

  describe("the invoice it creates", () => {
    it("uses the payment session id as reference_id and upper-cases the currency", async () => {
      const { provider } = createProvider(sandbox)
      const input = sessionInput({ amount: 49.9, currency_code: "usd" })

      const result = await provider.initiatePayment(input)

      const attributes = invoiceAttributes(sandbox, result.id)
      expect(attributes).toMatchObject({ reference_id: input.data.session_id, currency: "USD", amount: 49.9 })
      expect(sessionData(result)).toMatchObject({
        session_id: input.data.session_id,
        paycore_reference_id: input.data.session_id,
        paycore_attempt: 1,
        amount: 49.9,
        currency: "USD",
      })
    })

    it("takes the session id from the idempotency key when the data has none", async () => {
      const { provider } = createProvider(sandbox)
      const sessionId = newSessionId()

      const result = await provider.initiatePayment({
        amount: 5,
        currency_code: "usd",
        data: {},
        context: { idempotency_key: sessionId },
      })

      expect(invoiceAttributes(sandbox, result.id).reference_id).toBe(sessionId)
    })

    it("refuses fields a storefront may not set, naming them, and creates no invoice", async () => {
      const { provider } = createProvider(sandbox)
      const planted = {
        paycore_refunds: [{ id: "x", reference_id: "r", amount: 1, status: "refunded" }],
        test_mode: false,
      }

      const input = sessionInput({ data: planted })

      const error = await expectMedusaError(provider.initiatePayment(input), MedusaError.Types.INVALID_DATA)

      expect(error.message).toContain("paycore_refunds, test_mode: is not a field a storefront may set")
      expect(await listInvoicesByReference(sandbox, input.data.session_id)).toEqual([])
    })

    it("makes a new invoice from a stored session's data (Medusa's recreate after a refund), keeping the customer's choices but never the saved card", async () => {
      const { provider } = createProvider(sandbox, { allowedReturnHosts: ["shop.example"] })
      const returnUrl = "https://shop.example/checkout/return"
      const first = await provider.initiatePayment(
        sessionInput({ data: { return_url: returnUrl, locale: "uk", cart_id: "cart_01OLD", email: "a@example.com" } })
      )
      const stored = { ...sessionData(first), saved_card_id: "pcsc_01PLANTED", save_card: true }
      const recreated = sessionInput({ data: stored })
      recreated.data.session_id = newSessionId() // Medusa puts the new session's id over the old one

      const result = await provider.initiatePayment(recreated)

      expect(result.id).not.toBe(first.id)
      expect(invoiceAttributes(sandbox, result.id)).toMatchObject({ reference_id: recreated.data.session_id })
      expect(sessionData(result)).toMatchObject({
        session_id: recreated.data.session_id,
        return_url: returnUrl,
        locale: "uk",
        cart_id: "cart_01OLD",
        paycore_attempt: 1,
        paycore_status: "created",
      })
      expect(sessionData(result)).not.toHaveProperty("saved_card_id")
      expect(sessionData(result)).not.toHaveProperty("save_card")
    })

    it("refuses a session without any session id", async () => {
      const { provider } = createProvider(sandbox)

      const error = await expectMedusaError(
        provider.initiatePayment({ amount: 5, currency_code: "usd", data: {}, context: {} }),
        MedusaError.Types.INVALID_DATA
      )
      expect(error.message).toContain("session id is missing")
    })

    it.each<[string, string, unknown, number]>([
      ["USD rounds half up to cents", "usd", 10.005, 10.01],
      ["USD keeps 0.1 + 0.2 exact", "usd", "0.3", 0.3],
      ["USD from a BigNumber", "usd", new BigNumber("19.99"), 19.99],
      ["USD from Medusa's raw { value, precision }", "usd", { value: "7.5", precision: 20 }, 7.5],
      ["JPY is whole yen", "jpy", 1234.5, 1235],
      ["JPY below half rounds down", "jpy", 1234.4, 1234],
      ["KWD keeps three decimals", "kwd", 1.2345, 1.235],
    ])("sends the amount in major units, exact per currency: %s", async (_name, currency, amount, expected) => {
      const { provider } = createProvider(sandbox)

      const result = await provider.initiatePayment(sessionInput({ amount: amount as never, currency_code: currency }))

      expect(invoiceAttributes(sandbox, result.id)).toMatchObject({
        amount: expected,
        currency: currency.toUpperCase(),
      })
      expect(sessionData(result).amount).toBe(expected)
    })

    it("refuses a currency whose decimals nobody knows instead of guessing", async () => {
      const { provider } = createProvider(sandbox)

      const error = await expectMedusaError(
        provider.initiatePayment(sessionInput({ amount: 1, currency_code: "xbt" })),
        MedusaError.Types.INVALID_DATA
      )
      expect(error.message).toContain("XBT")
    })

    it("creates test invoices when testMode is on and live invoices when it is off", async () => {
      const { provider: testProvider } = createProvider(sandbox, { testMode: true })
      const { provider: liveProvider } = createProvider(sandbox, {
        testMode: false,
        publicKey: sandbox.config.livePublicKey,
      })

      const test = await testProvider.initiatePayment(sessionInput())
      const live = await liveProvider.initiatePayment(sessionInput())

      expect(invoiceAttributes(sandbox, test.id).test_mode).toBe(true)
      expect(sessionData(test).test_mode).toBe(true)
      expect(invoiceAttributes(sandbox, live.id).test_mode).toBe(false)
      expect(sessionData(live).test_mode).toBe(false)
    })

    it("names the service configured for the currency, and none for a currency without one", async () => {
      const { provider } = createProvider(sandbox, { services: { usd: "payment_card_usd_hpp" } })

      const usd = await provider.initiatePayment(sessionInput({ currency_code: "usd" }))
      const eur = await provider.initiatePayment(sessionInput({ currency_code: "eur" }))

      expect(sandbox.getInvoiceState(usd.id).invoice).toMatchObject({ service: "payment_card_usd_hpp" })
      expect(sandbox.getPaymentInvoice(usd.id)?.data.relationships).toMatchObject({
        "payment-service": { data: { id: "payment_card_usd_hpp" } },
      })
      expect(sandbox.getInvoiceState(eur.id).invoice).toMatchObject({ service: null })
      expect(sandbox.getPaymentInvoice(eur.id)?.data.relationships).not.toHaveProperty("payment-service")
    })

    it("sends the callbackUrl option as the invoice's callback_url", async () => {
      const { provider } = createProvider(sandbox, { callbackUrl: "https://shop.example/hooks/paycore" })

      const result = await provider.initiatePayment(sessionInput())

      expect(invoiceAttributes(sandbox, result.id).callback_url).toBe("https://shop.example/hooks/paycore")
    })

    it("leaves callback_url to the account's default without the option", async () => {
      const { provider } = createProvider(sandbox)

      const result = await provider.initiatePayment(sessionInput())

      expect(invoiceAttributes(sandbox, result.id).callback_url).toBeNull()
    })

    it("fills {cart_id} and {session_id} into the returnUrls option, URL-encoded, pending and fail defaulting to success", async () => {
      const { provider } = createProvider(sandbox, {
        returnUrls: { success: "https://shop.example/order/{cart_id}/done?session={session_id}" },
      })
      const input = sessionInput({ data: { cart_id: "cart_01 X&Y" } })

      const result = await provider.initiatePayment(input)

      const expected = `https://shop.example/order/cart_01%20X%26Y/done?session=${input.data.session_id}`
      expect(invoiceAttributes(sandbox, result.id).return_urls).toEqual({
        success: expected,
        pending: expected,
        fail: expected,
      })
      expect(invoiceAttributes(sandbox, result.id).return_url).toBe(expected)
    })

    it("uses each configured return URL for its own outcome", async () => {
      const { provider } = createProvider(sandbox, {
        returnUrls: {
          success: "https://shop.example/ok/{cart_id}",
          pending: "https://shop.example/wait/{cart_id}",
          fail: "https://shop.example/retry/{cart_id}",
        },
      })

      const result = await provider.initiatePayment(sessionInput({ data: { cart_id: "cart_01ABC" } }))

      expect(invoiceAttributes(sandbox, result.id).return_urls).toEqual({
        success: "https://shop.example/ok/cart_01ABC",
        pending: "https://shop.example/wait/cart_01ABC",
        fail: "https://shop.example/retry/cart_01ABC",
      })
      // For a PayCore that knows only return_url: the outcome-neutral page.
      expect(invoiceAttributes(sandbox, result.id).return_url).toBe("https://shop.example/wait/cart_01ABC")
    })

    it("lets a storefront return_url on an allowed host win, telling outcomes apart by paycore_result", async () => {
      const { provider } = createProvider(sandbox, {
        allowedReturnHosts: ["Shop.Example"],
        returnUrls: { success: "https://options.example/ignored" },
      })
      const returnUrl = "https://shop.example/checkout/return?step=payment"

      const result = await provider.initiatePayment(sessionInput({ data: { return_url: returnUrl } }))

      expect(invoiceAttributes(sandbox, result.id).return_urls).toEqual({
        success: `${returnUrl}&paycore_result=success`,
        pending: `${returnUrl}&paycore_result=pending`,
        fail: `${returnUrl}&paycore_result=fail`,
      })
      expect(invoiceAttributes(sandbox, result.id).return_url).toBe(returnUrl)
      expect(sessionData(result).return_url).toBe(returnUrl)
    })

    it("refuses a storefront return_url whose host is not allowed, naming allowedReturnHosts, and creates nothing", async () => {
      const { provider } = createProvider(sandbox, { allowedReturnHosts: ["shop.example"] })
      const input = sessionInput({ data: { return_url: "https://evil.example/steal" } })

      const error = await expectMedusaError(provider.initiatePayment(input), MedusaError.Types.INVALID_DATA)

      expect(error.message).toContain('"evil.example"')
      expect(error.message).toContain("allowedReturnHosts")
      expect(await listInvoicesByReference(sandbox, input.data.session_id)).toHaveLength(0)
    })

    it("refuses storefront data of the wrong shape with a message naming the field", async () => {
      const { provider } = createProvider(sandbox)

      const error = await expectMedusaError(
        provider.initiatePayment(sessionInput({ data: { email: "not-an-email" } })),
        MedusaError.Types.INVALID_DATA
      )
      expect(error.message).toContain("email")
    })

    it("sends the customer's email and name from Medusa's context, keyed by the customer id", async () => {
      const { provider } = createProvider(sandbox)

      const result = await provider.initiatePayment(
        sessionInput({
          context: { customer: { id: "cus_01JANE", email: "jane@example.com", first_name: "Jane", last_name: "Doe" } },
          data: { email: "storefront@example.com", customer_name: "Storefront Name" },
        })
      )

      expect(sandbox.getInvoiceState(result.id).invoice).toMatchObject({
        customer: { reference_id: "cus_01JANE", email: "jane@example.com", name: "Jane Doe" },
      })
    })

    it("sends a guest's email and name from the storefront data, keyed by the session", async () => {
      const { provider } = createProvider(sandbox)
      const input = sessionInput({ data: { email: "guest@example.com", customer_name: "Guest Buyer" } })

      const result = await provider.initiatePayment(input)

      expect(sandbox.getInvoiceState(result.id).invoice).toMatchObject({
        customer: { reference_id: `guest_${input.data.session_id}`, email: "guest@example.com", name: "Guest Buyer" },
      })
    })

    it("sends no customer when nothing is known about them", async () => {
      const { provider } = createProvider(sandbox)

      const result = await provider.initiatePayment(sessionInput())

      expect(sandbox.getInvoiceState(result.id).invoice).toMatchObject({ customer: null })
    })

    it("puts the session and cart ids in the metadata and fills the description template", async () => {
      const { provider } = createProvider(sandbox, { invoiceDescription: "Cart {cart_id}" })
      const input = sessionInput({ data: { cart_id: "cart_01ABC" } })

      const result = await provider.initiatePayment(input)

      expect(invoiceAttributes(sandbox, result.id)).toMatchObject({
        metadata: { medusa_session_id: input.data.session_id, medusa_cart_id: "cart_01ABC" },
        description: "Cart cart_01ABC",
      })
      expect(sessionData(result).cart_id).toBe("cart_01ABC")
    })

    it("names the order in the metadata of an order's payment link, which has no cart", async () => {
      const { provider } = createProvider(sandbox)
      const input = sessionInput({ data: { paycore_order_id: "order_01ABC" } })

      const result = await provider.initiatePayment(input)

      expect(invoiceAttributes(sandbox, result.id).metadata).toEqual({
        medusa_session_id: input.data.session_id,
        medusa_order_id: "order_01ABC",
      })
      expect(sessionData(result).paycore_order_id).toBe("order_01ABC")
    })
  })

  describe("what it returns", () => {
    it("returns the invoice id, status pending and the HPP link", async () => {
      const { provider } = createProvider(sandbox)

      const result = await provider.initiatePayment(sessionInput())

      expect(result.id).toMatch(/^cpi_/)
      expect(result.status).toBe(PaymentSessionStatus.PENDING)
      expect(sessionData(result)).toMatchObject({
        paycore_invoice_id: result.id,
        hpp_url: `${sandbox.url}/hpp/?cpi=${result.id}`,
        paycore_status: "created",
      })
      expect(sessionData(result).hpp_url).toBe(sandbox.hppUrl(result.id))
      expect(typeof sessionData(result).paycore_updated).toBe("number")
    })

    it("contains no key, secret or credential", async () => {
      const { provider } = createProvider(sandbox, { callbackUrl: "https://shop.example/hooks/paycore" })

      const result = await provider.initiatePayment(
        sessionInput({ context: { customer: { id: "cus_01", email: "a@example.com" } } })
      )

      const text = JSON.stringify(result)
      const authorization = basicAuthorization(sandbox)
      for (const secret of [
        sandbox.config.apiKey,
        sandbox.config.testPrivateKey,
        sandbox.config.livePrivateKey,
        authorization,
        authorization.slice("Basic ".length),
      ]) {
        expect(text).not.toContain(secret)
      }
    })
  })

  describe("when PayCore refuses or misbehaves", () => {
    it("turns PayCore's 422 into a clear 4xx MedusaError with PayCore's reasons", async () => {
      const { provider } = createProvider(sandbox)

      // GBP is a currency Medusa knows but the sandbox account has not enabled.
      const error = await expectMedusaError(
        provider.initiatePayment(sessionInput({ currency_code: "gbp" })),
        MedusaError.Types.INVALID_DATA
      )

      expect(error.message).toContain("PayCore refused to create the payment invoice")
      expect(error.message).toContain("HTTP 422")
      expect(error.message).toContain("currency: not_enabled")
      expect(error.message).toMatch(/request_id \S+/)
    })

    it("turns an amount outside the service's limits into a clear 4xx MedusaError", async () => {
      const { provider } = createProvider(sandbox, { services: { USD: "payment_card_usd_hpp" } })

      const error = await expectMedusaError(
        provider.initiatePayment(sessionInput({ amount: 2_000_000 })),
        MedusaError.Types.INVALID_DATA
      )

      expect(error.message).toContain("out_of_limits")
    })

    it("makes one invoice when PayCore answers 502 once and then succeeds", async () => {
      const { provider } = createProvider(sandbox)
      const input = sessionInput()
      sandbox.addFault({ method: "POST", path: "/api/payment-invoices", kind: "status", status: 502 })

      const result = await provider.initiatePayment(input)

      const invoices = await listInvoicesByReference(sandbox, input.data.session_id)
      expect(invoices.map((invoice) => invoice.id)).toEqual([result.id])
    })

    it("makes one invoice when PayCore applied the create but answered 502", async () => {
      const { provider } = createProvider(sandbox)
      const input = sessionInput()
      sandbox.addFault({ method: "POST", path: "/api/payment-invoices", kind: "status", status: 502, phase: "after" })

      const result = await provider.initiatePayment(input)

      const invoices = await listInvoicesByReference(sandbox, input.data.session_id)
      expect(invoices.map((invoice) => invoice.id)).toEqual([result.id])
    })

    it("makes one invoice when PayCore rate-limits the create once with 429", async () => {
      const { provider } = createProvider(sandbox)
      const input = sessionInput()
      sandbox.addFault({ method: "POST", path: "/api/payment-invoices", kind: "status", status: 429 })

      const result = await provider.initiatePayment(input)

      const invoices = await listInvoicesByReference(sandbox, input.data.session_id)
      expect(invoices.map((invoice) => invoice.id)).toEqual([result.id])
    })

    it("returns the one invoice PayCore created when the answer to the create was lost", async () => {
      const { provider, logger } = createProvider(sandbox)
      const input = sessionInput()
      sandbox.addFault({ method: "POST", path: "/api/payment-invoices", kind: "drop", phase: "after" })

      const result = await provider.initiatePayment(input)

      const invoices = await listInvoicesByReference(sandbox, input.data.session_id)
      expect(invoices).toHaveLength(1)
      expect(result.id).toBe(invoices[0].id)
      expect(sessionData(result).hpp_url).toBe(sandbox.hppUrl(invoices[0].id))
      expect(logger.messages("info").some((line) => line.includes("earlier unconfirmed attempt had succeeded"))).toBe(
        true
      )
    })

    it("makes one invoice when the connection drops before PayCore applied the create", async () => {
      const { provider } = createProvider(sandbox)
      const input = sessionInput()
      sandbox.addFault({ method: "POST", path: "/api/payment-invoices", kind: "drop" })

      const result = await provider.initiatePayment(input)

      const invoices = await listInvoicesByReference(sandbox, input.data.session_id)
      expect(invoices.map((invoice) => invoice.id)).toEqual([result.id])
    })

    it("makes one invoice when PayCore answers slower than timeoutMs", async () => {
      const { provider } = createProvider(sandbox, { timeoutMs: 400 })
      const input = sessionInput()
      sandbox.addFault({ method: "POST", path: "/api/payment-invoices", kind: "delay", delayMs: 1_500 })

      const result = await provider.initiatePayment(input)

      const invoices = await listInvoicesByReference(sandbox, input.data.session_id)
      expect(invoices.map((invoice) => invoice.id)).toEqual([result.id])
    })

    it("says to try again, and leaves nothing behind, when PayCore keeps failing", async () => {
      const { provider, logger } = createProvider(sandbox, { retryAttempts: 2 })
      const input = sessionInput()
      sandbox.addFault({ method: "POST", path: "/api/payment-invoices", kind: "status", status: 502, times: 5 })

      const error = await expectMedusaError(provider.initiatePayment(input), MedusaError.Types.UNEXPECTED_STATE)

      expect(error.message).toContain("PayCore could not create the payment invoice right now")
      expect(error.message).toContain("Please try again")
      expect(await listInvoicesByReference(sandbox, input.data.session_id)).toHaveLength(0)
      expect(logger.messages("warn").some((line) => line.includes("could not create the payment invoice"))).toBe(true)
    })

    it("adopts the existing invoice when the same session is initiated twice with the same amount", async () => {
      const { provider } = createProvider(sandbox)
      const input = sessionInput({ amount: 25.5 })

      const first = await provider.initiatePayment(input)
      const second = await provider.initiatePayment(input)

      expect(second.id).toBe(first.id)
      expect(sessionData(second)).toMatchObject({ paycore_invoice_id: first.id, hpp_url: sessionData(first).hpp_url })
      expect(await listInvoicesByReference(sandbox, input.data.session_id)).toHaveLength(1)
    })

    it.each([
      [409, "Request refused"],
      [422, "Invalid data"],
      [429, "Too many requests"],
    ] as const)(
      'adopts the existing invoice when PayCore reports the duplicate with %i "%s"',
      async (status, message) => {
        sandbox.updateConfig({ duplicateReferenceStatus: status, duplicateReferenceMessage: message })
        try {
          const { provider } = createProvider(sandbox)
          const input = sessionInput({ amount: 25.5 })

          const first = await provider.initiatePayment(input)
          const second = await provider.initiatePayment(input)

          expect(second.id).toBe(first.id)
          expect(await listInvoicesByReference(sandbox, input.data.session_id)).toHaveLength(1)
        } finally {
          sandbox.updateConfig({
            duplicateReferenceStatus: 429,
            duplicateReferenceMessage: "Too many requests or duplicate request detected",
          })
        }
      }
    )

    it("refuses, without a second invoice, when the session's reference is taken by an invoice for another amount", async () => {
      const { provider } = createProvider(sandbox)
      const input = sessionInput({ amount: 25.5 })
      const first = await provider.initiatePayment(input)

      const error = await expectMedusaError(
        provider.initiatePayment({ ...input, amount: 30 }),
        MedusaError.Types.INVALID_DATA
      )

      expect(error.message).toContain(`reference ${input.data.session_id}`)
      expect(error.message).toContain(first.id)
      expect(error.message).not.toContain("try again")
      const invoices = await listInvoicesByReference(sandbox, input.data.session_id)
      expect(invoices.map((invoice) => invoice.id)).toEqual([first.id])
    })
  })
  describe("in HPP link mode (accounts without Private API access)", () => {
    it("builds a public-key payment link with the documented parameters and calls nothing at PayCore", async () => {
      const { provider, logger } = createProvider(sandbox, {
        invoiceCreation: "hpp_link",
        allowedReturnHosts: ["shop.example"],
      })
      const input = sessionInput({
        amount: "10.005",
        currency_code: "usd",
        data: {
          cart_id: "cart_01TEST",
          email: "jane@example.com",
          return_url: "https://shop.example/back",
          locale: "uk",
          display: { hide_footer: true },
        },
      })

      const result = await provider.initiatePayment(input)

      expect(logger.paycoreCalls()).toBe(0)
      const link = new URL(sessionData(result).hpp_url)
      expect(`${link.origin}${link.pathname}`).toBe(`${sandbox.url}/hpp/`)
      expect(Object.fromEntries(link.searchParams)).toMatchObject({
        public_key: sandbox.config.testPublicKey,
        reference_id: input.data.session_id,
        amount: "10.01",
        currency: "USD",
        "customer[email]": "jane@example.com",
        "metadata[medusa_cart_id]": "cart_01TEST",
        "return_urls[success]": "https://shop.example/back?paycore_result=success",
        return_url: "https://shop.example/back",
        locale: "uk",
        "display[hide_footer]": "true",
      })
      expect(result.id).toBe(input.data.session_id)
      expect(sessionData(result)).toMatchObject({ paycore_flow: "hpp_link", paycore_invoice_id: "" })
      expect(link.toString()).not.toContain(sandbox.config.apiKey)
    })

    it("is pending until PayCore's first callback brings the invoice id", async () => {
      const { provider } = createProvider(sandbox, { invoiceCreation: "hpp_link" })
      const result = await provider.initiatePayment(sessionInput({ amount: 10, currency_code: "usd" }))

      const status = await provider.authorizePayment({ data: result.data })

      expect(status.status).toBe(PaymentSessionStatus.PENDING)
    })

    it("refuses to start without a public key, naming the option", () => {
      expect(() => createProvider(sandbox, { invoiceCreation: "hpp_link", publicKey: undefined })).toThrow(
        "publicKey: is required when invoiceCreation is hpp_link"
      )
    })
  })
})
