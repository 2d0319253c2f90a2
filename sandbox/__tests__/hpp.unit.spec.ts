import type { Sandbox } from "../src"
import { CallbackReceiver, call, createInvoice, localPath, start, submitCard } from "./helpers"

const RETURN_URLS = {
  success: "https://shop.example/ok",
  pending: "https://shop.example/pending",
  fail: "https://shop.example/fail",
}

describe("Hosted payment page", () => {
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

  /** Callback statuses of one invoice, in arrival order. */
  const statusesOf = async (id: string) => {
    await sandbox.callbacksIdle()
    return receiver.received.filter((c) => c.json.data.id === id).map((c) => c.json.data.attributes.status)
  }
  const newCardInvoice = async (attributes: Record<string, unknown> = {}) =>
    (await createInvoice(sandbox, { return_urls: RETURN_URLS, ...attributes })).data.id as string

  it("shows amount, currency, description and a card form with stable names and test ids", async () => {
    const id = await newCardInvoice({ amount: 100.5, description: "Blue <T-shirt>" })
    const page = await call(sandbox, "GET", `/hpp/?cpi=${id}`)
    expect(page.status).toBe(200)
    expect(page.headers["content-type"]).toContain("text/html")
    expect(page.text).toContain('<span data-testid="hpp-amount">100.50</span>')
    expect(page.text).toContain('<span data-testid="hpp-currency">USD</span>')
    expect(page.text).toContain("Blue &lt;T-shirt&gt;")
    expect(page.text).toContain(`action="${sandbox.url}/hpp/pay"`)
    for (const field of ["card_number", "card_expiry", "card_cvv", "card_holder"]) {
      expect(page.text).toContain(`id="${field}" name="${field}"`)
    }
    for (const testId of ["card-number", "card-expiry", "card-cvv", "card-holder", "pay-button", "cancel-button"]) {
      expect(page.text).toContain(`data-testid="${testId}"`)
    }
    // One script only: the messages to a window that frames the page (hpp-framing.unit.spec.ts).
    expect(page.text.match(/<script\b[^>]*>/g)).toEqual(['<script id="hpp-frame-events">'])
  })

  it("5519283812030000: success without 3DS → processing → processed, redirect to return_urls.success", async () => {
    const id = await newCardInvoice()
    const res = await submitCard(sandbox, id, "5519 2838 1203 0000")
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(RETURN_URLS.success)
    expect(await statusesOf(id)).toEqual(["processing", "processed"])
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const attrs = sandbox.getPaymentInvoice(id)!.data.attributes as Record<string, any>
    expect(attrs).toMatchObject({
      status: "processed",
      resolution: "ok",
      processed_amount: 49.9,
      processed_fee: 0,
      flow_data: [],
    })
    expect(attrs.payload.payment_card).toEqual({
      first: "551928",
      last: "0000",
      mask: "551928******0000",
      brand: "mastercard",
      holder: "JANE DOE",
      expiry_month: "12",
      expiry_year: "2030",
      issuer_name: null,
      issuer_country: null,
    })
    expect(JSON.stringify(sandbox.getInvoiceState(id))).not.toContain("5519283812030000")
  })

  it("5123817234060000: success after a 3DS step page", async () => {
    const id = await newCardInvoice()
    const res = await submitCard(sandbox, id, "5123817234060000")
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`${sandbox.url}/hpp/3ds?cpi=${id}`)
    const step = await call(sandbox, "GET", localPath(res.headers.location as string))
    expect(step.status).toBe(200)
    expect(step.text).toContain('data-testid="three-ds-code"')
    expect(step.text).toContain(`action="${sandbox.url}/hpp/3ds"`)
    expect(sandbox.getPaymentInvoice(id)!.data.attributes.status).toBe("processing")
    // The invoice page shows the 3DS step while it is pending.
    expect((await call(sandbox, "GET", `/hpp/?cpi=${id}`)).text).toContain('data-testid="three-ds-form"')
    const empty = await call(sandbox, "POST", "/hpp/3ds", { form: { cpi: id, code: "" } })
    expect(empty.status).toBe(422)
    const done = await call(sandbox, "POST", "/hpp/3ds", { form: { cpi: id, code: "4321" } })
    expect(done.status).toBe(303)
    expect(done.headers.location).toBe(RETURN_URLS.success)
    expect(await statusesOf(id)).toEqual(["processing", "processed"])
  })

  it("fails the 3DS step with code 0000 (invalid_3ds_code)", async () => {
    const id = await newCardInvoice()
    await submitCard(sandbox, id, "5123817234060000")
    const res = await call(sandbox, "POST", "/hpp/3ds", { form: { cpi: id, code: "0000" } })
    expect(res.headers.location).toBe(RETURN_URLS.fail)
    expect(sandbox.getPaymentInvoice(id)!.data.attributes).toMatchObject({
      status: "process_failed",
      resolution: "invalid_3ds_code",
    })
  })

  it.each([["5123817234060000"], ["5519283812030000"]])(
    "%s with expiry 07/77 → process_pending, auth_3ds_required",
    async (card) => {
      const id = await newCardInvoice()
      const res = await submitCard(sandbox, id, card, "07/77")
      expect(res.status).toBe(303)
      expect(res.headers.location).toBe(RETURN_URLS.pending)
      expect(await statusesOf(id)).toEqual(["processing", "process_pending"])
      expect(sandbox.getPaymentInvoice(id)!.data.attributes.resolution).toBe("auth_3ds_required")
    }
  )

  it.each([
    ["0856", "access_denied"],
    ["0529", "insufficient_funds"],
    ["1147", "issuer_decline"],
    ["0125", "invalid_credentials"],
    ["12/30", "general_fatal_error"],
  ])("4302912837020000 (no 3DS) with expiry %s → process_failed, %s", async (expiry, resolution) => {
    const id = await newCardInvoice()
    const res = await submitCard(sandbox, id, "4302912837020000", expiry)
    expect(res.headers.location).toBe(RETURN_URLS.fail)
    expect(await statusesOf(id)).toEqual(["processing", "process_failed"])
    expect(sandbox.getPaymentInvoice(id)!.data.attributes.resolution).toBe(resolution)
  })

  it("4412397212080000 (3DS) fails after the 3DS step with the expiry's resolution", async () => {
    const id = await newCardInvoice()
    const res = await submitCard(sandbox, id, "4412397212080000", "09/33")
    expect(res.headers.location).toBe(`${sandbox.url}/hpp/3ds?cpi=${id}`)
    const done = await call(sandbox, "POST", "/hpp/3ds", { form: { cpi: id, code: "1234" } })
    expect(done.headers.location).toBe(RETURN_URLS.fail)
    expect(sandbox.getPaymentInvoice(id)!.data.attributes).toMatchObject({
      status: "process_failed",
      resolution: "declined",
    })
  })

  it("re-renders the form with errors (422) for invalid input and unknown cards, leaving the invoice created", async () => {
    const id = await newCardInvoice()
    const invalid = await call(sandbox, "POST", "/hpp/pay", {
      form: { cpi: id, card_number: "12", card_expiry: "13/30", card_cvv: "1" },
    })
    expect(invalid.status).toBe(422)
    expect(invalid.text).toContain('data-testid="form-errors"')
    expect(invalid.text).toContain("Expiry must be MM/YY")
    const unknown = await submitCard(sandbox, id, "4111111111111111")
    expect(unknown.status).toBe(422)
    expect(unknown.text).toContain("test cards")
    expect(unknown.text).toContain('value="4111111111111111"')
    expect(sandbox.getPaymentInvoice(id)!.data.attributes.status).toBe("created")
  })

  it("shows the status page for an invoice in a final status and refuses a second payment (409)", async () => {
    const id = await newCardInvoice()
    await submitCard(sandbox, id, "5519283812030000")
    const page = await call(sandbox, "GET", `/hpp/?cpi=${id}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('data-status="processed"')
    expect(page.text).toContain(`href="${RETURN_URLS.success}" data-testid="return-link"`)
    const again = await submitCard(sandbox, id, "5519283812030000")
    expect(again.status).toBe(409)
  })

  it("answers 404 for an unknown invoice", async () => {
    const res = await call(sandbox, "GET", "/hpp/?cpi=cpi_unknown")
    expect(res.status).toBe(404)
    expect(res.text).toContain('data-testid="hpp-error"')
  })

  it("lets the buyer cancel: terminated, redirect to return_urls.fail", async () => {
    const id = await newCardInvoice()
    const res = await call(sandbox, "POST", "/hpp/cancel", { form: { cpi: id } })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(RETURN_URLS.fail)
    expect(await statusesOf(id)).toEqual(["terminated"])
  })

  it("shows expired once the invoice's lifetime has passed", async () => {
    const local = await start({ invoiceLifetimeSeconds: 60, callbackUrl: receiver.url })
    try {
      const doc = await createInvoice(local)
      expect(doc.data.attributes.expires).toBe(doc.data.attributes.created + 60)
      local.advanceClock(61)
      const page = await call(local, "GET", `/hpp/?cpi=${doc.data.id}`)
      expect(page.text).toContain('data-status="expired"')
      expect(local.getPaymentInvoice(doc.data.id)!.data.attributes.status).toBe("expired")
      await local.callbacksIdle()
      expect(
        receiver.received.filter((c) => c.json.data.id === doc.data.id).map((c) => c.json.data.attributes.status)
      ).toEqual(["expired"])
    } finally {
      await local.close()
    }
  })

  it("moves overdue invoices to expired in the background sweep", async () => {
    const local = await start({ invoiceLifetimeSeconds: 60, expirySweepIntervalMs: 5, callbackUrl: receiver.url })
    try {
      const doc = await createInvoice(local)
      // Nobody reads the invoice: only the sweep can report it expired.
      const expired = new Promise<string>((resolve) =>
        local.onCallback((entry) => resolve(`${entry.invoiceId}:${entry.status}`))
      )
      local.advanceClock(120)
      expect(await expired).toBe(`${doc.data.id}:expired`)
    } finally {
      await local.close()
    }
  })

  describe("without a service: method picker", () => {
    it("lists the currency's methods; choosing the card method shows the card form", async () => {
      const id = await newCardInvoice({ service: undefined })
      const page = await call(sandbox, "GET", `/hpp/?cpi=${id}`)
      expect(page.text).toContain('data-testid="method-payment_card_usd_hpp"')
      expect(page.text).toContain('data-testid="method-paypal_usd_hpp"')
      expect(page.text).not.toContain("payment_card_eur_hpp")
      const pay = await call(sandbox, "POST", "/hpp/pay", { form: { cpi: id, card_number: "5519283812030000" } })
      expect(pay.status).toBe(422)
      const chosen = await call(sandbox, "POST", "/hpp/select", { form: { cpi: id, service: "payment_card_usd_hpp" } })
      expect(chosen.status).toBe(303)
      expect((await call(sandbox, "GET", localPath(chosen.headers.location as string))).text).toContain(
        'data-testid="card-form"'
      )
      expect(sandbox.getPaymentInvoice(id)!.data.relationships).toMatchObject({
        "payment-service": { data: { type: "payment-services", id: "payment_card_usd_hpp" } },
      })
    })

    it("refuses a method of another currency (422)", async () => {
      const id = await newCardInvoice({ service: undefined })
      const res = await call(sandbox, "POST", "/hpp/select", { form: { cpi: id, service: "payment_card_eur_hpp" } })
      expect(res.status).toBe(422)
    })

    it.each([
      ["success", "processed", RETURN_URLS.success],
      ["pending", "process_pending", RETURN_URLS.pending],
      ["fail", "process_failed", RETURN_URLS.fail],
    ])("a non-card method answered %s → %s", async (outcome, status, location) => {
      const id = await newCardInvoice({ service: "paypal_usd_hpp" })
      const page = await call(sandbox, "GET", `/hpp/?cpi=${id}`)
      expect(page.text).toContain(`data-testid="outcome-${outcome}"`)
      const res = await call(sandbox, "POST", "/hpp/pay", { form: { cpi: id, outcome } })
      expect(res.headers.location).toBe(location)
      expect(await statusesOf(id)).toEqual(["processing", status])
    })
  })

  describe("return URL choice", () => {
    it("falls back from return_urls to return_url, to the account HPP Return URL, to the result page", async () => {
      const a = await newCardInvoice({
        return_urls: { success: null, fail: "https://shop.example/f" },
        return_url: "https://shop.example/any",
      })
      expect((await submitCard(sandbox, a, "5519283812030000")).headers.location).toBe("https://shop.example/any")
      const b = await newCardInvoice({ return_urls: undefined })
      sandbox.updateConfig({ hppReturnUrl: "https://shop.example/account-default" })
      expect((await submitCard(sandbox, b, "5519283812030000")).headers.location).toBe(
        "https://shop.example/account-default"
      )
      sandbox.updateConfig({ hppReturnUrl: null })
      const c = await newCardInvoice({ return_urls: undefined })
      const res = await submitCard(sandbox, c, "4302912837020000")
      expect(res.headers.location).toBe(`${sandbox.url}/hpp/result?cpi=${c}`)
      const result = await call(sandbox, "GET", localPath(res.headers.location as string))
      expect(result.text).toContain('data-status="process_failed"')
    })

    it("uses only return_url when returnUrlsHonoured is off (a PayCore that knows only the form's return_url)", async () => {
      sandbox.updateConfig({ returnUrlsHonoured: false })
      try {
        const id = await newCardInvoice({ return_url: "https://shop.example/neutral" })
        expect((await submitCard(sandbox, id, "4302912837020000")).headers.location).toBe(
          "https://shop.example/neutral"
        )
      } finally {
        sandbox.updateConfig({ returnUrlsHonoured: true })
      }
    })

    it("appends the operation context when sendOperationContext is on", async () => {
      sandbox.updateConfig({ sendOperationContext: true })
      try {
        const id = await newCardInvoice({ amount: 111 })
        const location = new URL((await submitCard(sandbox, id, "5519283812030000")).headers.location as string)
        expect(location.origin + location.pathname).toBe(RETURN_URLS.success)
        expect(Object.fromEntries(location.searchParams)).toMatchObject({
          id,
          serial_number: id.slice(4),
          amount: "111.00",
          currency: "USD",
          status: "processed",
        })
      } finally {
        sandbox.updateConfig({ sendOperationContext: false })
      }
    })
  })

  describe("parameters mode (payment link)", () => {
    it("creates an invoice from GET parameters (nested customer, metadata, display) and redirects to ?cpi=", async () => {
      const params = new URLSearchParams({
        public_key: sandbox.config.testPublicKey,
        reference_id: "link_1",
        currency: "USD",
        amount: "100",
        description: "Some goods",
        return_url: "https://somedomain.com/",
        "customer[reference_id]": "cus_1234567",
        "customer[email]": "somename@domain.com",
        "metadata[order_id]": "12345",
        "display[hide_footer]": "true",
        expires: String(Math.floor(Date.now() / 1000) + 3600),
        locale: "uk",
      })
      const res = await call(sandbox, "GET", `/hpp/?${params}`)
      expect(res.status).toBe(303)
      const id = new URL(res.headers.location as string).searchParams.get("cpi")!
      const doc = sandbox.getPaymentInvoice(id)!
      expect(doc.data.attributes).toMatchObject({
        reference_id: "link_1",
        amount: 100,
        test_mode: true,
        return_url: "https://somedomain.com/",
        metadata: { order_id: "12345" },
        expires: Number(params.get("expires")),
        callback_url: null,
      })
      expect(doc.included).toEqual([
        expect.objectContaining({
          type: "customers",
          attributes: { reference_id: "cus_1234567", email: "somename@domain.com" },
        }),
      ])
      const page = await call(sandbox, "GET", localPath(res.headers.location as string))
      expect(page.text).toContain('data-testid="method-form"')
      expect(page.text).not.toContain('data-testid="hpp-footer"')
      expect(page.text).toContain('<html lang="uk">')
    })

    it("accepts a POSTed form with a service (auto-process) and the live key", async () => {
      const res = await call(sandbox, "POST", "/hpp/", {
        form: {
          public_key: sandbox.config.livePublicKey,
          reference_id: "link_post",
          currency: "EUR",
          amount: "5.5",
          service: "payment_card_eur_hpp",
        },
      })
      expect(res.status).toBe(303)
      const id = new URL(res.headers.location as string).searchParams.get("cpi")!
      expect(sandbox.getPaymentInvoice(id)!.data.attributes).toMatchObject({ test_mode: false, amount: 5.5 })
      expect((await call(sandbox, "GET", localPath(res.headers.location as string))).text).toContain(
        'data-testid="card-form"'
      )
    })

    it("shows error pages: 401 unknown key, 422 invalid parameters, 403 public creation off, duplicate reference", async () => {
      const base = { public_key: sandbox.config.testPublicKey, currency: "USD", amount: "10" }
      expect(
        (
          await call(
            sandbox,
            "GET",
            `/hpp/?${new URLSearchParams({ ...base, public_key: "pk_test_x", reference_id: "e1" })}`
          )
        ).status
      ).toBe(401)
      const invalid = await call(
        sandbox,
        "GET",
        `/hpp/?${new URLSearchParams({ ...base, amount: "abc", reference_id: "e2", expires: "1" })}`
      )
      expect(invalid.status).toBe(422)
      expect(invalid.text).toContain("expires")
      await call(sandbox, "GET", `/hpp/?${new URLSearchParams({ ...base, reference_id: "e3" })}`)
      expect((await call(sandbox, "GET", `/hpp/?${new URLSearchParams({ ...base, reference_id: "e3" })}`)).status).toBe(
        429
      )
      sandbox.updateConfig({ allowPublicCreation: false })
      try {
        expect(
          (await call(sandbox, "GET", `/hpp/?${new URLSearchParams({ ...base, reference_id: "e4" })}`)).status
        ).toBe(403)
        // An existing invoice still opens: ?cpi= does not create anything.
        const id = await newCardInvoice()
        expect((await call(sandbox, "GET", `/hpp/?cpi=${id}`)).status).toBe(200)
      } finally {
        sandbox.updateConfig({ allowPublicCreation: true })
      }
    })
  })
})
