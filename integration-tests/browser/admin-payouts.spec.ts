// PayCore payouts in the Medusa admin, in a real browser: Settings → PayCore (connection check, go-live checklist,
// the payout settings form), a payout to PayCore's test card from an order page (the form built from PayCore's
// service fields, client-side limits, a confirmation showing the masked card, then `processed` after the sandbox's
// callbacks), and second-admin approval on the customer page (the creator's own approval refused with the API's
// 409 message; another admin, in another browser, re-enters the card and the payout is sent); switching approvals
// off, which waits until another admin confirms it. Screenshots go to the temp directory (/tmp/paycore-admin-payout*.png).
import type { Locator, Page, Request } from "playwright-core"
import {
  type BrowserSession,
  FIRST_LOAD_TIMEOUT_MS,
  launchChromium,
  loginToAdmin,
  openAdminOrder,
  useMedusaStack,
  withFailureScreenshot,
} from "./harness"
import { invoiceIdOf } from "../helpers/store-flow"
import { withDatabase } from "../reliability/support/db"

jest.setTimeout(5 * 60_000)

const stack = useMedusaStack()
const failureContext = { context: () => stack.current.serverLogTail(2000) }

/** PayCore's test card that pays out (sandbox/README.md), as an admin types it, and as the admin must see it. */
const CARD = "5519283812030000"
const CARD_TYPED = "5519 2838 1203 0000"
const CARD_MASKED = "551928******0000"

const USD_SETTINGS = {
  services: ["payment_card_usd"],
  default_service: "payment_card_usd",
  min_amount: 5,
  max_amount: 1000,
}

/** Waits until the locator's first match contains `expected`, then returns its text. */
async function textOf(locator: Locator, expected: string | RegExp, timeout = 15_000): Promise<string> {
  const match = locator.filter({ hasText: expected }).first()
  await match.waitFor({ state: "visible", timeout }).catch((error: Error) => {
    throw new Error(`expected ${locator} to show ${expected}: ${error.message.split("\n")[0]}`)
  })
  return (await match.textContent()) ?? ""
}

/** Requests the page sent that match `method` and a path, recorded from now on. */
function recordRequests(page: Page, method: string, path: RegExp) {
  const seen: string[] = []
  const listener = (request: Request) => {
    if (request.method() === method && path.test(new URL(request.url()).pathname)) seen.push(request.url())
  }
  page.on("request", listener)
  return { seen, stop: () => page.off("request", listener) }
}

/** Waits for a toast with `title`, returns its text and closes it (so that it does not cover screenshots). */
async function takeToast(page: Page, title: string): Promise<string> {
  const toast = page.locator("[data-sonner-toast]").filter({ hasText: title }).first()
  await toast.waitFor({ state: "visible", timeout: 30_000 })
  const text = (await toast.textContent()) ?? ""
  await toast.getByRole("button").last().click()
  await toast.waitFor({ state: "detached", timeout: 15_000 })
  return text
}

/** Everything the page shows or holds in a field: a full card number must be in neither. */
async function pageText(page: Page): Promise<string> {
  const values = await page.evaluate(() =>
    Array.from(document.querySelectorAll("input, textarea")).map((element) => (element as HTMLInputElement).value)
  )
  return `${await page.content()}\n${values.join("\n")}`
}

/** Screenshots of a whole page or a long panel: the dashboard scrolls inside its layout, so the viewport grows. */
async function tallScreenshot(browser: BrowserSession, name: string, target?: Locator, height = 2000): Promise<string> {
  const { page } = browser
  const viewport = page.viewportSize()
  await page.setViewportSize({ width: viewport?.width ?? 1440, height })
  try {
    return await settledScreenshot(browser, name, target)
  } finally {
    if (viewport) await page.setViewportSize(viewport)
  }
}

/** Lets transitions (field borders, buttons, drawers: 150–200 ms) finish before a screenshot. */
async function settledScreenshot(browser: BrowserSession, name: string, target?: Locator): Promise<string> {
  await browser.page.waitForTimeout(400)
  return browser.screenshot(name, target)
}

/** Picks an option of a @medusajs/ui Select (Radix): opens it, clicks the option by its exact text. */
async function choose(page: Page, trigger: Locator, option: string) {
  await trigger.click()
  await page.getByRole("option", { name: option, exact: true }).click()
}

describe("PayCore payouts in the admin", () => {
  let browser: BrowserSession
  let orderId: string
  let customerId: string

  beforeAll(async () => {
    const { store, sandbox } = stack.current
    const cart = await store.cartReadyForPayment("usd")
    const { session, error, status } = await store.startPaycorePayment(cart.id)
    if (!session) throw new Error(`the PayCore payment session was not created (${status}): ${JSON.stringify(error)}`)
    const invoiceId = invoiceIdOf(session)
    const pay = await fetch(`${sandbox.url}/_sandbox/payment-invoices/${invoiceId}/pay`, { method: "POST" })
    if (!pay.ok) throw new Error(`the sandbox did not pay ${invoiceId}: ${pay.status} ${await pay.text()}`)
    orderId = await stack.current.waitForOrder(cart.id)
    const order = await stack.current.adminRequest("get", `/admin/orders/${orderId}?fields=id,customer_id`)
    customerId = order.data.order?.customer_id
    if (!customerId) throw new Error(`order ${orderId} has no customer: ${JSON.stringify(order.data)}`)

    browser = await launchChromium()
    await withFailureScreenshot(
      browser,
      "paycore-admin-payouts-login",
      () => loginToAdmin(browser.page, { baseUrl: stack.current.url, ...stack.current.admin }),
      failureContext
    )
  }, 3 * 60_000)

  afterAll(async () => {
    await browser?.close()
  })

  /** The payout settings the later tests start from, saved through the API unless the settings page saved them. */
  async function ensurePayoutSettings(extra: Record<string, unknown> = {}) {
    const answer = await stack.current.adminRequest("post", "/admin/paycore/payouts/settings", {
      enabled: true,
      require_approval: false,
      currencies: { USD: USD_SETTINGS },
      ...extra,
    })
    if (answer.status !== 200)
      throw new Error(`saving the payout settings answered ${answer.status}: ${JSON.stringify(answer.data)}`)
  }

  /** Opens the order page and waits for the payouts panel with its list (or its empty state) loaded. */
  async function openOrderPayouts(page: Page): Promise<Locator> {
    await openAdminOrder(page, stack.current.url, orderId)
    const panel = page.getByTestId("paycore-payouts")
    await panel
      .locator('[data-testid="paycore-payouts-list"], [data-testid="paycore-payouts-empty"]')
      .first()
      .waitFor({ state: "visible", timeout: FIRST_LOAD_TIMEOUT_MS })
    return panel
  }

  /** Fills the send-payout drawer (already open) and returns it. */
  async function fillPayoutForm(page: Page, values: { amount: string; card: string; note?: string }) {
    const drawer = page.getByTestId("paycore-payout-drawer")
    const card = drawer.getByTestId("paycore-payout-field-card_number")
    await card.waitFor({ state: "visible", timeout: 30_000 })
    await drawer.getByTestId("paycore-payout-amount-input").fill(values.amount)
    await card.fill(values.card)
    if (values.note !== undefined) await drawer.getByTestId("paycore-payout-description").fill(values.note)
    return drawer
  }

  it("configures payouts on Settings → PayCore: connection check, go-live checklist, and the payout settings form", async () => {
    await withFailureScreenshot(
      browser,
      "paycore-admin-payout-settings",
      async () => {
        const { page } = browser
        const { sandbox } = stack.current
        await page.goto(`${stack.current.url}/app/settings/paycore`, { waitUntil: "domcontentloaded" })

        // The connection: PayCore's Private API answers, test mode, the sandbox's URL.
        const connection = page.getByTestId("paycore-connection-status")
        await connection.waitFor({ state: "visible", timeout: FIRST_LOAD_TIMEOUT_MS })
        expect(await connection.getAttribute("data-status")).toBe("reachable")
        expect(await textOf(connection, "Connected")).toContain("PayCore answered an authenticated request")
        expect(await page.getByTestId("paycore-mode").textContent()).toBe("TEST")
        expect(await page.getByTestId("paycore-base-url").textContent()).toBe(sandbox.url)

        // The go-live checklist: each item with its status badge and what to do.
        const items = page.getByTestId("paycore-checklist-item")
        expect(
          await items.evaluateAll((rows) =>
            rows.map((row) => [row.getAttribute("data-id"), row.getAttribute("data-status")])
          )
        ).toEqual([
          ["private_api", "ok"],
          ["paycore_check", "pending"],
          ["callback_url", "ok"],
          ["payment_services", "ok"],
          ["test_callback", "ok"],
          ["live_keys", "ok"],
          ["live_mode", "pending"],
          ["live_callback", "pending"],
        ])
        for (const detail of await items.getByTestId("paycore-checklist-detail").allTextContents())
          expect(detail.length).toBeGreaterThan(10)
        expect(
          await textOf(page.locator('[data-testid="paycore-checklist-item"][data-id="live_mode"]'), "Pending")
        ).toContain("testMode is true")
        expect(await page.getByTestId("paycore-ready-for-live").textContent()).toBe("Not ready for live")

        // "Test connection" asks PayCore again.
        const [statusAnswer] = await Promise.all([
          page.waitForResponse((r) => new URL(r.url()).pathname === "/admin/paycore/status", { timeout: 30_000 }),
          page.getByTestId("paycore-test-connection").click(),
        ])
        expect(statusAnswer.status()).toBe(200)
        expect(await takeToast(page, "PayCore answered")).toContain("authenticated request")

        // The payout settings: off until enabled.
        const section = page.getByTestId("paycore-payout-settings")
        const enabledBadge = section.getByTestId("paycore-payout-settings-enabled")
        await enabledBadge.waitFor({ state: "visible", timeout: 30_000 })
        expect(await enabledBadge.getAttribute("data-enabled")).toBe("false")
        await section.getByTestId("paycore-payout-settings-no-currency").waitFor()

        await section.getByTestId("paycore-payout-settings-edit").click()
        const drawer = page.getByTestId("paycore-payout-settings-drawer")
        await drawer.waitFor({ state: "visible" })
        await drawer.getByTestId("paycore-payouts-enabled").click()
        expect(await drawer.getByTestId("paycore-payouts-enabled").getAttribute("aria-checked")).toBe("true")
        await choose(page, drawer.getByTestId("paycore-payout-settings-add-currency-select"), "USD")
        await drawer.getByTestId("paycore-payout-settings-add-currency").click()
        const usd = drawer.locator('[data-testid="paycore-payout-settings-currency-editor"][data-currency="USD"]')
        await usd.waitFor({ state: "visible" })
        // PayCore's payout services for USD, with PayCore's limits.
        const cardService = usd.locator(
          '[data-testid="paycore-payout-settings-service-option"][data-service="payment_card_usd"]'
        )
        expect(await textOf(cardService, "payment_card_usd", 30_000)).toContain("PayCore's limits: $1.00 – $50,000.00")
        await usd.getByTestId("paycore-payout-settings-service-payment_card_usd").click()
        expect(await textOf(usd.getByTestId("paycore-payout-settings-default-service"), "payment_card_usd")).toBe(
          "payment_card_usd"
        )
        await usd.getByTestId("paycore-payout-settings-min").fill("5")
        await usd.getByTestId("paycore-payout-settings-max").fill("1000")
        const formFile = await settledScreenshot(browser, "paycore-admin-payout-settings-form")
        console.log(`[browser] payout settings form: ${formFile}`)

        // Checked in the browser first: a maximum below the minimum is refused, and nothing is posted.
        const posts = recordRequests(page, "POST", /^\/admin\/paycore\/payouts\/settings$/)
        await usd.getByTestId("paycore-payout-settings-max").fill("1")
        await drawer.getByTestId("paycore-payout-settings-save").click()
        expect(await textOf(usd.getByTestId("paycore-payout-settings-max-error"), "maximum")).toBe(
          "The maximum must not be smaller than the minimum"
        )
        await drawer.getByTestId("paycore-payout-settings-form-error").waitFor({ state: "visible" })
        expect(posts.seen).toEqual([])

        // The API's own refusals are shown too: by field where the message names one, the rest above the form.
        await page.route("**/admin/paycore/payouts/settings", (route) =>
          route.request().method() === "POST"
            ? route.fulfill({
                status: 400,
                contentType: "application/json",
                body: JSON.stringify({
                  type: "invalid_data",
                  message: "currencies.USD.min_amount: USD has 2 decimal digits; enabled: is not allowed now",
                }),
              })
            : route.fallback()
        )
        try {
          await usd.getByTestId("paycore-payout-settings-max").fill("1000")
          await drawer.getByTestId("paycore-payout-settings-save").click()
          expect(await textOf(usd.getByTestId("paycore-payout-settings-min-error"), "decimal")).toBe(
            "USD has 2 decimal digits"
          )
          expect(await textOf(drawer.getByTestId("paycore-payout-settings-form-error"), "enabled")).toContain(
            "enabled: is not allowed now"
          )
        } finally {
          await page.unroute("**/admin/paycore/payouts/settings")
        }

        const [saved] = await Promise.all([
          page.waitForResponse(
            (r) => new URL(r.url()).pathname === "/admin/paycore/payouts/settings" && r.request().method() === "POST",
            {
              timeout: 30_000,
            }
          ),
          drawer.getByTestId("paycore-payout-settings-save").click(),
        ])
        expect(saved.status()).toBe(200)
        await drawer.waitFor({ state: "detached", timeout: 15_000 })
        await takeToast(page, "Payout settings saved")
        posts.stop()

        // The summary shows what was saved, and so does the API.
        expect(await enabledBadge.getAttribute("data-enabled")).toBe("true")
        const row = section.locator('[data-testid="paycore-payout-settings-currency"][data-currency="USD"]')
        expect(await textOf(row, "payment_card_usd")).toContain("payment_card_usd (default)")
        expect(await textOf(row.getByTestId("paycore-payout-settings-limits"), "$1,000.00")).toBe(
          "Limits: $5.00 – $1,000.00"
        )
        const settings = await stack.current.adminRequest("get", "/admin/paycore/payouts/settings")
        expect(settings.data.settings).toMatchObject({
          enabled: true,
          require_approval: false,
          currencies: { USD: USD_SETTINGS },
        })

        let file = await tallScreenshot(browser, "paycore-admin-payout-settings", undefined, 1400)
        console.log(`[browser] Settings → PayCore: ${file}`)

        // The same settings on Settings → Store.
        await page.goto(`${stack.current.url}/app/settings/store`, { waitUntil: "domcontentloaded" })
        const storeSection = page.getByTestId("paycore-payout-settings")
        const storeRow = storeSection.locator('[data-testid="paycore-payout-settings-currency"][data-currency="USD"]')
        expect(await textOf(storeRow, "payment_card_usd", FIRST_LOAD_TIMEOUT_MS)).toContain("Limits: $5.00 – $1,000.00")
        expect(await storeSection.getByTestId("paycore-payout-settings-enabled").getAttribute("data-enabled")).toBe(
          "true"
        )
        file = await tallScreenshot(browser, "paycore-admin-store-payout-settings", storeSection)
        console.log(`[browser] payout settings on Settings → Store: ${file}`)
      },
      failureContext
    )
  })

  it("runs the PayCore check on Settings → PayCore: a table of PayCore's answers, and the go-live checklist follows", async () => {
    await withFailureScreenshot(
      browser,
      "admin-paycore-check",
      async () => {
        const { page } = browser
        await page.goto(`${stack.current.url}/app/settings/paycore`, { waitUntil: "domcontentloaded" })
        const section = page.getByTestId("paycore-check")
        await section
          .locator('[data-testid="paycore-check-never"], [data-testid="paycore-check-result"]')
          .first()
          .waitFor({ state: "visible", timeout: FIRST_LOAD_TIMEOUT_MS })
        expect(await section.textContent()).toContain(
          "Asks your PayCore account, in test mode, the questions its documentation leaves open."
        )
        const item = page.locator('[data-testid="paycore-checklist-item"][data-id="paycore_check"]')
        await item.waitFor({ state: "visible", timeout: 30_000 })
        if ((await section.getByTestId("paycore-check-never").count()) > 0) {
          expect(await item.getAttribute("data-status")).toBe("pending")
          expect(await item.getByTestId("paycore-checklist-detail").textContent()).toBe(
            "Run the PayCore check on this page before the first live payment."
          )
        }

        // Run it: the button waits (disabled, spinner) for PayCore's answers, then the table shows them.
        const run = section.getByTestId("paycore-check-run")
        const [answer] = await Promise.all([
          page.waitForResponse(
            (r) => new URL(r.url()).pathname === "/admin/paycore/check" && r.request().method() === "POST",
            { timeout: 120_000 }
          ),
          (async () => {
            await run.click()
            await section.locator('[data-testid="paycore-check-run"]:disabled').waitFor({ timeout: 10_000 })
          })(),
        ])
        expect(answer.status()).toBe(200)
        const { check } = await answer.json()
        expect(check.report.passed).toBe(true)
        const table = section.getByTestId("paycore-check-table")
        await table.waitFor({ state: "visible", timeout: 30_000 })
        await takeToast(page, "PayCore check passed")
        await section.locator('[data-testid="paycore-check-run"]:enabled').waitFor({ timeout: 10_000 })

        // One row per question, as the API answered; the credentials row is OK.
        const rows = table.locator('tbody tr[data-testid^="paycore-check-row-"]')
        expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-testid")))).toEqual(
          check.report.rows.map((row: { id: string }) => `paycore-check-row-${row.id}`)
        )
        const credentials = table.getByTestId("paycore-check-row-credentials")
        expect(await credentials.getAttribute("data-verdict")).toBe("ok")
        expect(await credentials.getByTestId("paycore-check-verdict").textContent()).toBe("OK")
        expect(await table.locator("thead th").allTextContents()).toEqual([
          "Check",
          "Expected",
          "PayCore answered",
          "Verdict",
          "What to do",
        ])
        expect(await section.getByTestId("paycore-check-passed").getAttribute("data-passed")).toBe("true")
        expect(await textOf(section.getByTestId("paycore-check-when"), "(you)")).toContain(stack.current.admin.email)

        // The go-live checklist was read again: its paycore_check item is OK.
        await page
          .locator('[data-testid="paycore-checklist-item"][data-id="paycore_check"][data-status="ok"]')
          .waitFor({ state: "visible", timeout: 30_000 })
        expect(await item.getByTestId("paycore-checklist-detail").textContent()).toBe(
          `PayCore check passed on ${check.created_at}.`
        )
        expect(await page.content()).not.toContain(stack.current.sandbox.config.apiKey)

        await page.mouse.move(0, 0) // no row highlighted under the pointer
        const file = await tallScreenshot(browser, "admin-paycore-check", section)
        console.log(`[browser] PayCore check: ${file}`)
      },
      failureContext
    )
  })

  it("sends a payout to PayCore's test card from the order page: limits enforced, masked confirmation, processed after the callbacks", async () => {
    await withFailureScreenshot(
      browser,
      "paycore-admin-payout-order",
      async () => {
        const { page } = browser
        await ensurePayoutSettings()
        const panel = await openOrderPayouts(page)
        await panel.getByTestId("paycore-payouts-empty").waitFor({ state: "visible" })
        const creates = recordRequests(page, "POST", /^\/admin\/paycore\/payouts$/)

        await panel.getByTestId("paycore-payout-send-button").click()
        const drawer = await fillPayoutForm(page, { amount: "5000", card: CARD_TYPED })
        // The order's currency, the service the settings allow, the limits of the settings and PayCore.
        expect(await drawer.getByTestId("paycore-payout-currency").textContent()).toBe("USD")
        expect(await textOf(drawer.getByTestId("paycore-payout-service"), "payment_card_usd")).toContain(
          "payment_card_usd"
        )
        expect(await drawer.getByTestId("paycore-payout-limits").textContent()).toBe(
          "In USD, $5.00 – $1,000.00 (payout settings)"
        )
        expect(await textOf(drawer.locator('label[for="paycore-payout-field-card_number"]'), "Card number")).toContain(
          "*"
        )

        // Too large: refused in the form, nothing is sent.
        await drawer.getByTestId("paycore-payout-review").click()
        expect(await textOf(drawer.getByTestId("paycore-payout-amount-error"), "maximum")).toBe(
          "Above the maximum payout of $1,000.00 (set in the payout settings)"
        )
        expect(await drawer.getByTestId("paycore-payout-confirmation").count()).toBe(0)
        // A card number PayCore's rule (^[0-9]{13,19}$) refuses is marked too.
        await drawer.getByTestId("paycore-payout-field-card_number").fill("5519 2838")
        await drawer.getByTestId("paycore-payout-review").click()
        expect(await textOf(drawer.getByTestId("paycore-payout-field-card_number-error"), "13 to 19")).toContain(
          "card number of 13 to 19 digits"
        )
        expect(creates.seen).toEqual([])

        await fillPayoutForm(page, { amount: "42.50", card: CARD_TYPED, note: "Refund for a returned parcel" })
        await drawer.getByTestId("paycore-payout-amount-error").waitFor({ state: "detached" })
        await drawer.getByTestId("paycore-payout-field-card_number-error").waitFor({ state: "detached" })
        let file = await settledScreenshot(browser, "paycore-admin-payout-form")
        console.log(`[browser] send-payout form on the order page: ${file}`)

        // The confirmation shows what will be sent, the card masked.
        await drawer.getByTestId("paycore-payout-review").click()
        const confirmation = drawer.getByTestId("paycore-payout-confirmation")
        await confirmation.waitFor({ state: "visible" })
        expect(await drawer.getByTestId("paycore-payout-confirm-amount").textContent()).toBe("$42.50")
        expect(await drawer.getByTestId("paycore-payout-confirm-destination").textContent()).toBe(CARD_MASKED)
        expect(await drawer.getByTestId("paycore-payout-confirm-target").textContent()).toMatch(/^Order #\d+$/)
        expect(await drawer.getByTestId("paycore-payout-confirm-description").textContent()).toBe(
          "Refund for a returned parcel"
        )
        const confirmationText = (await confirmation.textContent()) ?? ""
        expect(confirmationText).not.toContain(CARD)
        expect(confirmationText).not.toContain(CARD_TYPED)
        file = await settledScreenshot(browser, "paycore-admin-payout-confirmation")
        console.log(`[browser] payout confirmation: ${file}`)
        expect(creates.seen).toEqual([])

        const [created] = await Promise.all([
          page.waitForResponse(
            (r) => new URL(r.url()).pathname === "/admin/paycore/payouts" && r.request().method() === "POST",
            {
              timeout: 60_000,
            }
          ),
          drawer.getByTestId("paycore-payout-submit").click(),
        ])
        expect(created.status()).toBe(201)
        const payout = (await created.json()).payout
        expect(payout).toMatchObject({
          amount: 42.5,
          currency_code: "usd",
          destination: { card_number: CARD_MASKED },
          order_id: orderId,
        })
        await drawer.waitFor({ state: "detached", timeout: 15_000 })
        expect(await takeToast(page, "Payout sent to PayCore")).toContain(`$42.50 to ${CARD_MASKED}`)
        expect(creates.seen).toHaveLength(1)
        creates.stop()

        // The sandbox processes the payout and its signed callbacks reach the shop; the panel polls until then.
        const item = panel.locator(`[data-testid="paycore-payout"][data-payout-id="${payout.id}"]`)
        await item
          .locator('[data-testid="paycore-payout-status"][data-status="processed"]')
          .waitFor({ state: "visible", timeout: 90_000 })
        expect(await item.getByTestId("paycore-payout-status").textContent()).toBe("Processed")
        expect(await item.getByTestId("paycore-payout-amount").textContent()).toBe("$42.50")
        expect(await item.getByTestId("paycore-payout-destination").textContent()).toBe(CARD_MASKED)
        expect(await item.getByTestId("paycore-payout-service").textContent()).toBe("payment_card_usd")
        expect(await textOf(item.getByTestId("paycore-payout-created-by"), stack.current.admin.email)).toContain(
          "(you)"
        )
        expect(await item.getByTestId("paycore-payout-invoice-id").textContent()).toMatch(/^cpoi_/)
        expect(await item.getByTestId("paycore-payout-problem").count()).toBe(0)
        const stored = await stack.current.adminRequest("get", `/admin/paycore/payouts/${payout.id}`)
        expect(stored.data.payout).toMatchObject({ status: "processed", outcome: "paid", processed_amount: 42.5 })
        expect(stack.current.sandbox.getPayoutInvoice(stored.data.payout.invoice_id)?.data.attributes.status).toBe(
          "processed"
        )

        // Refresh asks PayCore and says what it found.
        await item.getByTestId("paycore-payout-refresh").click()
        expect(await takeToast(page, "Checked at PayCore")).toContain("Status: Processed")

        // Nowhere on the page, nor in any field, is the full card number.
        const shown = await pageText(page)
        expect(shown).not.toContain(CARD)
        expect(shown).not.toContain(CARD_TYPED)

        file = await tallScreenshot(browser, "paycore-admin-payouts-processed", panel)
        console.log(`[browser] order payouts after processing: ${file}`)
      },
      failureContext
    )
  })

  it("asks a second admin to approve: the creator's own approval is refused with the API's 409, the other admin re-enters the card on the customer page", async () => {
    let approverBrowser: BrowserSession | undefined
    await withFailureScreenshot(
      browser,
      "paycore-admin-payout-approval",
      async () => {
        const { page } = browser
        await ensurePayoutSettings({ require_approval: true })
        try {
          const panel = await openOrderPayouts(page)
          await panel.getByTestId("paycore-payout-send-button").click()
          const drawer = await fillPayoutForm(page, { amount: "12", card: CARD })
          await drawer.getByTestId("paycore-payout-review").click()
          expect(await textOf(drawer.getByTestId("paycore-payout-confirm-note"), "another admin")).toContain(
            "nothing is sent to PayCore"
          )
          const [created] = await Promise.all([
            page.waitForResponse(
              (r) => new URL(r.url()).pathname === "/admin/paycore/payouts" && r.request().method() === "POST",
              {
                timeout: 60_000,
              }
            ),
            drawer.getByTestId("paycore-payout-submit").click(),
          ])
          expect(created.status()).toBe(201)
          const payout = (await created.json()).payout
          expect(payout.status).toBe("pending_approval")
          await takeToast(page, "Payout waits for approval")

          const item = panel.locator(`[data-testid="paycore-payout"][data-payout-id="${payout.id}"]`)
          await item
            .locator('[data-testid="paycore-payout-status"][data-status="pending_approval"]')
            .waitFor({ state: "visible", timeout: 30_000 })
          expect(await item.getByTestId("paycore-payout-status").textContent()).toBe("Pending approval")

          // The creator tries to approve: a wrong card is caught in the form, the right one is refused by the API (409).
          await item.getByTestId("paycore-payout-approve").click()
          const approve = page.getByTestId("paycore-payout-approve-drawer")
          const field = approve.getByTestId("paycore-payout-approve-field-card_number")
          await field.fill("5519 2838 1203 0001")
          await approve.getByTestId("paycore-payout-approve-submit").click()
          expect(
            await textOf(approve.getByTestId("paycore-payout-approve-field-card_number-error"), "Does not match")
          ).toContain(CARD_MASKED)
          await field.fill(CARD_TYPED)
          const [refused] = await Promise.all([
            page.waitForResponse((r) => r.url().endsWith(`/admin/paycore/payouts/${payout.id}/approve`), {
              timeout: 30_000,
            }),
            approve.getByTestId("paycore-payout-approve-submit").click(),
          ])
          expect(refused.status()).toBe(409)
          const message = (await refused.json()).message as string
          expect(message).toMatch(/cannot approve/)
          expect(await textOf(approve.getByTestId("paycore-payout-approve-error"), "cannot approve")).toBe(message)
          const file = await settledScreenshot(browser, "paycore-admin-payout-approval-refused")
          console.log(`[browser] own approval refused: ${file}`)
          await page.keyboard.press("Escape")
          await approve.waitFor({ state: "detached", timeout: 15_000 })
          expect(
            (await stack.current.adminRequest("get", `/admin/paycore/payouts/${payout.id}`)).data.payout.status
          ).toBe("pending_approval")

          // A second admin (invited, in another browser) approves it on the customer page.
          const approver = await inviteAdmin()
          approverBrowser = await launchChromium()
          const other = approverBrowser.page
          await loginToAdmin(other, { baseUrl: stack.current.url, ...approver })
          await other.goto(`${stack.current.url}/app/customers/${customerId}`, { waitUntil: "domcontentloaded" })
          const customerPanel = other.getByTestId("paycore-payouts")
          const row = customerPanel.locator(`[data-testid="paycore-payout"][data-payout-id="${payout.id}"]`)
          await row.waitFor({ state: "visible", timeout: FIRST_LOAD_TIMEOUT_MS })
          expect(await customerPanel.getAttribute("data-scope")).toBe("customer")
          expect(await textOf(row.getByTestId("paycore-payout-created-by"), stack.current.admin.email)).not.toContain(
            "(you)"
          )
          await row.getByTestId("paycore-payout-approve").click()
          const otherApprove = other.getByTestId("paycore-payout-approve-drawer")
          await otherApprove.getByTestId("paycore-payout-approve-field-card_number").fill(CARD_TYPED)
          const [approved] = await Promise.all([
            other.waitForResponse((r) => r.url().endsWith(`/admin/paycore/payouts/${payout.id}/approve`), {
              timeout: 60_000,
            }),
            otherApprove.getByTestId("paycore-payout-approve-submit").click(),
          ])
          expect(approved.status()).toBe(200)
          await otherApprove.waitFor({ state: "detached", timeout: 15_000 })
          await takeToast(other, "Payout approved")
          await row
            .locator('[data-testid="paycore-payout-status"][data-status="processed"]')
            .waitFor({ state: "visible", timeout: 90_000 })
          expect(await textOf(row.getByTestId("paycore-payout-approved"), approver.email)).toContain("(you)")
          // The customer page lists the order's payouts too, with a link to the order.
          expect(await customerPanel.getByTestId("paycore-payout").count()).toBeGreaterThanOrEqual(2)
          expect(await row.getByTestId("paycore-payout-order").textContent()).toBe(orderId)
          const shown = await pageText(other)
          expect(shown).not.toContain(CARD)
          expect(shown).not.toContain(CARD_TYPED)
          const customerFile = await tallScreenshot(
            approverBrowser,
            "paycore-admin-customer-payouts",
            customerPanel,
            1400
          )
          console.log(`[browser] customer payouts after approval: ${customerFile}`)
        } finally {
          await ensurePayoutSettings({ require_approval: false })
        }
      },
      failureContext
    ).finally(() => approverBrowser?.close())
  })

  it("switches approvals off only when a second admin confirms: pending notice for the asker, Confirm for the other admin, both in the history", async () => {
    let otherBrowser: BrowserSession | undefined
    await withFailureScreenshot(
      browser,
      "paycore-admin-payout-settings-confirm",
      async () => {
        const { page } = browser
        await ensurePayoutSettings({ require_approval: true }) // approvals on, and a switch-off still pending is withdrawn
        await page.goto(`${stack.current.url}/app/settings/paycore`, { waitUntil: "domcontentloaded" })
        const section = page.getByTestId("paycore-payout-settings")
        const approval = section.locator('[data-testid="paycore-payout-settings-approval"][data-required="true"]')
        await approval.waitFor({ state: "visible", timeout: FIRST_LOAD_TIMEOUT_MS })

        // Admin A switches approvals off and saves: they stay on, waiting for another admin; A cannot confirm.
        await section.getByTestId("paycore-payout-settings-edit").click()
        const drawer = page.getByTestId("paycore-payout-settings-drawer")
        await drawer.getByTestId("paycore-payouts-require-approval").click()
        await drawer.getByTestId("paycore-payout-settings-save").click()
        await drawer.waitFor({ state: "detached", timeout: 15_000 })
        expect(await takeToast(page, "Payout settings saved")).toContain("until another admin confirms")
        const pending = section.getByTestId("paycore-payout-settings-pending")
        expect(await textOf(pending, `Asked by ${stack.current.admin.email}`)).toContain(
          "Switching approvals off waits for a second admin"
        )
        await pending.getByTestId("paycore-payout-settings-pending-own").waitFor({ state: "visible" })
        expect(await pending.getByTestId("paycore-payout-settings-confirm").count()).toBe(0)
        expect(await approval.getAttribute("data-pending")).toBe("true")
        const requested = section
          .locator('[data-testid="paycore-payout-settings-history-entry"][data-kind="requested"]')
          .first()
        expect(await textOf(requested, stack.current.admin.email)).toContain("asked to switch approvals off")
        console.log(
          `[browser] approvals switch-off pending: ${await settledScreenshot(browser, "paycore-admin-payout-settings-pending", section)}`
        )

        // Admin B confirms: approvals are off, and the history names both admins.
        const second = await inviteAdmin()
        otherBrowser = await launchChromium()
        const other = otherBrowser.page
        await loginToAdmin(other, { baseUrl: stack.current.url, ...second })
        await other.goto(`${stack.current.url}/app/settings/paycore`, { waitUntil: "domcontentloaded" })
        const otherSection = other.getByTestId("paycore-payout-settings")
        const [confirmed] = await Promise.all([
          other.waitForResponse((r) => new URL(r.url()).pathname === "/admin/paycore/payouts/settings/confirm", {
            timeout: 30_000,
          }),
          otherSection.getByTestId("paycore-payout-settings-confirm").click({ timeout: FIRST_LOAD_TIMEOUT_MS }),
        ])
        expect(confirmed.status()).toBe(200)
        await otherSection
          .locator('[data-testid="paycore-payout-settings-approval"][data-required="false"]')
          .waitFor({ state: "visible" })
        expect(await otherSection.getByTestId("paycore-payout-settings-pending").count()).toBe(0)
        const entry = otherSection
          .locator('[data-testid="paycore-payout-settings-history-entry"][data-kind="confirmed"]')
          .first()
        await textOf(entry, stack.current.admin.email) // who asked, then who confirmed
        expect(await textOf(entry, `confirmed by ${second.email}`)).toContain("Approvals: on → off")
        expect(
          (await stack.current.adminRequest("get", "/admin/paycore/payouts/settings")).data.settings
        ).toMatchObject({
          require_approval: false,
          pending_change: null,
        })
        const file = await tallScreenshot(otherBrowser, "paycore-admin-payout-settings-confirmed", otherSection, 1400)
        console.log(`[browser] approvals switched off by a second admin: ${file}`)
      },
      failureContext
    ).finally(() => otherBrowser?.close())
  })

  it("offers Confirm for a payout PayCore still holds as created, and PayCore pays it out once an admin confirms", async () => {
    const { sandbox } = stack.current
    await ensurePayoutSettings()
    sandbox.updateConfig({ payoutAutoProcessOption: "ignored" })
    try {
      const created = await stack.current.adminRequest("post", "/admin/paycore/payouts", {
        amount: 12,
        currency: "usd",
        fields: { card_number: CARD },
        order_id: orderId,
      })
      expect(created.status).toBe(201)
      const id = created.data.payout.id as string
      await sandbox.callbacksIdle()
      // PayCore has held it as created for three minutes (an account that waits for the confirmation step).
      await withDatabase(stack.current.databaseUrl, (client) =>
        client.query(
          "update paycore_payout set paycore_updated_at = now() - interval '3 minutes', updated_at = now() - interval '3 minutes' where id = $1",
          [id]
        )
      )
      await withFailureScreenshot(
        browser,
        "paycore-admin-payout-confirm",
        async () => {
          const { page } = browser
          const panel = await openOrderPayouts(page)
          const card = panel.locator(`[data-payout-id="${id}"]`)
          await textOf(card.getByTestId("paycore-payout-awaiting-confirmation"), "Waiting for confirmation at PayCore")
          const file = await settledScreenshot(browser, "paycore-admin-payout-awaiting-confirmation", card)
          console.log(`[browser] payout waiting for confirmation at PayCore: ${file}`)
          await card.getByTestId("paycore-payout-confirm").click()
          const dialog = page.getByRole("alertdialog")
          await textOf(dialog, "12")
          await dialog.getByRole("button", { name: "Confirm payout" }).click()
          expect(await takeToast(page, "Payout confirmed at PayCore")).toContain("Payout confirmed at PayCore")
          await sandbox.callbacksIdle()
          await textOf(card.getByTestId("paycore-payout-status"), "Processed", 60_000)
          expect(await card.getByTestId("paycore-payout-confirm").count()).toBe(0)
        },
        failureContext
      )
      const payout = (await stack.current.adminRequest("get", `/admin/paycore/payouts/${id}`)).data.payout
      expect(payout).toMatchObject({ status: "processed", awaiting_confirmation: false })
      expect(payout.confirmed_by).toBeTruthy()
    } finally {
      sandbox.updateConfig({ payoutAutoProcessOption: "honoured" })
    }
  })

  it("shows a loading state, then the API's error with Try again, when the payouts cannot be loaded", async () => {
    await withFailureScreenshot(
      browser,
      "paycore-admin-payouts-load-error",
      async () => {
        const { page } = browser
        const message = "Payout records are unavailable right now"
        const pattern = (url: URL) => url.pathname === "/admin/paycore/payouts"
        let release: () => void = () => {}
        const held = new Promise<void>((resolve) => {
          release = resolve
        })
        await page.route(pattern, async (route) => {
          await held
          await route.fulfill({
            status: 500,
            contentType: "application/json",
            body: JSON.stringify({ type: "unknown_error", message }),
          })
        })
        const panel = page.getByTestId("paycore-payouts")
        try {
          await openAdminOrder(page, stack.current.url, orderId)
          await panel
            .getByTestId("paycore-payouts-loading")
            .waitFor({ state: "visible", timeout: FIRST_LOAD_TIMEOUT_MS })
          release()
          expect(await textOf(panel.getByTestId("paycore-payouts-error-message"), message, 60_000)).toBe(message)
        } finally {
          release()
          await page.unroute(pattern)
        }
        await panel.getByRole("button", { name: "Try again" }).click()
        await panel.getByTestId("paycore-payouts-list").waitFor({ state: "visible", timeout: 30_000 })
        expect(await panel.getByTestId("paycore-payouts-error").count()).toBe(0)
      },
      failureContext
    )
  })

  /** A second admin user, through Medusa's invite flow (invite, register a login, accept). */
  async function inviteAdmin(): Promise<{ email: string; password: string }> {
    const email = `approver-${Date.now()}@paycore-browser.test`
    const password = "approver-browser-secret"
    const invite = await stack.current.adminRequest("post", "/admin/invites", { email })
    if (invite.status !== 200)
      throw new Error(`POST /admin/invites answered ${invite.status}: ${JSON.stringify(invite.data)}`)
    const register = await stack.current.request("post", "/auth/user/emailpass/register", { email, password })
    if (register.status !== 200)
      throw new Error(`registering ${email} answered ${register.status}: ${JSON.stringify(register.data)}`)
    const accept = await stack.current.request(
      "post",
      `/admin/invites/accept?token=${encodeURIComponent(invite.data.invite.token)}`,
      { first_name: "Second", last_name: "Admin" },
      { authorization: `Bearer ${register.data.token}` }
    )
    if (accept.status !== 200)
      throw new Error(`accepting the invite answered ${accept.status}: ${JSON.stringify(accept.data)}`)
    return { email, password }
  }
})
