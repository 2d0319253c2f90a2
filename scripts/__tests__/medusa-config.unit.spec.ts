// The repository's medusa-config.ts (tests and `npm run demo`) fills unset PAYCORE_* variables with the local
// sandbox's well-known values in test mode only; a live configuration must get no key it did not set.

const SANDBOX_VALUES = [
  "http://127.0.0.1:4010",
  "coma_SandboxAccount01",
  "sandbox_api_key",
  "pk_test_sandbox_public_key",
  "sk_test_sandbox_private_key",
]

type ProviderConfig = { resolve: string; id: string; options: Record<string, unknown> }

/** Loads medusa-config.ts afresh with exactly the given PAYCORE_* variables; returns the PayCore provider's options. */
function paycoreOptionsWith(paycoreEnv: Record<string, string>): Record<string, unknown> {
  const saved = { ...process.env }
  try {
    for (const key of Object.keys(process.env)) if (key.startsWith("PAYCORE_")) delete process.env[key]
    Object.assign(process.env, paycoreEnv)
    let config: any
    jest.isolateModules(() => {
      // medusa-config.ts calls loadEnv(); a no-op keeps a developer's .env files out of the environment under test.
      jest.doMock("@medusajs/framework/utils", () => ({
        ...jest.requireActual("@medusajs/framework/utils"),
        loadEnv: () => undefined,
      }))
      config = require("../../medusa-config")
    })
    const modules: any[] = Array.isArray(config.modules) ? config.modules : Object.values(config.modules ?? {})
    const providers: ProviderConfig[] = modules.flatMap((module) => module?.options?.providers ?? [])
    const paycore = providers.find((provider) => provider.id === "paycore")
    if (!paycore) throw new Error("medusa-config.ts registers no provider with id paycore")
    return paycore.options
  } finally {
    process.env = saved
  }
}

describe("medusa-config.ts PayCore provider options", () => {
  it("points at the local sandbox when no variable is set (test mode by default)", () => {
    const options = paycoreOptionsWith({})
    expect(options).toMatchObject({
      baseUrl: "http://127.0.0.1:4010",
      accountId: "coma_SandboxAccount01",
      apiKey: "sandbox_api_key",
      publicKey: "pk_test_sandbox_public_key",
      testPrivateKey: "sk_test_sandbox_private_key",
      testMode: true,
    })
    expect(options.livePrivateKey).toBeUndefined()
  })

  it("keeps the sandbox defaults with PAYCORE_TEST_MODE=true", () => {
    expect(paycoreOptionsWith({ PAYCORE_TEST_MODE: "true" })).toMatchObject({
      apiKey: "sandbox_api_key",
      testMode: true,
    })
  })

  it("fills in no sandbox value with PAYCORE_TEST_MODE=false and no PAYCORE_* key", () => {
    const options = paycoreOptionsWith({ PAYCORE_TEST_MODE: "false" })
    expect(options.testMode).toBe(false)
    for (const key of ["baseUrl", "accountId", "apiKey", "publicKey", "testPrivateKey", "livePrivateKey"]) {
      expect(options[key]).toBeUndefined()
    }
    expect(Object.values(options).filter((value) => SANDBOX_VALUES.includes(value as string))).toEqual([])
  })

  it("passes the live configuration's own variables through and fills in none of the missing ones", () => {
    const options = paycoreOptionsWith({
      PAYCORE_TEST_MODE: "false",
      PAYCORE_BASE_URL: "https://com.paycore.io",
      PAYCORE_ACCOUNT_ID: "coma_Live01",
      PAYCORE_LIVE_PRIVATE_KEY: "sk_live_x",
    })
    expect(options).toMatchObject({
      baseUrl: "https://com.paycore.io",
      accountId: "coma_Live01",
      livePrivateKey: "sk_live_x",
      testMode: false,
    })
    expect(options.apiKey).toBeUndefined()
    expect(options.publicKey).toBeUndefined()
    expect(options.testPrivateKey).toBeUndefined()
  })

  it("lets the provider's option validation name the missing keys of a live configuration", () => {
    const { parsePaycoreOptions } = require("../../src/accounts/options")
    expect(() => parsePaycoreOptions(paycoreOptionsWith({ PAYCORE_TEST_MODE: "false" }))).toThrow(
      /accountId: is required.*apiKey: is required/
    )
  })
})
