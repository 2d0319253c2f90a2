import { PaycoreProviderService } from "../services/paycore-provider"
import { DEFAULT_PAYCORE_BASE_URL, parsePaycoreOptions } from "../../../accounts/options"

const valid = {
  accountId: "coma_gUEpjaHU3rrntdnB",
  apiKey: "api-key-secret-value",
  publicKey: "pk_test_public",
  testPrivateKey: "sk_test_private",
}

describe("PayCore provider options", () => {
  it("accepts the minimal test-mode options and fills the documented defaults", () => {
    const options = parsePaycoreOptions(valid)
    expect(options).toMatchObject({
      baseUrl: DEFAULT_PAYCORE_BASE_URL,
      testMode: true,
      services: {},
      allowedReturnHosts: [],
      retryAttempts: 3,
    })
  })

  it("normalises currency keys of services to upper case and trims a trailing slash of baseUrl", () => {
    const options = parsePaycoreOptions({
      ...valid,
      baseUrl: "https://paycore.example/",
      services: { usd: "payment_card_usd_hpp" },
    })
    expect(options.baseUrl).toBe("https://paycore.example")
    expect(options.services).toEqual({ USD: "payment_card_usd_hpp" })
  })

  it.each([
    [{ ...valid, accountId: undefined }, "accountId: is required"],
    [{ ...valid, accountId: "12345" }, "accountId: must be your Commerce Account ID"],
    [{ ...valid, apiKey: "" }, "apiKey: is required"],
    [{ ...valid, baseUrl: "com.paycore.io" }, "baseUrl: must be an absolute http(s) URL"],
    [{ ...valid, publicKey: "public" }, "publicKey: must be a PayCore public key"],
    [{ ...valid, testPrivateKey: "sk_live_x" }, "testPrivateKey: holds a live key"],
    [{ ...valid, livePrivateKey: "sk_test_x" }, "livePrivateKey: holds a test key"],
    [{ ...valid, publicKey: "pk_live_x" }, "publicKey: is a live key (pk_live_…) but testMode is true"],
    [
      { ...valid, testMode: false, livePrivateKey: "sk_live_x" },
      "publicKey: is a test key (pk_test_…) but testMode is false",
    ],
    [{ ...valid, testPrivateKey: undefined }, "testPrivateKey: is required while testMode is true"],
    [{ ...valid, testMode: false, publicKey: "pk_live_x" }, "livePrivateKey: is required when testMode is false"],
    [{ ...valid, services: { dollars: "x" } }, "must be a 3-letter ISO 4217 currency code"],
    [{ ...valid, returnUrls: { pending: "https://shop.example/p" } }, "returnUrls.success: is required"],
    [{ ...valid, apikey: "typo" }, "unknown option apikey"],
  ])("rejects %j with a message naming the option", (options, message) => {
    expect(() => parsePaycoreOptions(options)).toThrow(message)
  })

  it("never repeats an option's value in its error message", () => {
    const secret = "sk_live_do-not-print-me"
    let message = ""
    try {
      parsePaycoreOptions({ ...valid, testPrivateKey: secret })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain("testPrivateKey")
    expect(message).not.toContain(secret)
  })

  it("makes Medusa's boot-time validateOptions throw for wrong options and pass for right ones", () => {
    expect(() => PaycoreProviderService.validateOptions({ ...valid, apiKey: undefined })).toThrow(
      "PayCore provider options are invalid: apiKey: is required"
    )
    expect(() => PaycoreProviderService.validateOptions(valid)).not.toThrow()
  })

  it("registers under the identifier that makes the provider id pp_paycore_paycore", () => {
    expect(PaycoreProviderService.identifier).toBe("paycore")
  })
})

describe("the sandbox's published keys", () => {
  const sandboxKeys = {
    accountId: "coma_SandboxAccount01",
    apiKey: "sandbox_api_key",
    publicKey: "pk_test_sandbox_public_key",
    testPrivateKey: "sk_test_sandbox_private_key",
  }

  it.each(["https://com.paycore.io", "http://10.0.0.5:4010", "http://paycore.internal"])(
    "are refused with %s, each named",
    (baseUrl) => {
      expect(() => parsePaycoreOptions({ ...sandboxKeys, baseUrl })).toThrow(
        /accountId: is the local sandbox's published key.*apiKey: .*publicKey: .*testPrivateKey: /
      )
    }
  )

  it("refuses the sandbox's live private key in a live setup too", () => {
    expect(() =>
      parsePaycoreOptions({
        ...valid,
        testMode: false,
        publicKey: "pk_live_x",
        livePrivateKey: "sk_live_sandbox_private_key",
      })
    ).toThrow(/livePrivateKey: is the local sandbox's published key/)
  })

  it.each(["http://127.0.0.1:4010", "http://localhost:4010", "http://[::1]:4010", "http://127.8.9.10"])(
    "are accepted with the loopback address %s",
    (baseUrl) => {
      expect(parsePaycoreOptions({ ...sandboxKeys, baseUrl }).baseUrl).toBe(baseUrl.replace(/\/+$/, ""))
    }
  )
})

describe("payoutApprovalSecret", () => {
  it("accepts 32 random bytes in base64", () => {
    const secret = "q3Vd8xK2mP9rT4wL7nB1cF6hJ0sG5yZaE8uR2iO4kXw="
    expect(parsePaycoreOptions({ ...valid, payoutApprovalSecret: secret }).payoutApprovalSecret).toBe(secret)
  })

  it.each([
    ["supersecret", "must be at least 32 random bytes"],
    ["supersecret-supersecret-supersecret-supersecret", "is a well-known or low-entropy value"],
    ["a".repeat(64), "is a well-known or low-entropy value"],
    ["abababababababababababababababababababababababab", "is a well-known or low-entropy value"],
  ])("refuses %p by name", (payoutApprovalSecret, message) => {
    expect(() => parsePaycoreOptions({ ...valid, payoutApprovalSecret })).toThrow(`payoutApprovalSecret: ${message}`)
  })
})

describe("saved card options", () => {
  const key = "q3Vd8xK2mP9rT4wL7nB1cF6hJ0sG5yZaE8uR2iO4kXw="

  it("keeps saved cards off by default and charges a saved card instantly when they are on", () => {
    expect(parsePaycoreOptions(valid)).toMatchObject({ savedCards: false, savedCardCharge: "instant" })
    expect(parsePaycoreOptions({ ...valid, savedCards: true, savedCardKey: key })).toMatchObject({
      savedCards: true,
      savedCardKey: key,
    })
  })

  it("refuses saved cards without a sealing key, or with a weak one, by name", () => {
    expect(() => parsePaycoreOptions({ ...valid, savedCards: true })).toThrow("savedCardKey: is required")
    expect(() => parsePaycoreOptions({ ...valid, savedCards: true, savedCardKey: "supersecret" })).toThrow(
      "savedCardKey: must be at least 32 random bytes"
    )
  })

  it("refuses saved cards in payment-link mode, where the plugin cannot ask PayCore to tokenise", () => {
    expect(() =>
      parsePaycoreOptions({ ...valid, invoiceCreation: "hpp_link", savedCards: true, savedCardKey: key })
    ).toThrow("savedCards: needs invoiceCreation private_api")
  })
})
