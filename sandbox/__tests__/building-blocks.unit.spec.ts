import { readFileSync, unlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DEFAULT_CONFIG, resolveConfig } from "../src/config"
import { parseNestedParams } from "../src/http"
import { formatMajor, toMajorNumber, toMinorUnits } from "../src/money"
import { phpJsonEncode } from "../src/php-json"
import { signCallbackBody, verifyCallbackSignature } from "../src/signature"
import { cardOutcome, maskCardNumber, parseExpiry } from "../src/test-cards"

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, "../fixtures", name), "utf8")).body

// docs/paycore-notes.md, "Callbacks and signatures" (the test name keeps the section in the team's earlier PayCore reference).
describe("signature (PayCore's worked example)", () => {
  const example = fixture("signature-example.json")

  it("reproduces the worked example: base64(sha1(secret + raw body + secret))", () => {
    expect(example.rawBody).toHaveLength(194)
    expect(signCallbackBody(example.rawBody, example.secret)).toBe("+sWdcNdL4IHzEYK5pI8KYF6hh/o=")
  })

  it("gives the documented wrong value when the same JSON is re-serialised", () => {
    const pretty = JSON.stringify(JSON.parse(example.rawBody), null, 2)
    expect(signCallbackBody(pretty, example.secret)).toBe(example.wrongSignatureIfReserialised)
  })

  it("verifies only the exact header for the exact bytes", () => {
    expect(verifyCallbackSignature(example.rawBody, " +sWdcNdL4IHzEYK5pI8KYF6hh/o= ", example.secret)).toBe(true)
    expect(verifyCallbackSignature(example.rawBody + " ", example.signature, example.secret)).toBe(false)
    expect(verifyCallbackSignature(example.rawBody, example.signature, "sk_test_other")).toBe(false)
    expect(verifyCallbackSignature(example.rawBody, undefined, example.secret)).toBe(false)
  })
})

describe("PHP-style JSON", () => {
  it("escapes slashes like json_encode", () => {
    expect(phpJsonEncode({ url: "http://senger.com/" })).toBe('{"url":"http:\\/\\/senger.com\\/"}')
  })

  it("writes empty objects and empty arrays as []", () => {
    expect(phpJsonEncode({ metadata: {}, payload: [], nested: { a: {} } })).toBe(
      '{"metadata":[],"payload":[],"nested":{"a":[]}}'
    )
  })

  it("escapes non-ASCII as lower-case \\uXXXX, astral characters as surrogate pairs", () => {
    expect(phpJsonEncode("Jané 💳 Київ")).toBe('"Jan\\u00e9 \\ud83d\\udcb3 \\u041a\\u0438\\u0457\\u0432"')
  })

  it("escapes quotes, backslashes and control characters, and leaves out undefined keys", () => {
    expect(phpJsonEncode({ a: 'q"\\\n\t\u0001', b: undefined, c: null, d: [1, 2.5, true] })).toBe(
      '{"a":"q\\"\\\\\\n\\t\\u0001","c":null,"d":[1,2.5,true]}'
    )
  })

  it("parses back to the same value", () => {
    const value = { s: "ü/é", n: 100.55, list: [{ x: 1 }], o: { k: "v" } }
    expect(JSON.parse(phpJsonEncode(value))).toEqual(value)
  })

  it("refuses non-finite numbers", () => {
    expect(() => phpJsonEncode({ a: Infinity })).toThrow(/non-finite/)
  })
})

describe("money", () => {
  it("converts major units to exact minor units per currency decimals", () => {
    expect(toMinorUnits(100.55, 2)).toEqual({ ok: true, minor: 10055 })
    expect(toMinorUnits(55, 2)).toEqual({ ok: true, minor: 5500 })
    expect(toMinorUnits(1500, 0)).toEqual({ ok: true, minor: 1500 })
    expect(toMinorUnits(1.234, 3)).toEqual({ ok: true, minor: 1234 })
    expect(toMinorUnits("10.50", 2)).toEqual({ ok: true, minor: 1050 })
    expect(toMinorUnits(1e21, 2)).toEqual({ ok: false, reason: "too_large" })
  })

  it("rejects more decimals than the currency has, and non-numbers", () => {
    expect(toMinorUnits(10.001, 2)).toEqual({ ok: false, reason: "too_many_decimals" })
    expect(toMinorUnits(1.5, 0)).toEqual({ ok: false, reason: "too_many_decimals" })
    expect(toMinorUnits(1e-7, 2)).toEqual({ ok: false, reason: "too_many_decimals" })
    expect(toMinorUnits(-1, 2)).toEqual({ ok: false, reason: "invalid" })
    expect(toMinorUnits("1,5", 2)).toEqual({ ok: false, reason: "invalid" })
    // A float produced by arithmetic is caught too: the client must round before sending.
    expect(toMinorUnits(0.1 + 0.2, 2)).toEqual({ ok: false, reason: "too_many_decimals" })
    expect(toMinorUnits(NaN, 2)).toEqual({ ok: false, reason: "invalid" })
    expect(toMinorUnits(null, 2)).toEqual({ ok: false, reason: "invalid" })
  })

  it("converts back to JSON numbers and fixed text", () => {
    expect(toMajorNumber(10055, 2)).toBe(100.55)
    expect(toMajorNumber(5500, 2)).toBe(55)
    expect(toMajorNumber(1234, 3)).toBe(1.234)
    expect(formatMajor(5500, 2)).toBe("55.00")
    expect(formatMajor(5, 3)).toBe("0.005")
    expect(formatMajor(1500, 0)).toBe("1500")
  })
})

describe("nested form/query parameters", () => {
  it("parses bracketed keys like PHP and qs", () => {
    const params = parseNestedParams([
      ["customer[reference_id]", "cus_1"],
      ["customer[address][city]", "Kyiv"],
      ["metadata[order_id]", "12345"],
      ["service_fields[0][key]", "first_name"],
      ["service_fields[0][value]", "john"],
      ["return_urls[success]", "https://shop/ok"],
      ["display[hide_footer]", "true"],
      ["list[]", "a"],
      ["list[]", "b"],
      ["amount", "100"],
    ])
    expect(params).toEqual({
      customer: { reference_id: "cus_1", address: { city: "Kyiv" } },
      metadata: { order_id: "12345" },
      service_fields: [{ key: "first_name", value: "john" }],
      return_urls: { success: "https://shop/ok" },
      display: { hide_footer: "true" },
      list: ["a", "b"],
      amount: "100",
    })
  })
})

// docs/paycore-notes.md, "Test cards" (the test name keeps the section in the team's earlier PayCore reference).
describe("test cards (PayCore's published ones)", () => {
  it("decides outcomes by card number and expiry", () => {
    expect(cardOutcome("5123817234060000", "1230")).toEqual({ kind: "success", threeDs: true })
    expect(cardOutcome("5519283812030000", "1230")).toEqual({ kind: "success", threeDs: false })
    expect(cardOutcome("5519283812030000", "0777")).toEqual({ kind: "pending", resolution: "auth_3ds_required" })
    expect(cardOutcome("4302912837020000", "0529")).toEqual({
      kind: "fail",
      threeDs: false,
      resolution: "insufficient_funds",
    })
    expect(cardOutcome("4412397212080000", "0856")).toEqual({
      kind: "fail",
      threeDs: true,
      resolution: "access_denied",
    })
    expect(cardOutcome("4302912837020000", "1230")).toEqual({
      kind: "fail",
      threeDs: false,
      resolution: "general_fatal_error",
    })
    expect(cardOutcome("4111111111111111", "1230")).toEqual({ kind: "unknown_card" })
  })

  it("masks card numbers to the first 6 and last 4 digits", () => {
    expect(maskCardNumber("5404367504475264")).toBe("540436******5264")
  })

  it("parses MM/YY and MMYY expiry dates", () => {
    expect(parseExpiry("07/77")).toEqual({ month: "07", year2: "77", mmyy: "0777" })
    expect(parseExpiry("0856")).toEqual({ month: "08", year2: "56", mmyy: "0856" })
    expect(parseExpiry("13/30")).toBeNull()
    expect(parseExpiry("7/77")).toBeNull()
  })
})

describe("configuration", () => {
  it("has readable, valid defaults", () => {
    const config = resolveConfig({ env: {} })
    expect(config).toEqual(DEFAULT_CONFIG)
    expect(config.accountId).toBe("coma_SandboxAccount01")
    expect(config.testPrivateKey).toBe("sk_test_sandbox_private_key")
    expect(config.currencies).toEqual({ USD: 2, EUR: 2, UAH: 2, JPY: 0, KWD: 3 })
    for (const ccy of ["USD", "EUR", "UAH"]) {
      const methods = config.paymentServices.filter((s) => s.currency === ccy).map((s) => s.method)
      expect(methods).toContain("payment_card")
      expect(methods.some((m) => m !== "payment_card")).toBe(true)
      expect(
        config.payoutServices.find((s) => s.code === `payment_card_${ccy.toLowerCase()}`)?.fields[0]
      ).toMatchObject({
        key: "card_number",
        required: true,
      })
    }
  })

  it("layers defaults < file < env < overrides", () => {
    const file = join(tmpdir(), `paycore-sandbox-config-${process.pid}.json`)
    writeFileSync(file, JSON.stringify({ apiKey: "from_file", accountId: "coma_File", callbackMaxAttempts: 7 }))
    try {
      const config = resolveConfig({
        env: {
          PAYCORE_SANDBOX_CONFIG: file,
          PAYCORE_SANDBOX_API_KEY: "from_env",
          PAYCORE_SANDBOX_CONTROLS: "true",
          PAYCORE_SANDBOX_CALLBACK_URL: "",
        },
        overrides: { apiKey: "from_code" },
      })
      expect(config.apiKey).toBe("from_code")
      expect(config.accountId).toBe("coma_File")
      expect(config.callbackMaxAttempts).toBe(7)
      expect(config.controls).toBe(true)
      expect(config.callbackUrl).toBeNull()
    } finally {
      unlinkSync(file)
    }
  })

  it("reads structured options as JSON from the environment", () => {
    const config = resolveConfig({
      env: { PAYCORE_SANDBOX_CURRENCIES: '{"USD":2,"EUR":2,"UAH":2,"JPY":0,"KWD":3,"BHD":3}' },
    })
    expect(config.currencies.BHD).toBe(3)
  })

  it("rejects invalid values with a readable message", () => {
    expect(() => resolveConfig({ env: {}, overrides: { testPrivateKey: "sk_live_x" } })).toThrow(/testPrivateKey/)
    expect(() => resolveConfig({ env: { PAYCORE_SANDBOX_CONTROLS: "maybe" } })).toThrow(/PAYCORE_SANDBOX_CONTROLS/)
    expect(() => resolveConfig({ env: {}, overrides: { duplicateReferenceStatus: 500 as 422 } })).toThrow(
      /duplicateReferenceStatus/
    )
    expect(() => resolveConfig({ env: {}, overrides: { unknownOption: 1 } as object })).toThrow(/unknownOption/)
    expect(() => resolveConfig({ env: {}, overrides: { currencies: { USD: 2 } } })).toThrow(/not in currencies/)
  })
})
