// The Medusa admin dashboard in the browser: form login and page helpers. Open it on the stack's exact origin
// (http://127.0.0.1:<port>/app): the session cookie belongs to that host.
import type { Page } from "playwright-core"

/** The first dashboard load under `medusa develop` compiles it with Vite: 11–18 s measured, allow 90 s. */
export const FIRST_LOAD_TIMEOUT_MS = 90_000

/**
 * Logs in through the dashboard's form (input[name=email], input[name=password], button[type=submit]) and
 * waits for the orders list. Vite may reload the page while it optimizes dependencies on the first load, and a
 * restarting `medusa develop` leaves a blank page, so an attempt that does not get through is repeated (page
 * loaded again) until the deadline.
 */
export async function loginToAdmin(
  page: Page,
  options: { baseUrl: string; email: string; password: string; timeoutMs?: number }
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? FIRST_LOAD_TIMEOUT_MS)
  const remaining = (cap = Number.POSITIVE_INFINITY) => Math.max(1_000, Math.min(cap, deadline - Date.now()))
  for (let attempt = 1; ; attempt++) {
    try {
      if (attempt === 1 || !page.url().includes("/app/login")) {
        await page.goto(`${options.baseUrl}/app/login`, { waitUntil: "domcontentloaded", timeout: remaining() })
      } else {
        await page.reload({ waitUntil: "domcontentloaded", timeout: remaining() })
      }
      const email = page.locator('input[name="email"]')
      await email.waitFor({ state: "visible", timeout: remaining(45_000) })
      await email.fill(options.email, { timeout: remaining(10_000) })
      await page.locator('input[name="password"]').fill(options.password, { timeout: remaining(10_000) })
      await page.locator('button[type="submit"]').click({ timeout: remaining(10_000) })
      await page.waitForURL(/\/app\/orders/, { timeout: remaining(30_000) })
      return
    } catch (error) {
      if (Date.now() >= deadline - 1_000) {
        throw new Error(
          `admin login did not reach /app/orders (attempt ${attempt}, at ${page.url()}): ${(error as Error).message}`
        )
      }
    }
  }
}

/** Opens an order's page in the dashboard. */
export async function openAdminOrder(page: Page, baseUrl: string, orderId: string): Promise<void> {
  await page.goto(`${baseUrl}/app/orders/${orderId}`, { waitUntil: "domcontentloaded" })
}
