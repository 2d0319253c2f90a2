import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { parsePaycoreOptions } from "../../accounts/options"
import recoverPaycoreCheckouts, { config } from "../../jobs/recover-paycore-checkouts"

const BASE = {
  baseUrl: "http://127.0.0.1:4010",
  accountId: "coma_SandboxAccount01",
  apiKey: "sandbox_api_key",
  testPrivateKey: "sk_test_sandbox_private_key",
}

describe("the recoverFailedCheckoutAfterMinutes option", () => {
  it("is off unless set", () => {
    expect(parsePaycoreOptions(BASE).recoverFailedCheckoutAfterMinutes).toBeUndefined()
  })

  it("takes whole minutes from 1 to a week", () => {
    expect(
      parsePaycoreOptions({ ...BASE, recoverFailedCheckoutAfterMinutes: 1 }).recoverFailedCheckoutAfterMinutes
    ).toBe(1)
    expect(
      parsePaycoreOptions({ ...BASE, recoverFailedCheckoutAfterMinutes: 10080 }).recoverFailedCheckoutAfterMinutes
    ).toBe(10080)
    for (const wrong of [0, 10081, 1.5, "30"]) {
      expect(() => parsePaycoreOptions({ ...BASE, recoverFailedCheckoutAfterMinutes: wrong })).toThrow(
        /recoverFailedCheckoutAfterMinutes/
      )
    }
  })
})

describe("the checkout recovery job", () => {
  it("runs every minute", () => {
    expect(config.schedule).toBe("* * * * *")
  })

  it("reads nothing when no PayCore provider has the option", async () => {
    const resolved: string[] = []
    const container = {
      resolve: (key: string) => {
        resolved.push(key)
        if (key === ContainerRegistrationKeys.CONFIG_MODULE) {
          const provider = { resolve: "./src/providers/paycore", id: "recovery-off", options: BASE }
          return { modules: { [Modules.PAYMENT]: { options: { providers: [provider] } } } }
        }
        if (key === ContainerRegistrationKeys.LOGGER) return { info() {}, warn() {}, error() {}, debug() {} }
        throw new Error(`the job resolved ${key} with the option off`)
      },
    }
    await recoverPaycoreCheckouts(container as any)
    expect(resolved).not.toContain(ContainerRegistrationKeys.QUERY)
    expect(resolved).not.toContain(ContainerRegistrationKeys.PG_CONNECTION)
  })
})
