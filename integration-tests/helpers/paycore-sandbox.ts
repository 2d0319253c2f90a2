// Starts a PayCore sandbox for an integration test file and points the Medusa app at it.
// Call before medusaIntegrationTestRunner: its beforeAll then runs first, so medusa-config.ts reads
// these variables when the runner boots the app (verified: config is loaded in the runner's beforeAll).
import { startSandbox, type Sandbox } from "../../sandbox/src"
import { freePort } from "./free-port"

export const ALLOWED_RETURN_HOST = "shop.example"
export const RETURN_URL = `https://${ALLOWED_RETURN_HOST}/checkout/paycore-return`

export type SandboxHandle = { readonly current: Sandbox; readonly appPort: number }

export function usePaycoreSandbox(config: Parameters<typeof startSandbox>[0] = {}): SandboxHandle {
  let sandbox: Sandbox | undefined
  let appPort = 0
  beforeAll(async () => {
    sandbox = await startSandbox(
      { port: 0, controls: true, callbackRetryIntervalMs: 25, callbackMaxAttempts: 20, ...config },
      { env: {}, log: () => {} }
    )
    appPort = await freePort()
    Object.assign(process.env, {
      PORT: String(appPort),
      PAYCORE_BASE_URL: sandbox.url,
      PAYCORE_ACCOUNT_ID: sandbox.config.accountId,
      PAYCORE_API_KEY: sandbox.config.apiKey,
      PAYCORE_PUBLIC_KEY: sandbox.config.testPublicKey,
      PAYCORE_TEST_PRIVATE_KEY: sandbox.config.testPrivateKey,
      PAYCORE_LIVE_PRIVATE_KEY: sandbox.config.livePrivateKey,
      PAYCORE_TEST_MODE: "true",
      PAYCORE_CALLBACK_URL: `http://localhost:${appPort}/hooks/paycore`,
      PAYCORE_ALLOWED_RETURN_HOSTS: ALLOWED_RETURN_HOST,
    })
  })
  afterAll(async () => {
    await sandbox?.close()
  })
  return {
    get current() {
      if (!sandbox) throw new Error("the sandbox starts in beforeAll")
      return sandbox
    },
    get appPort() {
      return appPort
    },
  }
}
