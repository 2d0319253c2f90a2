import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { Agent } from "undici"

import { PaycoreClient, type PaycoreClientOptions, type PaycoreLogger } from "../client"
import {
  PaycoreApiError,
  PaycoreConfigError,
  PaycoreErrorCode,
  PaycoreInvalidRequestError,
  PaycoreNetworkError,
  PaycoreOutcomeUnknownError,
  PaycoreResponseError,
  PaycoreTimeoutError,
} from "../errors"
import {
  ScriptedPaycore,
  answer,
  answerText,
  create,
  createThenDrop,
  createThenFail,
  createThenHang,
  drop,
  getInvoice,
  hang,
  listByReference,
  paymentInvoiceResource,
  payoutInvoiceResource,
  refundResource,
} from "./helpers/scripted-paycore"

const ACCOUNT_ID = "coma_TestAccount01"
const API_KEY = "TkXDsecretApiKeyf7R0"
const BASIC_CREDENTIALS = Buffer.from(`${ACCOUNT_ID}:${API_KEY}`).toString("base64")
const PUBLIC_KEY = "pk_test_PublicKey01"
const CARD_NUMBER = "5404367504475264"
// Only tests whose server never answers use the short timeout: under a loaded CI machine an
// answered request can take longer than 150 ms, and a timed-out GET is retried (a flaky count).
const TIMEOUT_MS = 150
const ANSWERED_TIMEOUT_MS = 10_000

const INVOICES = "/api/payment-invoices"
const PAYOUTS = "/api/payout-invoices"

const newInvoice = (overrides: Record<string, unknown> = {}) => ({
  reference_id: "payses_01",
  service: "payment_card_usd_hpp",
  currency: "usd",
  amount: 49.9,
  test_mode: true,
  ...overrides,
})

/** Captures everything logged, to check that no secret ever reaches a log line. */
function capturingLogger(): PaycoreLogger & { lines: string[] } {
  const lines: string[] = []
  const record = (level: string) => (message: string, meta?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`)
  }
  return { lines, debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") }
}

/** Everything about an error a careless caller might print. */
function printable(error: unknown): string {
  const value = error as Error & { cause?: unknown }
  return [value.message, value.stack, JSON.stringify(value), String(value)].join("\n")
}

async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error("expected the promise to reject")
}

describe("PaycoreClient over real HTTP", () => {
  const paycore = new ScriptedPaycore()
  const clients: PaycoreClient[] = []

  function client(overrides: Partial<PaycoreClientOptions> = {}): PaycoreClient {
    const instance = new PaycoreClient({
      baseUrl: paycore.url,
      accountId: ACCOUNT_ID,
      apiKey: API_KEY,
      publicKey: PUBLIC_KEY,
      timeoutMs: ANSWERED_TIMEOUT_MS,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      ...overrides,
    })
    clients.push(instance)
    return instance
  }

  beforeAll(async () => {
    await paycore.start()
  })

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((instance) => instance.close()))
    paycore.reset()
  })

  afterAll(async () => {
    await paycore.close()
  })

  describe("requests", () => {
    it("sends HTTP Basic accountId:apiKey, JSON headers and a JSON:API envelope when creating a payment invoice", async () => {
      paycore.script(`POST ${INVOICES}`, create("invoice"))

      const invoice = await client().createPaymentInvoice(newInvoice({ metadata: { cart_id: "cart_1" } }))

      const [request] = paycore.requests
      expect(request.headers.authorization).toBe(`Basic ${BASIC_CREDENTIALS}`)
      expect(request.headers.accept).toBe("application/json")
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.body).toEqual({
        data: {
          type: "payment-invoices",
          attributes: {
            reference_id: "payses_01",
            service: "payment_card_usd_hpp",
            currency: "USD",
            amount: 49.9,
            test_mode: true,
            metadata: { cart_id: "cart_1" },
          },
        },
      })
      expect(request.raw).toContain('"amount":49.9')
      expect(invoice.id).toMatch(/^cpi_/)
      expect(invoice.attributes.reference_id).toBe("payses_01")
    })

    it("prefixes every path with the baseUrl's own path (white-label installations)", async () => {
      paycore.script(
        `GET /paycore${INVOICES}/cpi_prefixed`,
        answer(200, { data: paymentInvoiceResource({ currency: "USD" }, "cpi_prefixed") })
      )

      await client({ baseUrl: `${paycore.url}/paycore/` }).getPaymentInvoice("cpi_prefixed")

      expect(paycore.requests.map((request) => request.path)).toEqual([`/paycore${INVOICES}/cpi_prefixed`])
    })

    it.each<
      [
        string,
        string,
        (client: PaycoreClient) => Promise<unknown>,
        (paycore: ScriptedPaycore) => void,
        Record<string, unknown> | undefined,
      ]
    >([
      [
        "getPaymentInvoice",
        `GET ${INVOICES}/cpi_get1`,
        (c) => c.getPaymentInvoice("cpi_get1"),
        (p) =>
          p.script(
            `GET ${INVOICES}/cpi_get1`,
            answer(200, { data: paymentInvoiceResource({ currency: "USD" }, "cpi_get1") })
          ),
        undefined,
      ],
      [
        "findPaymentInvoiceByReference",
        `GET ${INVOICES}`,
        (c) => c.findPaymentInvoiceByReference("order 1/2"),
        (p) => p.script(`GET ${INVOICES}`, listByReference("invoice")),
        undefined,
      ],
      [
        "refundPaymentInvoice",
        `POST ${INVOICES}/cpi_paid1/refund`,
        (c) =>
          c.refundPaymentInvoice("cpi_paid1", { amount: 10, reference_id: "refund_1", description: "Refund by order" }),
        (p) => p.script(`POST ${INVOICES}/cpi_paid1/refund`, create("refund")),
        {
          data: {
            type: "refund",
            attributes: {
              invoiceId: "cpi_paid1",
              amount: 10,
              reference_id: "refund_1",
              description: "Refund by order",
            },
          },
        },
      ],
      [
        "createPayoutInvoice",
        `POST ${PAYOUTS}`,
        (c) =>
          c.createPayoutInvoice({
            reference_id: "payout_1",
            service: "payment_card_uah",
            currency: "UAH",
            amount: 100,
            fields: { card_number: CARD_NUMBER },
          }),
        (p) => p.script(`POST ${PAYOUTS}`, create("payout")),
        {
          data: {
            type: "payout-invoice",
            attributes: {
              reference_id: "payout_1",
              service: "payment_card_uah",
              currency: "UAH",
              amount: 100,
              fields: { card_number: CARD_NUMBER },
            },
          },
        },
      ],
      [
        "getPayoutInvoice",
        `GET ${PAYOUTS}/cpoi_get1`,
        (c) => c.getPayoutInvoice("cpoi_get1"),
        (p) =>
          p.script(
            `GET ${PAYOUTS}/cpoi_get1`,
            answer(200, { data: payoutInvoiceResource({ currency: "USD" }, "cpoi_get1") })
          ),
        undefined,
      ],
      [
        "findPayoutInvoiceByReference",
        `GET ${PAYOUTS}`,
        (c) => c.findPayoutInvoiceByReference("payout_1"),
        (p) => p.script(`GET ${PAYOUTS}`, listByReference("payout")),
        undefined,
      ],
    ])("%s calls %s with Basic auth", async (_name, route, call, script, expectedBody) => {
      script(paycore)

      await call(client())

      expect(paycore.requests).toHaveLength(1)
      const [request] = paycore.requests
      expect(`${request.method} ${request.path}`).toBe(route)
      expect(request.headers.authorization).toBe(`Basic ${BASIC_CREDENTIALS}`)
      if (expectedBody) {
        expect(request.body).toEqual(expectedBody)
      }
    })

    it("looks a reference up with filter[reference_id], encoding it safely", async () => {
      paycore.script(`GET ${INVOICES}`, listByReference("invoice"))

      await client().findPaymentInvoiceByReference("order 1/2&x=1")

      expect(paycore.requests[0].query.get("filter[reference_id]")).toBe("order 1/2&x=1")
      expect(paycore.requests[0].query.get("x")).toBeNull()
    })

    it.each<[string, string, (client: PaycoreClient) => Promise<unknown>, unknown]>([
      [
        "paymentPrerequest",
        "POST /public-api/payment-prerequest",
        (c) => c.paymentPrerequest({ currency: "usd", amount: 10 }),
        { data: { type: "payment-prerequest", attributes: { currency: "USD", services: [], methods: [] } } },
      ],
      [
        "payoutPrerequest",
        "POST /public-api/payout-prerequest",
        (c) => c.payoutPrerequest({ currency: "usd", amount: 10 }),
        { data: { type: "payout-prerequest", attributes: { currency: "USD", services: [] } } },
      ],
    ])("%s calls %s with the public key in a flat body and no credentials", async (_name, route, call, response) => {
      paycore.script(route, answer(200, response))

      await call(client())

      const [request] = paycore.requests
      expect(`${request.method} ${request.path}`).toBe(route)
      expect(request.body).toEqual({ public_key: PUBLIC_KEY, currency: "USD", amount: 10 })
      expect(request.headers.authorization).toBeUndefined()
    })

    it("getPublicPaymentInvoice reads the Public API without credentials", async () => {
      paycore.script(
        "GET /public-api/payment-invoices/cpi_pub1",
        answer(200, { data: paymentInvoiceResource({ currency: "USD" }, "cpi_pub1") })
      )

      const invoice = await client().getPublicPaymentInvoice("cpi_pub1")

      expect(invoice.id).toBe("cpi_pub1")
      expect(paycore.requests[0].headers.authorization).toBeUndefined()
    })

    it("lets a pre-request use a public key given per call", async () => {
      paycore.script(
        "POST /public-api/payment-prerequest",
        answer(200, { data: { type: "payment-prerequest", attributes: { currency: "EUR", services: [] } } })
      )

      await client({ publicKey: undefined }).paymentPrerequest({ currency: "EUR", publicKey: "pk_test_Other" })

      expect(paycore.requests[0].body).toEqual({ public_key: "pk_test_Other", currency: "EUR" })
    })

    it("refuses a pre-request when no public key is configured, without sending anything", async () => {
      const error = await rejectionOf(client({ publicKey: undefined }).paymentPrerequest({ currency: "USD" }))

      expect(error).toBeInstanceOf(PaycoreConfigError)
      expect(paycore.requests).toHaveLength(0)
    })
  })

  describe("finding by reference", () => {
    it("returns null when no invoice has the reference", async () => {
      paycore.script(`GET ${INVOICES}`, listByReference("invoice"))

      await expect(client().findPaymentInvoiceByReference("missing")).resolves.toBeNull()
    })

    it("ignores invoices with another reference when the server ignores the filter; none listed is unknown, not null", async () => {
      const other = paymentInvoiceResource({ currency: "USD", reference_id: "someone_else" })
      const mine = paymentInvoiceResource({ currency: "USD", reference_id: "mine" })
      paycore.script(`GET ${INVOICES}`, answer(200, { data: [other, mine] }))

      await expect(client().findPaymentInvoiceByReference("mine")).resolves.toMatchObject({ id: mine.id })
      await expect(client().findPaymentInvoiceByReference("nobody")).rejects.toMatchObject({
        code: PaycoreErrorCode.REFERENCE_LOOKUP_UNAVAILABLE,
        kind: "ignored",
      })
    })
  })

  describe("errors that are not retried", () => {
    it("throws PaycoreApiError with PayCore's error fields on 422, after one request and a lookup finding nothing", async () => {
      paycore.script(
        `POST ${INVOICES}`,
        answer(422, { request_id: "req_422", error_type: "validation_error", error_codes: { service: ["not_found"] } })
      )
      paycore.script(`GET ${INVOICES}`, listByReference("invoice"))

      const error = await rejectionOf(client().createPaymentInvoice(newInvoice()))

      expect(error).toBeInstanceOf(PaycoreApiError)
      expect(error).toMatchObject({
        code: PaycoreErrorCode.API,
        status: 422,
        requestId: "req_422",
        errorType: "validation_error",
        errorCodes: ["service: not_found"],
        isDuplicateReference: false,
        operation: "createPaymentInvoice",
        attempts: 1,
      })
      expect(error.message).toContain("service: not_found")
      expect(paycore.count(`POST ${INVOICES}`)).toBe(1)
      expect(paycore.count(`GET ${INVOICES}`)).toBe(1)
    })

    it.each([401, 403, 404])("does not retry HTTP %i on a read", async (status) => {
      paycore.script(`GET ${INVOICES}/cpi_x`, answer(status, { error: "nope" }))

      const error = await rejectionOf(client().getPaymentInvoice("cpi_x"))

      expect(error).toBeInstanceOf(PaycoreApiError)
      expect(error.status).toBe(status)
      expect(paycore.requests).toHaveLength(1)
    })

    it("throws PaycoreResponseError when a 2xx body does not match the schema, without retrying", async () => {
      paycore.script(
        `GET ${INVOICES}/cpi_bad`,
        answer(200, { data: { type: "payment-invoices", id: "not-an-invoice-id", attributes: {} } })
      )

      const error = await rejectionOf(client().getPaymentInvoice("cpi_bad"))

      expect(error).toBeInstanceOf(PaycoreResponseError)
      expect(error.code).toBe(PaycoreErrorCode.INVALID_RESPONSE)
      expect(error.issues).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^data\.id: /),
          expect.stringMatching(/^data\.attributes\.status: /),
        ])
      )
      expect(paycore.requests).toHaveLength(1)
    })

    it("throws PaycoreResponseError when a 2xx body is not JSON", async () => {
      paycore.script(`GET ${INVOICES}/cpi_html`, answerText(200, "<html>maintenance</html>"))

      const error = await rejectionOf(client().getPaymentInvoice("cpi_html"))

      expect(error).toBeInstanceOf(PaycoreResponseError)
      expect(error.message).toContain("not JSON")
    })

    it("rejects invalid create attributes before sending anything", async () => {
      const error = await rejectionOf(client().createPaymentInvoice(newInvoice({ amount: Number.NaN })))

      expect(error).toBeInstanceOf(PaycoreInvalidRequestError)
      expect(error.issues).toEqual([expect.stringMatching(/^amount: /)])
      expect(paycore.requests).toHaveLength(0)
    })

    it("rejects an empty invoice id before sending anything", async () => {
      await expect(client().getPaymentInvoice("")).rejects.toBeInstanceOf(PaycoreInvalidRequestError)
      expect(paycore.requests).toHaveLength(0)
    })
  })

  describe("retrying reads", () => {
    it.each<[string, ReturnType<typeof answer>, number]>([
      ["502", answer(502, { message: "Bad gateway" }), ANSWERED_TIMEOUT_MS],
      ["429", answer(429, { message: "Too many requests" }), ANSWERED_TIMEOUT_MS],
      ["a dropped connection", drop(), ANSWERED_TIMEOUT_MS],
      ["no answer within timeoutMs", hang(), TIMEOUT_MS],
    ])("retries a GET after %s and returns the second answer", async (_name, failure, timeoutMs) => {
      const invoice = paymentInvoiceResource({ currency: "USD", status: "processed" }, "cpi_retry")
      paycore.script(`GET ${INVOICES}/cpi_retry`, failure, answer(200, { data: invoice }))

      await expect(client({ timeoutMs }).getPaymentInvoice("cpi_retry")).resolves.toMatchObject({ id: "cpi_retry" })
      expect(paycore.requests).toHaveLength(2)
    })

    it("gives up after `attempts` tries with a typed error naming the operation and attempts", async () => {
      paycore.script(`GET ${INVOICES}/cpi_down`, answer(503, { message: "Service unavailable" }))

      const error = await rejectionOf(client().getPaymentInvoice("cpi_down"))

      expect(error).toBeInstanceOf(PaycoreApiError)
      expect(error).toMatchObject({ status: 503, attempts: 3, operation: "getPaymentInvoice" })
      expect(error.message).toBe(
        "PayCore getPaymentInvoice: PayCore answered HTTP 503: Service unavailable (gave up after 3 attempts)"
      )
      expect(paycore.requests).toHaveLength(3)
    })

    it("throws PaycoreTimeoutError when every attempt times out", async () => {
      paycore.script(`GET ${INVOICES}/cpi_slow`, hang())

      const error = await rejectionOf(
        client({ timeoutMs: TIMEOUT_MS, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } }).getPaymentInvoice(
          "cpi_slow"
        )
      )

      expect(error).toBeInstanceOf(PaycoreTimeoutError)
      expect(error).toMatchObject({ code: PaycoreErrorCode.TIMEOUT, attempts: 2 })
      expect(error.message).toContain(`within ${TIMEOUT_MS} ms`)
      expect(paycore.requests).toHaveLength(2)
    })

    it("caps a long Retry-After at maxDelayMs", async () => {
      const invoice = paymentInvoiceResource({ currency: "USD" }, "cpi_later")
      paycore.script(
        `GET ${INVOICES}/cpi_later`,
        answer(429, {}, { "retry-after": "120" }),
        answer(200, { data: invoice })
      )

      const startedAt = Date.now()
      await client().getPaymentInvoice("cpi_later")

      expect(Date.now() - startedAt).toBeLessThan(2_000)
    })
  })

  describe("idempotent creates", () => {
    it("after a 502 that created nothing, checks the reference, then creates once", async () => {
      paycore.script(`POST ${INVOICES}`, answer(502, { message: "Bad gateway" }), create("invoice"))
      paycore.script(`GET ${INVOICES}`, listByReference("invoice"))

      const invoice = await client().createPaymentInvoice(newInvoice())

      expect(invoice.attributes.reference_id).toBe("payses_01")
      expect(paycore.count(`POST ${INVOICES}`)).toBe(2)
      expect(paycore.count(`GET ${INVOICES}`)).toBe(1)
      expect(paycore.store.invoices).toHaveLength(1)
    })

    it.each<[string, ReturnType<typeof createThenDrop>, number]>([
      ["the connection dropped after PayCore applied the create", createThenDrop("invoice"), ANSWERED_TIMEOUT_MS],
      ["PayCore applied the create but did not answer within timeoutMs", createThenHang("invoice"), TIMEOUT_MS],
      ["PayCore applied the create but answered 502", createThenFail("invoice", 502), ANSWERED_TIMEOUT_MS],
    ])("returns the existing invoice, never a second one, when %s", async (_name, firstAttempt, timeoutMs) => {
      paycore.script(`POST ${INVOICES}`, firstAttempt, create("invoice"))
      paycore.script(`GET ${INVOICES}`, listByReference("invoice"))

      const invoice = await client({ timeoutMs }).createPaymentInvoice(newInvoice())

      expect(paycore.store.invoices).toHaveLength(1)
      expect(invoice.id).toBe(paycore.store.invoices[0].id)
      expect(paycore.count(`POST ${INVOICES}`)).toBe(1)
      expect(paycore.count(`GET ${INVOICES}`)).toBe(1)
    })

    it.each<[number, unknown]>([
      [409, { message: "Request refused" }],
      [422, { error_type: "validation_error", error_codes: { reference_id: ["taken"] } }],
      [429, { error: "Too many requests" }],
    ])(
      "returns the existing invoice when a retried create is answered %i in any wording (%j)",
      async (status, body) => {
        // Attempt 1 lands but its answer is lost; the lookup does not see it yet
        // (eventual consistency); attempt 2 is refused because the reference is taken.
        paycore.script(`POST ${INVOICES}`, createThenFail("invoice", 502), answer(status, body))
        paycore.script(`GET ${INVOICES}`, answer(200, { data: [] }), listByReference("invoice"))

        const invoice = await client().createPaymentInvoice(newInvoice())

        expect(invoice.id).toBe(paycore.store.invoices[0].id)
        expect(paycore.store.invoices).toHaveLength(1)
        expect(paycore.count(`POST ${INVOICES}`)).toBe(2)
        expect(paycore.count(`GET ${INVOICES}`)).toBe(2)
      }
    )

    it.each([409, 422, 429])(
      "reports HTTP %i to the first attempt as a duplicate reference when the reference already exists, whatever the words",
      async (status) => {
        paycore.store.invoices.push(paymentInvoiceResource({ currency: "USD", reference_id: "payses_01" }))
        paycore.script(`POST ${INVOICES}`, answer(status, { message: "Request refused" }))
        paycore.script(`GET ${INVOICES}`, listByReference("invoice"))

        const error = await rejectionOf(client().createPaymentInvoice(newInvoice()))

        expect(error).toBeInstanceOf(PaycoreApiError)
        expect(error).toMatchObject({ status, isDuplicateReference: true, attempts: 1 })
        expect(paycore.count(`POST ${INVOICES}`)).toBe(1)
        expect(paycore.count(`GET ${INVOICES}`)).toBe(1)
      }
    )

    it.each([409, 422])(
      "throws HTTP %i unchanged, not as a duplicate, when nothing has the reference, even if it says 'duplicate'",
      async (status) => {
        paycore.script(`POST ${INVOICES}`, answer(status, { error: "Duplicate request detected" }))
        paycore.script(`GET ${INVOICES}`, listByReference("invoice"))

        const error = await rejectionOf(client().createPaymentInvoice(newInvoice()))

        expect(error).toBeInstanceOf(PaycoreApiError)
        expect(error).toMatchObject({ status, isDuplicateReference: false, attempts: 1 })
        expect(paycore.count(`POST ${INVOICES}`)).toBe(1)
      }
    )

    it("retries a 429 as a rate limit, after Retry-After, when nothing has the reference", async () => {
      const logger = capturingLogger()
      paycore.script(
        `POST ${INVOICES}`,
        answer(429, { error: "Too many requests or duplicate request detected" }, { "retry-after": "1" }),
        create("invoice")
      )
      paycore.script(`GET ${INVOICES}`, listByReference("invoice"))

      const invoice = await client({ logger }).createPaymentInvoice(newInvoice())

      expect(invoice.id).toBe(paycore.store.invoices[0].id)
      expect(paycore.count(`POST ${INVOICES}`)).toBe(2)
      // Retry-After (1 s) capped at maxDelayMs (5 ms); the jittered delay alone stays below 1 ms.
      expect(logger.lines.find((line) => line.includes("paycore: retrying"))).toContain('"delayMs":5')
    })

    it("after a lost answer, throws PaycoreOutcomeUnknownError for a 409 to the re-send when the lookup still finds nothing", async () => {
      paycore.script(`POST ${INVOICES}`, createThenFail("invoice", 502), answer(409, { message: "Conflict" }))
      paycore.script(`GET ${INVOICES}`, answer(200, { data: [] }))

      const error = await rejectionOf(client().createPaymentInvoice(newInvoice()))

      expect(error).toBeInstanceOf(PaycoreOutcomeUnknownError)
      expect(error.cause).toMatchObject({ status: 409, isDuplicateReference: false })
      expect(paycore.count(`POST ${INVOICES}`)).toBe(2)
    })

    it("keeps retrying the lookup after a 409 when it fails, and then reports the duplicate", async () => {
      paycore.store.invoices.push(paymentInvoiceResource({ currency: "USD", reference_id: "payses_01" }))
      paycore.script(`POST ${INVOICES}`, answer(409, { message: "Request refused" }))
      paycore.script(`GET ${INVOICES}`, answer(503, { message: "Service unavailable" }), listByReference("invoice"))

      const error = await rejectionOf(client().createPaymentInvoice(newInvoice()))

      expect(error).toMatchObject({ status: 409, isDuplicateReference: true })
      expect(paycore.count(`POST ${INVOICES}`)).toBe(1)
      expect(paycore.count(`GET ${INVOICES}`)).toBe(2)
    })

    it("throws PaycoreOutcomeUnknownError when every attempt may have landed and none can be confirmed", async () => {
      paycore.script(`POST ${INVOICES}`, answer(502, { message: "Bad gateway" }))
      paycore.script(`GET ${INVOICES}`, answer(502, { message: "Bad gateway" }))

      const error = await rejectionOf(client().createPaymentInvoice(newInvoice()))

      expect(error).toBeInstanceOf(PaycoreOutcomeUnknownError)
      expect(error).toMatchObject({
        code: PaycoreErrorCode.OUTCOME_UNKNOWN,
        referenceId: "payses_01",
        attempts: 3,
        operation: "createPaymentInvoice",
        retryable: true,
      })
      expect(error.message).toContain('reference_id "payses_01"')
      expect(error.message).toContain("3 attempts")
      // Never sent blind: after the first 502, a create is only re-sent once a lookup answered.
      expect(paycore.count(`POST ${INVOICES}`)).toBe(1)
    })

    it("throws PaycoreOutcomeUnknownError, not the lookup's error, when the lookup after an unconfirmed create is refused", async () => {
      paycore.script(`POST ${INVOICES}`, answer(502, { message: "Bad gateway" }))
      paycore.script(`GET ${INVOICES}`, answer(403, { error: "Forbidden" }))

      const error = await rejectionOf(client().createPaymentInvoice(newInvoice()))

      expect(error).toBeInstanceOf(PaycoreOutcomeUnknownError)
      expect(error.cause).toBeInstanceOf(PaycoreApiError)
      expect(error.cause.status).toBe(403)
      expect(paycore.count(`POST ${INVOICES}`)).toBe(1)
    })

    it("throws PaycoreOutcomeUnknownError when creates keep failing and lookups keep finding nothing", async () => {
      paycore.script(`POST ${INVOICES}`, answer(500, { message: "Internal error" }))
      paycore.script(`GET ${INVOICES}`, listByReference("invoice"))

      const error = await rejectionOf(client().createPaymentInvoice(newInvoice()))

      expect(error).toBeInstanceOf(PaycoreOutcomeUnknownError)
      expect(paycore.count(`POST ${INVOICES}`)).toBe(3)
      // one lookup before each re-send, and a last one before giving up
      expect(paycore.count(`GET ${INVOICES}`)).toBe(3)
    })

    it("throws the network error (not 'outcome unknown') when the connection is refused every time", async () => {
      const closed = createServer()
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve))
      const { port } = closed.address() as AddressInfo
      await new Promise<void>((resolve) => closed.close(() => resolve()))

      const error = await rejectionOf(
        client({ baseUrl: `http://127.0.0.1:${port}` }).createPaymentInvoice(newInvoice())
      )

      expect(error).toBeInstanceOf(PaycoreNetworkError)
      expect(error).toMatchObject({ code: PaycoreErrorCode.NETWORK, mayHaveReachedPaycore: false, attempts: 3 })
      expect(error.message).toContain("connection refused")
    })

    it("does the same for payout invoices: a lost answer returns the existing payout", async () => {
      paycore.script(`POST ${PAYOUTS}`, createThenDrop("payout"), create("payout"))
      paycore.script(`GET ${PAYOUTS}`, listByReference("payout"))

      const payout = await client().createPayoutInvoice({
        reference_id: "payout_1",
        service: "payment_card_uah",
        currency: "UAH",
        amount: 100,
        fields: { card_number: CARD_NUMBER },
      })

      expect(paycore.store.payouts).toHaveLength(1)
      expect(payout.id).toBe(paycore.store.payouts[0].id)
    })
  })

  describe("idempotent refunds", () => {
    const REFUND_ROUTE = `POST ${INVOICES}/cpi_paid1/refund`
    const refund = { amount: 10, reference_id: "refund_1" }

    it("finds a refund whose answer was lost in the invoice's included resources", async () => {
      paycore.script(REFUND_ROUTE, createThenDrop("refund"), create("refund"))
      paycore.script(`GET ${INVOICES}/cpi_paid1`, getInvoice({ includeRefunds: true }))

      const result = await client().refundPaymentInvoice("cpi_paid1", refund)

      expect(paycore.store.refunds).toHaveLength(1)
      expect(result.id).toBe(paycore.store.refunds[0].id)
      expect(paycore.count(REFUND_ROUTE)).toBe(1)
    })

    it("reports a refund reference used before the call as a duplicate once the invoice lists it", async () => {
      paycore.store.refunds.push(refundResource({ invoice_id: "cpi_paid1", amount: 10, reference_id: "refund_1" }))
      paycore.script(REFUND_ROUTE, answer(422, { message: "Request refused" }))
      paycore.script(`GET ${INVOICES}/cpi_paid1`, getInvoice({ includeRefunds: true }))

      const error = await rejectionOf(client().refundPaymentInvoice("cpi_paid1", refund))

      expect(error).toMatchObject({ status: 422, isDuplicateReference: true, attempts: 1 })
      expect(paycore.count(REFUND_ROUTE)).toBe(1)
    })

    it("when a refund whose answer was lost cannot be read back, a 422 to the re-send is 'outcome unknown', not a refusal", async () => {
      paycore.script(
        REFUND_ROUTE,
        createThenDrop("refund"),
        answer(422, { error_codes: { reference_id: ["duplicate"] } })
      )
      paycore.script(`GET ${INVOICES}/cpi_paid1`, getInvoice({ includeRefunds: false }))

      const error = await rejectionOf(client().refundPaymentInvoice("cpi_paid1", refund))

      expect(error).toBeInstanceOf(PaycoreOutcomeUnknownError)
      expect(error.cause).toMatchObject({ status: 422 })
      expect(paycore.store.refunds).toHaveLength(1)
      expect(paycore.count(REFUND_ROUTE)).toBe(2)
    })

    it("returns the refund PayCore created", async () => {
      paycore.script(
        REFUND_ROUTE,
        answer(201, { data: refundResource({ amount: 10, reference_id: "refund_1" }, "ref_known1") })
      )

      await expect(client().refundPaymentInvoice("cpi_paid1", refund)).resolves.toMatchObject({
        id: "ref_known1",
        attributes: { amount: 10 },
      })
    })
  })

  describe("connections", () => {
    it("reuses keep-alive connections: 20 sequential calls open at most `connections` sockets", async () => {
      const invoice = paymentInvoiceResource({ currency: "USD" }, "cpi_keep")
      paycore.script(`GET ${INVOICES}/cpi_keep`, answer(200, { data: invoice }))
      const paycoreClient = client({ connections: 2 })

      for (let call = 0; call < 20; call++) {
        await paycoreClient.getPaymentInvoice("cpi_keep")
      }

      expect(paycore.requests).toHaveLength(20)
      expect(paycore.connections).toBeGreaterThanOrEqual(1)
      expect(paycore.connections).toBeLessThanOrEqual(2)
    })

    it("never opens more than `connections` sockets for parallel calls", async () => {
      const invoice = paymentInvoiceResource({ currency: "USD" }, "cpi_par")
      paycore.script(`GET ${INVOICES}/cpi_par`, answer(200, { data: invoice }))
      const paycoreClient = client({ connections: 3 })

      await Promise.all(Array.from({ length: 15 }, () => paycoreClient.getPaymentInvoice("cpi_par")))

      expect(paycore.requests).toHaveLength(15)
      expect(paycore.connections).toBeLessThanOrEqual(3)
    })

    it("uses an injected dispatcher and leaves it open on close()", async () => {
      const agent = new Agent({ connections: 1 })
      const invoice = paymentInvoiceResource({ currency: "USD" }, "cpi_agent")
      paycore.script(`GET ${INVOICES}/cpi_agent`, answer(200, { data: invoice }))
      const paycoreClient = client({ dispatcher: agent })

      await paycoreClient.getPaymentInvoice("cpi_agent")
      await paycoreClient.close()

      expect(agent.closed).toBe(false)
      await agent.close()
    })

    it("refuses calls after close(), and close() can be called twice", async () => {
      const paycoreClient = client()
      await paycoreClient.close()
      await paycoreClient.close()

      await expect(paycoreClient.getPaymentInvoice("cpi_1")).rejects.toBeInstanceOf(PaycoreConfigError)
      expect(paycore.requests).toHaveLength(0)
    })
  })

  describe("secrets", () => {
    it("never puts the API key or Authorization header into errors or logs", async () => {
      const logger = capturingLogger()
      const paycoreClient = client({
        logger,
        timeoutMs: TIMEOUT_MS,
        retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      })
      // A hostile or buggy server echoing the credentials back in its error body.
      paycore.script(
        `GET ${INVOICES}/cpi_echo`,
        answer(401, { error: `bad credentials Basic ${BASIC_CREDENTIALS} / ${API_KEY}` })
      )
      paycore.script(`GET ${INVOICES}/cpi_slow`, hang())
      paycore.script(`POST ${INVOICES}`, answer(502, { message: `upstream rejected ${API_KEY}` }))
      paycore.script(`GET ${INVOICES}`, answer(500, { message: `db down for ${ACCOUNT_ID}:${API_KEY}` }))

      const errors = [
        await rejectionOf(paycoreClient.getPaymentInvoice("cpi_echo")),
        await rejectionOf(paycoreClient.getPaymentInvoice("cpi_slow")),
        await rejectionOf(paycoreClient.createPaymentInvoice(newInvoice())),
      ]

      expect(errors.map((error) => error.code)).toEqual([
        PaycoreErrorCode.API,
        PaycoreErrorCode.TIMEOUT,
        PaycoreErrorCode.OUTCOME_UNKNOWN,
      ])
      for (const text of [...errors.map(printable), ...logger.lines]) {
        expect(text).not.toContain(API_KEY)
        expect(text).not.toContain(BASIC_CREDENTIALS)
      }
      expect(errors[0].message).toContain("[redacted]")
    })

    it("masks payout card numbers to first 6 + last 4 in logs and errors", async () => {
      const logger = capturingLogger()
      paycore.script(
        `POST ${PAYOUTS}`,
        answer(422, { error_codes: { "fields.card_number": [`${CARD_NUMBER} is not allowed`] } })
      )
      paycore.script(`GET ${PAYOUTS}`, listByReference("payout"))

      const error = await rejectionOf(
        client({ logger }).createPayoutInvoice({
          reference_id: "payout_2",
          service: "payment_card_uah",
          currency: "UAH",
          amount: 100,
          fields: { card_number: CARD_NUMBER },
        })
      )

      expect(paycore.requests[0].body.data.attributes.fields.card_number).toBe(CARD_NUMBER)
      expect(logger.lines.join("\n")).toContain("540436******5264")
      for (const text of [printable(error), ...logger.lines]) {
        expect(text).not.toContain(CARD_NUMBER)
      }
    })

    it("rejects invalid options with a PaycoreConfigError that does not contain the key", () => {
      expect(() => new PaycoreClient({ baseUrl: "not a url", accountId: ACCOUNT_ID, apiKey: API_KEY })).toThrow(
        PaycoreConfigError
      )
      try {
        new PaycoreClient({ baseUrl: `https://user:${API_KEY}@example.com`, accountId: "", apiKey: API_KEY })
      } catch (error) {
        expect(printable(error)).not.toContain(API_KEY)
        expect((error as Error).message).toMatch(/baseUrl.*accountId/s)
      }
    })

    it("does not show the API key when the client itself is inspected", () => {
      const paycoreClient = client()
      expect(JSON.stringify(paycoreClient)).not.toContain(API_KEY)
      expect(require("node:util").inspect(paycoreClient, { depth: 5 })).not.toContain(API_KEY)
    })
  })
})
