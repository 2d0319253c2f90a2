import type { Sandbox } from "../src"
import { call, createInvoice, localPath, start } from "./helpers"

describe("Public API", () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await start()
  })
  afterAll(() => sandbox.close())

  const testKey = () => sandbox.config.testPublicKey
  const liveKey = () => sandbox.config.livePublicKey

  describe("POST /public-api/payment-prerequest", () => {
    it("lists the currency's services and methods in PayCore's shape; a test key gives test_mode true", async () => {
      const res = await call(sandbox, "POST", "/public-api/payment-prerequest", {
        json: { public_key: testKey(), currency: "USD" },
      })
      expect(res.status).toBe(200)
      const { data } = res.json
      expect(data.type).toBe("payment-prerequest")
      expect(data.attributes.currency).toBe("USD")
      expect(data.attributes.test_mode).toBe(true)
      expect(Object.keys(data.attributes.services)).toEqual(["payment_card_usd_hpp", "paypal_usd_hpp"])
      expect(data.attributes.services.payment_card_usd_hpp).toEqual({
        code: "payment_card_usd_hpp",
        method: "payment_card",
        flow: "hpp",
        currency: "USD",
        fields: [],
        status: "available",
      })
      expect(data.attributes.methods.paypal).toEqual({
        code: "paypal",
        name: "PayPal",
        category: "digital_wallet",
        logo: "https://static.openfintech.io/payment_methods/paypal/logo.png",
        icon: "https://static.openfintech.io/payment_methods/paypal/icon.png",
      })
    })

    it("gives test_mode false for the live key and marks services outside their limits unavailable", async () => {
      const res = await call(sandbox, "POST", "/public-api/payment-prerequest", {
        json: { public_key: liveKey(), currency: "USD", amount: 2_000_000 },
      })
      expect(res.json.data.attributes.test_mode).toBe(false)
      expect(res.json.data.attributes.services.payment_card_usd_hpp.status).toBe("unavailable")
    })

    it("answers an empty service list ([]) for a currency that is not enabled", async () => {
      const res = await call(sandbox, "POST", "/public-api/payment-prerequest", {
        json: { public_key: testKey(), currency: "GBP" },
      })
      expect(res.json.data.attributes.services).toEqual([])
    })

    it("answers 401 for an unknown or missing public key, 422 for a missing currency", async () => {
      expect(
        (
          await call(sandbox, "POST", "/public-api/payment-prerequest", {
            json: { public_key: "pk_test_nope", currency: "USD" },
          })
        ).status
      ).toBe(401)
      expect(
        (await call(sandbox, "POST", "/public-api/payment-prerequest", { json: { currency: "USD" } })).status
      ).toBe(401)
      // A private key is not a public key.
      expect(
        (
          await call(sandbox, "POST", "/public-api/payment-prerequest", {
            json: { public_key: sandbox.config.testPrivateKey, currency: "USD" },
          })
        ).status
      ).toBe(401)
      expect(
        (await call(sandbox, "POST", "/public-api/payment-prerequest", { json: { public_key: testKey() } })).status
      ).toBe(422)
    })
  })

  describe("POST /public-api/payout-prerequest", () => {
    it("lists payout services with fields and amount limits", async () => {
      const res = await call(sandbox, "POST", "/public-api/payout-prerequest", {
        json: { public_key: testKey(), currency: "UAH", amount: 100 },
      })
      expect(res.status).toBe(200)
      expect(res.json.data.type).toBe("payout-prerequest")
      const service = res.json.data.attributes.services.payment_card_uah
      expect(service).toEqual({
        code: "payment_card_uah",
        method: "payment_card",
        currency: "UAH",
        fields: [
          expect.objectContaining({
            key: "card_number",
            type: "string",
            regexp: "^[0-9]{13,19}$",
            required: true,
            label: expect.any(Object),
          }),
        ],
        amount_min: "1.00000000",
        amount_max: "2000000.00000000",
        exchange_rate: 1,
        status: "available",
      })
    })
  })

  describe("POST /public-api/payment-invoices", () => {
    it("creates an invoice from a flat body; the key decides test mode; callback_url is ignored", async () => {
      const res = await call(sandbox, "POST", "/public-api/payment-invoices", {
        json: {
          public_key: testKey(),
          reference_id: "pub_1",
          description: "Public order",
          currency: "EUR",
          amount: 12.5,
          service: "payment_card_eur_hpp",
          metadata: { order: "1" },
          callback_url: "https://evil.example/steal",
        },
      })
      expect(res.status).toBe(201)
      expect(res.json.data.attributes).toMatchObject({
        status: "created",
        test_mode: true,
        amount: 12.5,
        currency: "EUR",
        reference_id: "pub_1",
        callback_url: null,
        source: "platform_public_api",
      })
    })

    it("answers 403 when public creation is off, 401 for a bad key", async () => {
      sandbox.updateConfig({ allowPublicCreation: false })
      try {
        const res = await call(sandbox, "POST", "/public-api/payment-invoices", {
          json: { public_key: testKey(), reference_id: "pub_forbidden", currency: "USD", amount: 1 },
        })
        expect(res.status).toBe(403)
        expect(res.json.error_type).toBe("forbidden")
      } finally {
        sandbox.updateConfig({ allowPublicCreation: true })
      }
      const bad = await call(sandbox, "POST", "/public-api/payment-invoices", {
        json: { public_key: "pk_x", reference_id: "r", currency: "USD", amount: 1 },
      })
      expect(bad.status).toBe(401)
    })
  })

  describe("GET by id", () => {
    it("reads payment and payout invoices without a key by default", async () => {
      const inv = await createInvoice(sandbox)
      const res = await call(sandbox, "GET", `/public-api/payment-invoices/${inv.data.id}`)
      expect(res.status).toBe(200)
      expect(res.json.data.attributes.status).toBe("created")
      const payout = await call(sandbox, "POST", "/api/payout-invoices", {
        json: {
          service: "payment_card_usd",
          reference_id: "pub_payout",
          currency: "USD",
          amount: 5,
          fields: { card_number: "5519283812030000" },
        },
      })
      const read = await call(sandbox, "GET", `/public-api/payout-invoices/${payout.json.data.id}`)
      expect(read.status).toBe(200)
      expect(read.json.data.type).toBe("payout-invoices")
      expect((await call(sandbox, "GET", "/public-api/payment-invoices/cpi_missing")).status).toBe(404)
    })

    it("requires ?public_key= when publicReadRequiresKey is on", async () => {
      const inv = await createInvoice(sandbox)
      sandbox.updateConfig({ publicReadRequiresKey: true })
      try {
        expect((await call(sandbox, "GET", `/public-api/payment-invoices/${inv.data.id}`)).status).toBe(401)
        expect(
          (await call(sandbox, "GET", `/public-api/payment-invoices/${inv.data.id}?public_key=${testKey()}`)).status
        ).toBe(200)
      } finally {
        sandbox.updateConfig({ publicReadRequiresKey: false })
      }
    })
  })

  describe("POST /public-api/payment-invoices/process (HPP auto-process form)", () => {
    it("creates the invoice from form fields and redirects (302) to its HPP", async () => {
      const res = await call(sandbox, "POST", "/public-api/payment-invoices/process", {
        form: {
          amount: "100",
          public_key: testKey(),
          reference_id: "form_1",
          currency: "UAH",
          service: "payment_card_uah_hpp",
          "metadata[order_id]": "7",
        },
      })
      expect(res.status).toBe(302)
      const id = new URL(res.headers.location as string).searchParams.get("cpi")!
      expect(res.headers.location).toBe(`${sandbox.url}/hpp/?cpi=${id}`)
      const page = await call(sandbox, "GET", localPath(res.headers.location as string))
      expect(page.status).toBe(200)
      expect(page.text).toContain('data-testid="card-form"')
      expect(sandbox.getPaymentInvoice(id)!.data.attributes).toMatchObject({
        amount: 100,
        currency: "UAH",
        metadata: { order_id: "7" },
        test_mode: true,
      })
    })

    it("shows an HTML error page for invalid fields (422) and when public creation is off (403)", async () => {
      const bad = await call(sandbox, "POST", "/public-api/payment-invoices/process", {
        form: { amount: "1.001", public_key: testKey(), reference_id: "form_bad", currency: "USD" },
      })
      expect(bad.status).toBe(422)
      expect(bad.headers["content-type"]).toContain("text/html")
      expect(bad.text).toContain("decimal")
      sandbox.updateConfig({ allowPublicCreation: false })
      try {
        const off = await call(sandbox, "POST", "/public-api/payment-invoices/process", {
          form: { amount: "1", public_key: testKey(), reference_id: "form_off", currency: "USD" },
        })
        expect(off.status).toBe(403)
      } finally {
        sandbox.updateConfig({ allowPublicCreation: true })
      }
    })
  })
})
