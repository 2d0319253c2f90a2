// The PayCore panel on the admin order page, in a real browser: an order paid through PayCore (store API, the
// sandbox marks the invoice paid, its signed callback creates the order), then the Medusa admin in headless
// Chromium shows the invoice, its status, the amounts and the callback, and "Check status at PayCore" adds a
// reconciliation entry. "PayCore payment links" requests what an order edit left owing and shows the link turn
// paid. Screenshots go to the temp directory (/tmp/paycore-order-widget*.png, /tmp/paycore-payment-links*.png).
import type { Locator } from "playwright-core"
import {
  type BrowserSession,
  FIRST_LOAD_TIMEOUT_MS,
  launchChromium,
  loginToAdmin,
  openAdminOrder,
  orderOwing,
  orderPaidThroughPaycore,
  sandboxPays,
  useMedusaStack,
  withFailureScreenshot,
} from "./harness"

jest.setTimeout(4 * 60_000)

const stack = useMedusaStack()
const failureContext = { context: () => stack.current.serverLogTail(2000) }

const usd = (amount: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(amount)

/** Waits until the locator's first match contains `expected`, then returns its text. */
async function textOf(locator: Locator, expected: string | RegExp, timeout = 15_000): Promise<string> {
  const match = locator.filter({ hasText: expected }).first()
  await match.waitFor({ state: "visible", timeout }).catch((error: Error) => {
    throw new Error(`expected ${locator} to show ${expected}: ${error.message.split("\n")[0]}`)
  })
  return (await match.textContent()) ?? ""
}

describe("PayCore panel on the admin order page", () => {
  let browser: BrowserSession
  let orderId: string
  let invoiceId: string
  let referenceId: string
  let paidText: string

  beforeAll(async () => {
    const order = await orderPaidThroughPaycore(stack.current)
    ;({ orderId, invoiceId, referenceId } = order)
    paidText = usd(order.total)

    // The admin API the panel reads must know the payment before the browser looks at it.
    const view = await stack.current.adminRequest("get", `/admin/paycore/orders/${orderId}`)
    if (view.status !== 200 || view.data.payments?.[0]?.status !== "processed") {
      throw new Error(`GET /admin/paycore/orders/${orderId} answered ${view.status}: ${JSON.stringify(view.data)}`)
    }

    browser = await launchChromium()
    await withFailureScreenshot(
      browser,
      "paycore-admin-login",
      () => loginToAdmin(browser.page, { baseUrl: stack.current.url, ...stack.current.admin }),
      failureContext
    )
  }, 3 * 60_000)

  afterAll(async () => {
    await browser?.close()
  })

  /** Opens the order page and waits for the panel with its payment loaded. */
  async function openPanel(): Promise<Locator> {
    const { page } = browser
    await openAdminOrder(page, stack.current.url, orderId)
    const panel = page.getByTestId("paycore-order-widget")
    await panel.getByTestId("paycore-payment").first().waitFor({ state: "visible", timeout: FIRST_LOAD_TIMEOUT_MS })
    return panel
  }

  /** Clicks "Check status at PayCore" and returns the reconcile call's answer. */
  async function checkStatus(panel: Locator) {
    const [response] = await Promise.all([
      browser.page.waitForResponse((r) => r.url().endsWith(`/admin/paycore/orders/${orderId}/reconcile`), {
        timeout: 30_000,
      }),
      panel.getByTestId("paycore-reconcile-button").click(),
    ])
    return { status: response.status(), body: await response.text() }
  }

  /** Waits for a toast with `title`, returns its text and closes it (so that it does not cover screenshots). */
  async function takeToast(title: string, screenshotName?: string): Promise<string> {
    const toast = browser.page.locator("[data-sonner-toast]").filter({ hasText: title }).first()
    await toast.waitFor({ state: "visible", timeout: 15_000 })
    const text = (await toast.textContent()) ?? ""
    if (screenshotName) await browser.screenshot(screenshotName, toast)
    await toast.getByRole("button").last().click()
    await toast.waitFor({ state: "detached", timeout: 15_000 })
    return text
  }

  it("shows the PayCore invoice of an order paid by callback: ids, processed status, TEST badge, amount and the accepted callback", async () => {
    await withFailureScreenshot(
      browser,
      "paycore-order-widget",
      async () => {
        const panel = await openPanel()
        const payment = panel.getByTestId("paycore-payment")
        expect(await payment.count()).toBe(1)
        expect(await payment.getAttribute("data-invoice-id")).toBe(invoiceId)

        expect(await textOf(payment.getByTestId("paycore-invoice-id"), invoiceId)).toBe(invoiceId)
        expect(await textOf(payment.getByTestId("paycore-reference-id"), referenceId)).toBe(referenceId)
        const status = payment.getByTestId("paycore-status")
        expect(await status.getAttribute("data-status")).toBe("processed")
        expect(await textOf(status, /processed/i)).toMatch(/^Processed$/)
        expect(await textOf(payment.getByTestId("paycore-mode"), "TEST")).toBe("TEST")
        expect(await textOf(payment.getByTestId("paycore-amount-paid"), paidText)).toBe(paidText)
        expect(await textOf(payment.getByTestId("paycore-outcome"), "Order created")).toBe(
          "Order created from PayCore callback"
        )
        const hppLink = payment.getByTestId("paycore-hpp-link")
        expect(await hppLink.getAttribute("href")).toBe(stack.current.sandbox.hppUrl(invoiceId))

        const accepted = payment.locator(
          '[data-testid="paycore-callback"][data-source="callback"][data-signature="accepted"]'
        )
        await accepted.first().waitFor({ state: "visible" })
        expect(await accepted.first().getAttribute("data-status")).toBe("processed")
        expect(await textOf(accepted.first(), "Signature ok")).toContain("Applied")

        const file = await browser.screenshot("paycore-order-widget", panel)
        console.log(`[browser] PayCore panel screenshot: ${file}`)
      },
      failureContext
    )
  })

  it("shows a chargeback whose callback was lost once the merchant clicks Check status at PayCore, as a status-check entry, and lists the order above the order list", async () => {
    await withFailureScreenshot(
      browser,
      "paycore-order-widget-check",
      async () => {
        const { sandbox } = stack.current
        const panel = await openPanel()
        const payment = panel.getByTestId("paycore-payment")
        await textOf(payment.getByTestId("paycore-amount-charged-back"), "$0.00")
        const statusChecks = panel.locator('[data-testid="paycore-callback"][data-source="reconciliation"]')
        const before = await statusChecks.count()

        // PayCore charges part of the payment back, and its callback never reaches the shop.
        sandbox.setCallbackMode({ suppress: true })
        sandbox.chargeBack(invoiceId, { amount: 10 })
        await sandbox.callbacksIdle()
        sandbox.clearCallbackMode()
        const unseen = await stack.current.adminRequest("get", `/admin/paycore/orders/${orderId}`)
        expect(unseen.data.payments[0].status).toBe("processed")

        const response = await checkStatus(panel)
        if (response.status !== 200) throw new Error(`POST …/reconcile answered ${response.status}: ${response.body}`)
        await statusChecks
          .nth(before)
          .waitFor({ state: "visible", timeout: 15_000 })
          .catch((error: Error) => {
            throw new Error(
              `no new status-check entry appeared (${error.message.split("\n")[0]}); reconcile answered ${response.body}`
            )
          })

        const newest = panel.getByTestId("paycore-callback").first()
        expect(await newest.getAttribute("data-source")).toBe("reconciliation")
        expect(await newest.getAttribute("data-outcome")).toBe("applied")
        expect(await newest.getAttribute("data-status")).toBe("partially_charged_back")
        expect(await textOf(newest, "Status check")).toContain("Partially charged back")
        expect(await payment.getByTestId("paycore-status").getAttribute("data-status")).toBe("partially_charged_back")
        expect(await textOf(payment.getByTestId("paycore-amount-charged-back"), "$10.00")).toBe("$10.00")
        expect(await textOf(payment.getByTestId("paycore-outcome"), "Chargeback")).toBe("Chargeback recorded")
        expect(await takeToast("Checked at PayCore")).toContain("Status: Partially charged back")
        expect(await panel.getByTestId("paycore-reconcile-button").isEnabled()).toBe(true)

        const file = await browser.screenshot("paycore-order-widget-after-check", panel)
        console.log(`[browser] PayCore panel after the status check: ${file}`)

        // The order list cannot show a column of the plugin's: the panel above it lists the charged-back order.
        await browser.page.goto(`${stack.current.url}/app/orders`)
        const row = browser.page.getByTestId("paycore-chargeback-row").first()
        expect(await textOf(row, "$10.00", FIRST_LOAD_TIMEOUT_MS)).toContain("Partially charged back")
        const list = await browser.screenshot(
          "paycore-order-list-chargebacks",
          browser.page.getByTestId("paycore-chargebacks")
        )
        console.log(`[browser] chargebacks above the order list: ${list}`)
        await row.getByRole("link").click()
        await browser.page.waitForURL(new RegExp(`/app/orders/${orderId}$`), { timeout: 15_000 })
      },
      failureContext
    )
  })

  it("shows a loading state, then the API's error message with Try again, when the PayCore payments cannot be loaded", async () => {
    await withFailureScreenshot(
      browser,
      "paycore-order-widget-load-error",
      async () => {
        const { page } = browser
        const message = "PayCore records are unavailable right now"
        // The browser holds the panel's request, then answers it (and the dashboard's one retry) with an API error.
        const pattern = `**/admin/paycore/orders/${orderId}`
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
        const panel = page.getByTestId("paycore-order-widget")
        try {
          await openAdminOrder(page, stack.current.url, orderId)
          await panel.getByTestId("paycore-loading").waitFor({ state: "visible", timeout: FIRST_LOAD_TIMEOUT_MS })
          release()
          expect(await textOf(panel.getByTestId("paycore-error-message"), message, 30_000)).toBe(message)
          await browser.screenshot("paycore-order-widget-error", panel)
        } finally {
          release()
          await page.unroute(pattern)
        }

        await panel.getByRole("button", { name: "Try again" }).click()
        await panel.getByTestId("paycore-payment").waitFor({ state: "visible", timeout: 15_000 })
        expect(await panel.getByTestId("paycore-error").count()).toBe(0)
      },
      failureContext
    )
  })

  it("tells the merchant why Check status at PayCore failed, with the API's message, and keeps showing the last known state", async () => {
    await withFailureScreenshot(
      browser,
      "paycore-order-widget-check-error",
      async () => {
        const { sandbox } = stack.current
        const panel = await openPanel()
        const statusBefore = await panel.getByTestId("paycore-status").getAttribute("data-status")
        const entriesBefore = await panel.getByTestId("paycore-callback").count()

        // PayCore refuses the plugin's credentials (a non-retryable answer) for the invoice look-up.
        sandbox.addFault({ method: "GET", path: "/api/payment-invoices/*", kind: "status", status: 401, times: 10 })
        try {
          const response = await checkStatus(panel)
          expect(response.status).toBeGreaterThanOrEqual(400)
          const message = JSON.parse(response.body).message as string
          expect(message).toBeTruthy()

          const toastText = await takeToast(
            "Could not check the status at PayCore",
            "paycore-order-widget-check-error-toast"
          )
          expect(toastText).toContain(message)
        } finally {
          sandbox.clearFaults()
        }
        expect(await panel.getByTestId("paycore-status").getAttribute("data-status")).toBe(statusBefore)
        expect(await panel.getByTestId("paycore-callback").count()).toBe(entriesBefore)
        expect(await panel.getByTestId("paycore-error").count()).toBe(0)
        expect(await panel.getByTestId("paycore-reconcile-button").isEnabled()).toBe(true)
      },
      failureContext
    )
  })

  it("requests what an order edit left owing through PayCore, shows the API's refusal, copies the payment page link, and shows the link Paid once the customer pays", async () => {
    await withFailureScreenshot(
      browser,
      "paycore-payment-links",
      async () => {
        const { page } = browser
        const { orderId: owingOrderId, owed } = await orderOwing(stack.current)
        await openAdminOrder(page, stack.current.url, owingOrderId)
        const widget = page.getByTestId("paycore-payment-links")
        const requestButton = widget.getByTestId("paycore-request-payment")
        await requestButton.waitFor({ state: "visible", timeout: FIRST_LOAD_TIMEOUT_MS })
        expect(await textOf(widget.getByTestId("paycore-payment-links-outstanding"), usd(owed))).toContain(usd(owed))

        // A refusal (as when nothing is owed any more) is shown with the API's message.
        const refusal = "This order has nothing outstanding to pay"
        const pattern = `**/admin/paycore/orders/${owingOrderId}/payment-link`
        await page.route(pattern, (route) =>
          route.fulfill({ status: 400, contentType: "application/json", body: JSON.stringify({ message: refusal }) })
        )
        await requestButton.click()
        expect(await takeToast("Could not request the payment")).toContain(refusal)
        await page.unroute(pattern)

        const [response] = await Promise.all([
          page.waitForResponse((r) => r.url().endsWith(`/orders/${owingOrderId}/payment-link`), { timeout: 30_000 }),
          requestButton.click(),
        ])
        const body = await response.text()
        if (response.status() !== 200) throw new Error(`POST …/payment-link answered ${response.status()}: ${body}`)
        const link = JSON.parse(body).payment_link as { id: string; url: string; invoice_id: string; amount: number }
        expect(link.amount).toBe(owed)
        await takeToast("Payment link created")

        const row = widget.locator(`[data-testid="paycore-payment-link"][data-link-id="${link.id}"]`)
        expect(await textOf(row.getByTestId("paycore-payment-link-status"), "Awaiting payment")).toBe(
          "Awaiting payment"
        )
        expect(await textOf(row.getByTestId("paycore-payment-link-amount"), usd(owed))).toBe(usd(owed))
        // Who asked for it: the logged-in admin, by email.
        const by = `by ${stack.current.admin.email} (you)`
        expect((await textOf(row.getByTestId("paycore-payment-link-created-by"), by)).trim()).toBe(by)
        expect(await widget.getByTestId("paycore-payment-link-url").getAttribute("href")).toBe(link.url)
        await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.current.url })
        await widget.getByTestId("paycore-payment-link-copy").click()
        expect(await takeToast("Link copied")).toContain(link.url)
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link.url)
        const awaiting = await browser.screenshot("paycore-payment-links-awaiting", widget)
        console.log(`[browser] PayCore payment links, awaiting payment: ${awaiting}`)

        // The customer pays on PayCore's page; the widget polls the awaiting link and the order's balance follows.
        await sandboxPays(stack.current, link.invoice_id)
        expect(await textOf(row.getByTestId("paycore-payment-link-status"), "Paid", 45_000)).toBe("Paid")
        expect(await row.getAttribute("data-status")).toBe("paid")
        expect(await textOf(row.getByTestId("paycore-payment-link-dates"), "paid")).toMatch(/Created .+ · paid /)
        expect(await widget.getByTestId("paycore-payment-link-current").count()).toBe(0)
        await requestButton.waitFor({ state: "detached", timeout: 30_000 })
        const paid = await browser.screenshot("paycore-payment-links-paid", widget)
        console.log(`[browser] PayCore payment links, paid: ${paid}`)
      },
      failureContext
    )
  })
})
