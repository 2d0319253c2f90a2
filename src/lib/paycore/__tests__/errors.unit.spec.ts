import {
  PaycoreApiError,
  PaycoreErrorCode,
  PaycoreNetworkError,
  PaycoreOutcomeUnknownError,
  PaycoreResponseError,
  PaycoreTimeoutError,
  parsePaycoreErrorBody,
} from "../errors"
import { createTextRedactor, maskCardNumber, maskCardNumbersInText, redactForLog } from "../redact"

describe("parsePaycoreErrorBody", () => {
  it.each<[string, unknown, ReturnType<typeof parsePaycoreErrorBody>]>([
    [
      "PayCore's documented shape with error_codes as a field map",
      { request_id: "req_1", error_type: "validation_error", error_codes: { reference_id: ["required"] } },
      {
        requestId: "req_1",
        errorType: "validation_error",
        errorCodes: ["reference_id: required"],
        messages: [],
        format: "paycore",
      },
    ],
    [
      "error_codes as an array of strings",
      { request_id: "req_2", error_type: "invalid_request", error_codes: ["amount_invalid", "currency_invalid"] },
      {
        requestId: "req_2",
        errorType: "invalid_request",
        errorCodes: ["amount_invalid", "currency_invalid"],
        messages: [],
        format: "paycore",
      },
    ],
    [
      "error_codes as an array of {field, code} objects",
      { error_type: "validation_error", error_codes: [{ field: "amount", code: "too_small" }] },
      {
        requestId: undefined,
        errorType: "validation_error",
        errorCodes: ["amount: too_small"],
        messages: [],
        format: "paycore",
      },
    ],
    [
      "a JSON:API errors array",
      {
        errors: [
          {
            status: "422",
            code: "duplicate",
            title: "Duplicate reference_id",
            source: { pointer: "/data/attributes/reference_id" },
          },
        ],
      },
      {
        requestId: undefined,
        errorType: undefined,
        errorCodes: ["reference_id: duplicate"],
        messages: ["Duplicate reference_id"],
        format: "jsonapi",
      },
    ],
    [
      "an error string",
      { error: "Unauthorized" },
      { requestId: undefined, errorType: undefined, errorCodes: [], messages: ["Unauthorized"], format: "other" },
    ],
    [
      "an error object",
      { error: { type: "not_found", message: "Invoice not found", code: "404" } },
      {
        requestId: undefined,
        errorType: "not_found",
        errorCodes: ["404"],
        messages: ["Invoice not found"],
        format: "other",
      },
    ],
    [
      "a bare message",
      { message: "Server Error" },
      { requestId: undefined, errorType: undefined, errorCodes: [], messages: ["Server Error"], format: "other" },
    ],
    ["something that is not an object", "<html>502</html>", { errorCodes: [], messages: [], format: "other" }],
  ])("reads %s", (_name, body, expected) => {
    expect(parsePaycoreErrorBody(body)).toEqual(expected)
  })
})

describe("PaycoreApiError", () => {
  it("builds a message with status, type, codes and request id", () => {
    const error = new PaycoreApiError({
      status: 422,
      operation: "createPaymentInvoice",
      body: { request_id: "req_9", error_type: "validation_error", error_codes: { amount: ["required"] } },
    })
    expect(error.message).toBe(
      "PayCore createPaymentInvoice: PayCore answered HTTP 422 (validation_error): amount: required [request_id req_9]"
    )
    expect(error).toMatchObject({ code: PaycoreErrorCode.API, status: 422, requestId: "req_9", retryable: false })
    expect(error.name).toBe("PaycoreApiError")
  })

  it.each<[string, number, unknown]>([
    ["422 saying duplicate in error_codes", 422, { error_codes: { reference_id: ["duplicate"] } }],
    ["422 saying 'already exists'", 422, { errors: [{ detail: "Invoice with this reference_id already exists" }] }],
    [
      "429 with PayCore's 'duplicate request detected'",
      429,
      { error: "Too many requests or duplicate request detected" },
    ],
    ["409 saying nothing about duplicates", 409, { message: "Request refused" }],
  ])("is not a duplicate reference by its wording alone: %s", (_name, status, body) => {
    expect(new PaycoreApiError({ status, body }).isDuplicateReference).toBe(false)
  })

  it("becomes a duplicate reference once marked (after the client found the reference), keeping its other fields", () => {
    const error = new PaycoreApiError({ status: 409, body: { message: "Request refused" } })

    expect(error.markDuplicateReference()).toBe(error)
    expect(error).toMatchObject({ isDuplicateReference: true, status: 409, retryable: false })
    expect(error.message).toBe("PayCore: PayCore answered HTTP 409: Request refused")
  })

  it.each<[number, boolean]>([
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [422, false],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
  ])("HTTP %i is retryable: %s", (status, expected) => {
    expect(new PaycoreApiError({ status }).retryable).toBe(expected)
  })

  it("removes secrets from body text with the redactor and masks card numbers", () => {
    const redact = createTextRedactor(["super-secret-api-key"])
    const error = new PaycoreApiError({
      status: 422,
      body: { error: "key super-secret-api-key rejected for card 5404367504475264" },
      redact,
    })
    expect(error.message).not.toContain("super-secret-api-key")
    expect(error.message).not.toContain("5404367504475264")
    expect(error.message).toContain("540436******5264")
  })

  it("adds the attempt count once retries are exhausted", () => {
    const error = new PaycoreApiError({ status: 502, operation: "getPaymentInvoice" }).markAttempts(3)
    expect(error.message).toBe("PayCore getPaymentInvoice: PayCore answered HTTP 502 (gave up after 3 attempts)")
    expect(error.attempts).toBe(3)
  })
})

describe("other errors have stable codes", () => {
  it.each([
    [
      "PaycoreNetworkError",
      new PaycoreNetworkError("connection reset (ECONNRESET)", { mayHaveReachedPaycore: true }),
      PaycoreErrorCode.NETWORK,
      true,
    ],
    [
      "PaycoreTimeoutError",
      new PaycoreTimeoutError("no answer within 10 ms", { mayHaveReachedPaycore: true }),
      PaycoreErrorCode.TIMEOUT,
      true,
    ],
    [
      "PaycoreResponseError",
      new PaycoreResponseError({ status: 200, issues: ["data.id: bad"], expected: "x" }),
      PaycoreErrorCode.INVALID_RESPONSE,
      false,
    ],
    [
      "PaycoreOutcomeUnknownError",
      new PaycoreOutcomeUnknownError({ referenceId: "r1", attempts: 3 }),
      PaycoreErrorCode.OUTCOME_UNKNOWN,
      true,
    ],
  ] as const)("%s has its stable code and retryable flag", (_name, error, code, retryable) => {
    expect(error.code).toBe(code)
    expect(error.retryable).toBe(retryable)
    expect(error).toBeInstanceOf(Error)
  })
})

describe("redaction", () => {
  it.each([
    ["5404367504475264", "540436******5264"],
    ["4111 1111 1111 1111", "411111******1111"],
    ["5404-3675-0447-5264", "540436******5264"],
    ["123", "[redacted]"],
  ])("maskCardNumber(%s) → %s", (input, expected) => {
    expect(maskCardNumber(input)).toBe(expected)
  })

  it("masks card numbers inside text but leaves timestamps and amounts alone", () => {
    expect(maskCardNumbersInText("card 5404367504475264 at 1622799042 for 1000.55")).toBe(
      "card 540436******5264 at 1622799042 for 1000.55"
    )
  })

  it("redactForLog masks card_number fields, drops CVV, and does not change the input", () => {
    const input = { service: "payment_card_uah", fields: { card_number: "5404367504475264", cvv: "123" }, amount: 100 }
    expect(redactForLog(input)).toEqual({
      service: "payment_card_uah",
      fields: { card_number: "540436******5264", cvv: "[redacted]" },
      amount: 100,
    })
    expect(input.fields.card_number).toBe("5404367504475264")
  })

  it("the text redactor removes a secret and its base64 Basic-auth form", () => {
    const credentials = Buffer.from("coma_1:key-123456").toString("base64")
    const redact = createTextRedactor(["key-123456", credentials])
    expect(redact(`Authorization: Basic ${credentials} key-123456`)).toBe("Authorization: Basic [redacted] [redacted]")
  })
})
