// The demo storefront (demo/storefront/) in a real browser, used as a customer would: pick the region and the
// product, check the prefilled address, choose the shipping option and PayCore's card method, pay on the sandbox's
// hosted payment page by typing a test card, and come back to the storefront's return page; or pay the same page
// embedded in the shop (PayCore's widget, an iframe); and the pay page of a payment link the shop sent. Served by
// the same server module as `npm run demo`.
// Screenshots go to the temp directory (/tmp/storefront-*.png).
import type { FrameLocator, Page } from "playwright-core"
import { TEST_CARDS } from "../helpers/hpp"
import {
  type BrowserSession,
  normalize,
  openOfflineBrowser as openBrowser,
  orderOwing,
  ordersForCart,
  pageErrors,
  payByCard,
  pollUntil,
  returnPage as storefrontReturnPage,
  textOf,
  useDemoStorefront,
  useMedusaStack,
  withFailureScreenshot,
} from "./harness"

jest.setTimeout(4 * 60_000)

// Declared before useMedusaStack: the storefront starts first and fills the stack's environment.
const storefront = useDemoStorefront(() => stack.current)
// `medusa start`: no dashboard is needed, and no file watcher restarts the shop while the project is edited.
const stack = useMedusaStack({
  admin: false,
  command: "start",
  env: storefront.stackEnv,
  sandbox: storefront.sandboxConfig,
})
const failureContext = { context: () => stack.current.serverLogTail(2000) }

const REGION_LABELS = { eur: /^EUR/, usd: /^USD/, uah: /^UAH/ }
type Currency = keyof typeof REGION_LABELS

/** As the storefront shows it (en-US browser); spaces normalised, Intl puts a no-break space after "UAH". */
const money = (amount: number, currency: Currency) =>
  normalize(new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(amount))

/**
 * The shop: choose the region, see the product's price, buy it, check the address (the customer types their own
 * email), take the shipping option, pick PayCore's card method and press Pay. Ends on PayCore's page.
 * Returns the cart id (from the return URL the storefront gave PayCore) and the total shown.
 */
async function checkout(
  browser: BrowserSession,
  currency: Currency,
  { screenshots = false, way = "redirect" }: { screenshots?: boolean; way?: "redirect" | "embedded" } = {}
) {
  const { page } = browser
  const { sandbox } = stack.current
  await page.goto(storefront.url)
  const region = page.locator('[data-testid="region-select"]:enabled')
  await region.waitFor({ state: "visible" })
  const label = (await region.locator("option").allTextContents()).find((text) => REGION_LABELS[currency].test(text))
  if (!label) throw new Error(`the region picker offers no ${currency.toUpperCase()} region`)
  await region.selectOption({ label })
  const price = { eur: 25, usd: 27.5, uah: 1100 }[currency]
  expect(await textOf(page.getByTestId("product-price"), money(price, currency))).toBe(money(price, currency))
  expect(await textOf(page.getByTestId("product-title"), "PayCore Demo T-Shirt")).toBe("PayCore Demo T-Shirt")
  if (screenshots) await browser.screenshot("storefront-product")

  await page.getByTestId("buy-button").click()
  const email = page.getByTestId("email")
  await email.click()
  await email.fill("")
  await email.pressSequentially("customer@paycore-browser.test")
  await page.getByTestId("address-submit").click()

  const shipping = page.getByTestId("shipping-option").first()
  await shipping.waitFor({ state: "visible" })
  expect(await shipping.locator("input").isChecked()).toBe(true)
  const total = price + { eur: 5, usd: 5, uah: 150 }[currency]
  expect(await textOf(page.getByTestId("cart-total"), money(total, currency))).toBe(money(total, currency))

  const card = page.locator(`[data-testid="payment-method"][data-code="payment_card_${currency}_hpp"]`)
  await card.click()
  expect(await card.locator("input").isChecked()).toBe(true)
  await page.locator(`[data-testid="checkout-way"] input[value="${way}"]`).check()
  const pay = page.getByTestId("pay-button")
  expect(await textOf(pay, `Pay ${money(total, currency)} with PayCore`)).toBe(
    `Pay ${money(total, currency)} with PayCore`
  )
  if (screenshots) await browser.screenshot("storefront-checkout")
  await pay.click()

  const hpp = way === "embedded" ? embeddedHpp(page) : page
  if (way === "redirect") {
    await page.waitForURL((url) => url.origin === sandbox.url && url.pathname.startsWith("/hpp"), { timeout: 30_000 })
  }
  const invoiceId = await hppInvoice(hpp, total)
  return { invoiceId, total, hpp }
}

/** PayCore's page inside the shop: the frame PayCore's widget put into the embedded slot. */
const embeddedHpp = (page: Page) => page.frameLocator('[data-testid="paycore-embedded"] iframe')

/** Waits for PayCore's card form (whole page or frame), checks the amount, and returns the invoice it shows. */
async function hppInvoice(hpp: Page | FrameLocator, total: number) {
  await hpp.getByTestId("card-form").waitFor({ state: "visible", timeout: 30_000 })
  expect(await textOf(hpp.getByTestId("hpp-amount"), /\d/)).toBe(total.toFixed(2))
  return ((await hpp.getByTestId("hpp-invoice-id").textContent()) ?? "").trim()
}

/** The return page, once it has decided (order, failed or pending); returns the cart id from its URL. */
const returnPage = (page: Page, expectedState: "order" | "failed") =>
  storefrontReturnPage(page, storefront.url, expectedState)

/** The order page's facts, checked against the order Medusa made for the cart. */
async function expectOrderShown(page: Page, cartId: string, total: number, currency: Currency) {
  const orderId = await stack.current.waitForOrder(cartId)
  const confirmation = page.getByTestId("order-confirmation")
  expect(await confirmation.getAttribute("data-order-id")).toBe(orderId)
  const { status, data } = await stack.current.adminRequest(
    "get",
    `/admin/orders/${orderId}?fields=id,display_id,total,email`
  )
  expect(status).toBe(200)
  expect(await textOf(page.getByTestId("order-display-id"), `#${data.order.display_id}`)).toBe(
    `#${data.order.display_id}`
  )
  expect(data.order.total).toBe(total)
  expect(data.order.email).toBe("customer@paycore-browser.test")
  expect(await textOf(page.getByTestId("order-total"), money(total, currency))).toBe(money(total, currency))
  const paidWith = page.getByTestId("order-payment")
  expect(await textOf(paidWith, "Paid with PayCore")).toBe("Paid with PayCore (test payment)")
  expect(await paidWith.getAttribute("data-provider-id")).toBe("pp_paycore_paycore")
  // The storefront is never shown invoice ids (only the hosted-page link): the admin API names the order's invoice.
  const payments = await stack.current.adminRequest(
    "get",
    `/admin/orders/${orderId}?fields=id,*payment_collections.payments`
  )
  const payment = payments.data.order.payment_collections[0].payments[0]
  return { orderId, invoiceId: payment.data.paycore_invoice_id as string }
}

describe("demo storefront checkout through PayCore's hosted payment page", () => {
  let browser: BrowserSession | undefined
  afterEach(async () => {
    await browser?.close()
    browser = undefined
  })

  it("a customer picks the product, pays with a test card on PayCore's page and sees the order", async () => {
    browser = await openBrowser()
    const session = browser
    await withFailureScreenshot(
      session,
      "storefront-pay",
      async () => {
        const { page } = session
        const { invoiceId, total } = await checkout(session, "usd", { screenshots: true })
        await payByCard(page, TEST_CARDS.success, () => session.screenshot("storefront-hpp"))

        const cartId = await returnPage(page, "order")
        const order = await expectOrderShown(page, cartId, total, "usd")
        expect(order.invoiceId).toBe(invoiceId)
        expect(stack.current.sandbox.getInvoiceState(invoiceId).invoice.status).toBe("processed")
        expect(await ordersForCart(stack.current, cartId)).toEqual([order.orderId])
        await session.screenshot("storefront-order")
        expect(pageErrors(session)).toEqual([])
      },
      failureContext
    )
  })

  it("a declined card shows why with Try again; the new attempt on PayCore's page succeeds with one order", async () => {
    browser = await openBrowser()
    const session = browser
    await withFailureScreenshot(
      session,
      "storefront-declined",
      async () => {
        const { page } = session
        const { sandbox } = stack.current
        const first = await checkout(session, "eur")
        await payByCard(page, TEST_CARDS.declined)

        const cartId = await returnPage(page, "failed")
        const reason = page.getByTestId("failure-reason")
        expect(await textOf(reason, "declined")).toBe("The card's bank declined the payment.")
        expect(await reason.getAttribute("data-resolution")).toBe("issuer_decline")
        expect(await textOf(page.getByTestId("failure-code"), "issuer_decline")).toBe(
          "PayCore's reason: issuer_decline"
        )
        expect(sandbox.getInvoiceState(first.invoiceId).invoice.status).toBe("process_failed")
        await session.screenshot("storefront-declined")
        expect(await ordersForCart(stack.current, cartId)).toEqual([])

        await page.getByTestId("retry-button").click()
        await page.waitForURL((url) => url.origin === sandbox.url && url.pathname.startsWith("/hpp"), {
          timeout: 30_000,
        })
        await page.getByTestId("card-form").waitFor({ state: "visible" })
        const secondInvoice = ((await page.getByTestId("hpp-invoice-id").textContent()) ?? "").trim()
        expect(secondInvoice).not.toBe(first.invoiceId)
        expect(await textOf(page.getByTestId("hpp-amount"), /\d/)).toBe(first.total.toFixed(2))
        await payByCard(page, TEST_CARDS.success)

        expect(await returnPage(page, "order")).toBe(cartId)
        const order = await expectOrderShown(page, cartId, first.total, "eur")
        expect(order.invoiceId).toBe(secondInvoice)
        await sandbox.callbacksIdle()
        expect(await ordersForCart(stack.current, cartId)).toEqual([order.orderId])
        expect(pageErrors(session)).toEqual([])
      },
      failureContext
    )
  })

  it("a 3-D Secure card passes its confirmation step on PayCore's page and the order is shown", async () => {
    browser = await openBrowser()
    const session = browser
    await withFailureScreenshot(
      session,
      "storefront-3ds",
      async () => {
        const { page } = session
        const { invoiceId, total } = await checkout(session, "uah")
        await payByCard(page, TEST_CARDS.success3ds)

        const code = page.getByTestId("three-ds-code")
        await code.waitFor({ state: "visible" })
        await code.fill("")
        await code.pressSequentially("4321")
        await session.screenshot("storefront-3ds")
        await page.getByTestId("three-ds-submit").click()

        const cartId = await returnPage(page, "order")
        const order = await expectOrderShown(page, cartId, total, "uah")
        expect(order.invoiceId).toBe(invoiceId)
        expect(stack.current.sandbox.getInvoiceState(invoiceId).invoice.status).toBe("processed")
        expect(await ordersForCart(stack.current, cartId)).toEqual([order.orderId])
        expect(pageErrors(session)).toEqual([])
      },
      failureContext
    )
  })

  it("a payment link's page (/pay?link=…) shows the order and amount owed, sends the customer to PayCore's page, then says Paid, thank you; an unknown link says it was not found", async () => {
    browser = await openBrowser()
    const session = browser
    await withFailureScreenshot(
      session,
      "storefront-pay-link",
      async () => {
        const { page } = session
        const { orderId, owed } = await orderOwing(stack.current)
        const created = await stack.current.adminRequest("post", `/admin/paycore/orders/${orderId}/payment-link`, {})
        const link = created.data.payment_link
        expect(link?.amount).toBe(owed)

        await page.goto(`${storefront.url}/pay?link=${link.id}`)
        expect(await textOf(page.getByTestId("pay-order"), `#${link.display_id}`)).toBe(`#${link.display_id}`)
        expect(await textOf(page.getByTestId("pay-amount"), money(owed, "usd"))).toBe(money(owed, "usd"))
        await session.screenshot("storefront-pay-link")
        await page.getByTestId("pay-button").click()
        await page.getByTestId("method-payment_card_usd_hpp").click() // no method was chosen for the link's invoice
        expect(await hppInvoice(page, owed)).toBe(link.invoice_id)
        await payByCard(page, TEST_CARDS.success)

        const linkStatus = async () =>
          (await stack.current.store.call("get", `/store/paycore/payment-links/${link.id}`)).data.payment_link?.status
        await pollUntil(async () => (await linkStatus()) === "paid", { timeoutMs: 30_000, describe: "the link paid" })
        await page.goto(`${storefront.url}/pay?link=${link.id}`)
        await page.locator('[data-testid="pay-link"][data-state="paid"]').waitFor({ timeout: 15_000 })
        expect(await textOf(page.getByTestId("pay-paid-detail"), money(owed, "usd"))).toContain(`#${link.display_id}`)

        await page.goto(`${storefront.url}/pay?link=payses_01UNKNOWN`)
        const unknown = page.locator('[data-testid="pay-closed"][data-reason="unknown"]')
        expect(await textOf(unknown, "not find")).toContain("We could not find this payment link")
        expect(pageErrors(session)).toEqual([])
      },
      failureContext
    )
  })
})

describe("demo storefront checkout with PayCore's page embedded in the shop (PayCore's widget)", () => {
  let browser: BrowserSession | undefined
  afterEach(async () => {
    await browser?.close()
    browser = undefined
  })

  /** The shop page's record of PayCore's frame messages (the kit's onEvent), once it includes `event`. */
  async function frameEvents(page: Page, event: string): Promise<string[]> {
    const slot = page.getByTestId("paycore-embedded")
    await page.waitForFunction(
      (wanted) =>
        (document.querySelector('[data-testid="paycore-embedded"]') as HTMLElement | null)?.dataset.paycoreEvents
          ?.split(" ")
          .includes(wanted),
      event,
      { timeout: 15_000 }
    )
    return ((await slot.getAttribute("data-paycore-events")) ?? "").split(" ")
  }

  it("a customer pays inside the shop: PayCore's card form and 3-D Secure step in the frame, then the order", async () => {
    browser = await openBrowser()
    const session = browser
    await withFailureScreenshot(
      session,
      "storefront-embedded",
      async () => {
        const { page } = session
        const { invoiceId, total, hpp } = await checkout(session, "uah", { way: "embedded" })
        expect(new URL(page.url()).origin).toBe(storefront.url) // the customer never left the shop
        expect(await frameEvents(page, "rendered")).toEqual(expect.arrayContaining(["ready", "rendered"]))
        await payByCard(hpp, TEST_CARDS.success3ds, () => session.screenshot("storefront-embedded"))

        const code = hpp.getByTestId("three-ds-code")
        await code.waitFor({ state: "visible" })
        await code.pressSequentially("4321")
        await hpp.getByTestId("three-ds-submit").click()

        // PayCore's page returns inside its frame; the return page moves the whole window there.
        const cartId = await returnPage(page, "order")
        expect(page.frames().filter((frame) => frame.url().startsWith(stack.current.sandbox.url))).toEqual([])
        const order = await expectOrderShown(page, cartId, total, "uah")
        expect(order.invoiceId).toBe(invoiceId)
        expect(await ordersForCart(stack.current, cartId)).toEqual([order.orderId])
        expect(pageErrors(session)).toEqual([])
      },
      failureContext
    )
  })

  it("a declined card in the frame shows why; Try again opens PayCore's form in the shop again for a new invoice", async () => {
    browser = await openBrowser()
    const session = browser
    await withFailureScreenshot(
      session,
      "storefront-embedded-declined",
      async () => {
        const { page } = session
        const first = await checkout(session, "eur", { way: "embedded" })
        await payByCard(first.hpp, TEST_CARDS.declined)

        const cartId = await returnPage(page, "failed")
        const reason = page.getByTestId("failure-reason")
        expect(await textOf(reason, "declined")).toBe("The card's bank declined the payment.")
        expect(await reason.getAttribute("data-resolution")).toBe("issuer_decline")
        expect(await ordersForCart(stack.current, cartId)).toEqual([])

        await page.getByTestId("retry-button").click()
        const again = embeddedHpp(page)
        const secondInvoice = await hppInvoice(again, first.total)
        expect(secondInvoice).not.toBe(first.invoiceId)
        expect(new URL(page.url()).pathname).toBe("/return.html")
        await payByCard(again, TEST_CARDS.success)

        await page.locator('[data-testid="return-status"][data-state="order"]').waitFor({ timeout: 60_000 })
        const order = await expectOrderShown(page, cartId, first.total, "eur")
        expect(order.invoiceId).toBe(secondInvoice)
        await stack.current.sandbox.callbacksIdle()
        expect(await ordersForCart(stack.current, cartId)).toEqual([order.orderId])
        expect(pageErrors(session)).toEqual([])
      },
      failureContext
    )
  })

  // The other plausible PayCores of docs/paycore-notes.md ("Unknowns"): the profiles hpp-cpi-params-must-match and
  // hpp-framed-return-message, together.
  it("when PayCore checks the widget's parameters against the invoice and posts `return` instead of loading the return page, the shop still shows the order", async () => {
    browser = await openBrowser()
    const session = browser
    const { sandbox } = stack.current
    sandbox.updateConfig({ hppCpiParams: "must_match", hppFramedReturn: "message" })
    try {
      await withFailureScreenshot(
        session,
        "storefront-embedded-return-message",
        async () => {
          const { page } = session
          const { invoiceId, total, hpp } = await checkout(session, "usd", { way: "embedded" })
          await payByCard(hpp, TEST_CARDS.success)

          const cartId = await returnPage(page, "order")
          // The kit's own return URL (PayCore's return URLs carry paycore_result): the window went there on `return`.
          expect(new URL(page.url()).searchParams.get("paycore_result")).toBeNull()
          const order = await expectOrderShown(page, cartId, total, "usd")
          expect(order.invoiceId).toBe(invoiceId)
          expect(pageErrors(session)).toEqual([])
        },
        failureContext
      )
    } finally {
      sandbox.updateConfig({ hppCpiParams: "ignored", hppFramedReturn: "navigate" })
    }
  })
})
