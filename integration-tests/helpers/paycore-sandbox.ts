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
  // A test that ends with PayCore's deliveries still under way (released held callbacks, retries) would otherwise
  // have them applied during the next test's database restore, or during the app's shutdown, which then waits out
  // Medusa's 60 s connection timeout.
  afterEach(async () => {
    if (!sandbox) return
    let timer: NodeJS.Timeout | undefined
    await Promise.race([sandbox.callbacksIdle(), new Promise((resolve) => (timer = setTimeout(resolve, 20_000)))])
    clearTimeout(timer)
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
