import { createProvider, sessionData, sessionInput } from "./test-utils"
import { invoiceAttributes, useTestSandbox } from "./sandbox-utils"

// PayCore's `expires` (integer Unix seconds, UTC): a hosted page of a session Medusa deleted stops taking money
// after the plugin's lifetime, not after the account's (often days).
describe("invoice lifetime (invoiceLifetimeMinutes → PayCore's expires)", () => {
  const sandbox = useTestSandbox()
  const nowSeconds = () => Math.floor(Date.now() / 1000)

  it("sends expires 60 minutes ahead by default, as integer Unix seconds", async () => {
    const { provider } = createProvider(sandbox)
    const before = nowSeconds()
    const result = await provider.initiatePayment(sessionInput())
    const expires = invoiceAttributes(sandbox, result.id).expires as number
    expect(Number.isInteger(expires)).toBe(true)
    expect(expires).toBeGreaterThanOrEqual(before + 3600)
    expect(expires).toBeLessThanOrEqual(nowSeconds() + 3600)
  })

  it("sends the configured lifetime, on hosted-page links too", async () => {
    const { provider } = createProvider(sandbox, { invoiceLifetimeMinutes: 15, invoiceCreation: "hpp_link" })
    const before = nowSeconds()
    const result = await provider.initiatePayment(sessionInput())
    const expires = Number(new URL(sessionData(result).hpp_url).searchParams.get("expires"))
    expect(expires).toBeGreaterThanOrEqual(before + 900)
    expect(expires).toBeLessThanOrEqual(nowSeconds() + 900)
  })

  it("sends none with 0, leaving the account's Invoice lifetime", async () => {
    const { provider } = createProvider(sandbox, { invoiceLifetimeMinutes: 0 })
    const before = nowSeconds()
    const result = await provider.initiatePayment(sessionInput())
    // The sandbox's account lifetime is a day.
    expect(invoiceAttributes(sandbox, result.id).expires).toBeGreaterThanOrEqual(before + 24 * 3600 - 5)
  })

  it("still works with a PayCore that ignores expires on the Private API (the account's lifetime applies)", async () => {
    sandbox.updateConfig({ privateApiExpires: "ignored" })
    try {
      const { provider } = createProvider(sandbox)
      const result = await provider.initiatePayment(sessionInput())
      expect(sessionData(result).paycore_status).toBe("created")
    } finally {
      sandbox.updateConfig({ privateApiExpires: "honoured" })
    }
  })

  it("names the option to change when PayCore refuses expires, and works once it is 0", async () => {
    sandbox.updateConfig({ privateApiExpires: "refused" })
    try {
      const refused = createProvider(sandbox).provider.initiatePayment(sessionInput())
      await expect(refused).rejects.toThrow(/set the invoiceLifetimeMinutes option to 0/)
      const { provider } = createProvider(sandbox, { invoiceLifetimeMinutes: 0 })
      expect(sessionData(await provider.initiatePayment(sessionInput())).paycore_status).toBe("created")
    } finally {
      sandbox.updateConfig({ privateApiExpires: "honoured" })
    }
  })
})
