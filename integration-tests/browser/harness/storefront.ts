// The demo storefront (demo/storefront/) in browser specs: its server started before the Medusa stack, an offline
// browser for it, PayCore's card form, the return page and the orders a cart became. Served by the same server
// module as `npm run demo`.
import type { FrameLocator, Locator, Page } from "playwright-core"
import { startStorefrontServer, type StorefrontServer } from "../../../demo/storefront/server"
import { type BrowserSession, launchChromium } from "./chromium"
import type { MedusaStack } from "./medusa-stack"

/**
 * Starts the storefront in a beforeAll, stops it in afterAll. Medusa must know the storefront before it starts (its
 * origin in STORE_CORS and AUTH_CORS, its host in PAYCORE_ALLOWED_RETURN_HOSTS), and the storefront needs Medusa's
 * URL and key once it runs: so call this before useMedusaStack (jest runs beforeAll hooks in order), pass `stackEnv`
 * and `sandboxConfig` to it, and the storefront reads its own configuration from `stack()` on each request of
 * /config.js. Only the storefront may frame PayCore's page (the sandbox's "Hosted page domain").
 */
export function useDemoStorefront(stack: () => MedusaStack): {
  stackEnv: Record<string, string>
  sandboxConfig: { hppFrameAncestors?: string[] }
  readonly url: string
} {
  const stackEnv: Record<string, string> = {}
  const sandboxConfig: { hppFrameAncestors?: string[] } = {}
  let server: StorefrontServer | undefined
  beforeAll(async () => {
    server = await startStorefrontServer({
      host: "127.0.0.1",
      port: 0,
      config: () => ({ backendUrl: stack().url, publishableKey: stack().seed.publishableKey }),
    })
    // The dashboard calls /auth from the backend's own origin: no CORS needed there.
    Object.assign(stackEnv, {
      STORE_CORS: server.url,
      AUTH_CORS: server.url,
      PAYCORE_ALLOWED_RETURN_HOSTS: "127.0.0.1",
    })
    sandboxConfig.hppFrameAncestors = [server.url]
  })
  afterAll(async () => {
    await server?.close()
  })
  return {
    stackEnv,
    sandboxConfig,
    get url() {
      if (!server) throw new Error("the storefront starts in beforeAll (did it fail? see the error above)")
      return server.url
    },
  }
}

/** A fresh browser; requests off this machine (PayCore's method logos on its CDN) fail at once, as offline. */
export async function openOfflineBrowser(): Promise<BrowserSession> {
  const browser = await launchChromium()
  await browser.context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort("internetdisconnected"))
  return browser
}

/** Spaces normalised; Intl puts a no-break space after "UAH". */
export const normalize = (text: string) => text.replace(/\s+/g, " ").trim()

/** Waits until the locator's first match shows `expected`, then returns its (normalised) text. */
export async function textOf(locator: Locator, expected: string | RegExp, timeout = 15_000): Promise<string> {
  const match = locator.filter({ hasText: expected }).first()
  await match.waitFor({ state: "visible", timeout }).catch((error: Error) => {
    throw new Error(`expected ${locator} to show ${expected}: ${error.message.split("\n")[0]}`)
  })
  return normalize((await match.textContent()) ?? "")
}

/** Types a test card into PayCore's card form and pays (`beforePay`: e.g. a screenshot of the filled form). */
export async function payByCard(
  page: Page | FrameLocator,
  card: { number: string; expiry: string },
  beforePay?: () => Promise<unknown>
) {
  await page.getByTestId("card-number").pressSequentially(card.number)
  await page.getByTestId("card-expiry").pressSequentially(card.expiry)
  await page.getByTestId("card-cvv").pressSequentially("123")
  await page.getByTestId("card-holder").pressSequentially("JANE DOE")
  await beforePay?.()
  await page.getByTestId("pay-button").click()
}

/**
 * The storefront's return page, once it has decided (order, failed or pending): checks the state and returns the
 * cart id from its URL.
 */
export async function returnPage(page: Page, storefrontUrl: string, expectedState: "order" | "failed") {
  await page.waitForURL((url) => url.origin === storefrontUrl && url.pathname === "/return.html", { timeout: 30_000 })
  const status = page.getByTestId("return-status")
  await page.locator(`[data-testid="return-status"]:not([data-state="checking"])`).waitFor({ timeout: 60_000 })
  expect(await status.getAttribute("data-state")).toBe(expectedState)
  const cartId = new URL(page.url()).searchParams.get("cart_id")
  if (!cartId) throw new Error(`the return URL has no cart_id: ${page.url()}`)
  return cartId
}

/** Uncaught errors of the storefront's pages (resource load failures of the offline logos are not errors here). */
export const pageErrors = (browser: BrowserSession) => browser.errors.filter((error) => error.startsWith("page:"))

/** Orders Medusa made for a cart (the admin API has no cart filter: the payment's data names the cart). */
export async function ordersForCart(stack: MedusaStack, cartId: string): Promise<string[]> {
  const { status, data } = await stack.adminRequest(
    "get",
    "/admin/orders?limit=100&fields=id,*payment_collections,*payment_collections.payments"
  )
  if (status !== 200) throw new Error(`GET /admin/orders answered ${status}: ${JSON.stringify(data)}`)
  return (data.orders as any[])
    .filter((order) =>
      (order.payment_collections ?? []).some((collection: any) =>
        (collection.payments ?? []).some((payment: any) => payment.data?.cart_id === cartId)
      )
    )
    .map((order) => order.id)
}
