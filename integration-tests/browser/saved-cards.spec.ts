// Saved cards (issue #17) in a real browser, on the demo storefront and the admin: the demo customer signs in on the
// account page, buys with "Save this card for next time" ticked and pays on PayCore's page (the sandbox), finds the
// card on the account page, buys again with it without PayCore's page, and deletes it; the admin's customer page
// lists a saved card of the customer and deletes it after a confirmation. One `medusa develop` with the dashboard for
// the whole file; the tests run in order and share the storefront's browser (its login). Screenshots
// storefront-saved-cards.png (checkout offering the saved card) and admin-saved-cards.png (the admin widget) go to
// BROWSER_SCREENSHOT_DIR, the temp directory unless set (docs/screenshots for the README's pictures).
import Medusa from "@medusajs/js-sdk"
import type { Page, Request } from "playwright-core"
import { createPaycoreCheckout, type PaycoreSavedCard } from "../../src/storefront"
import type { PaycoreAdminSavedCard } from "../../src/saved-cards/types"
import { payOnHpp, TEST_CARDS } from "../helpers/hpp"
import {
  type BrowserSession,
  FIRST_LOAD_TIMEOUT_MS,
  launchChromium,
  loginToAdmin,
  openOfflineBrowser,
  pageErrors,
  payByCard,
  pollUntil,
  returnPage,
  textOf,
  useDemoStorefront,
  useMedusaStack,
  withFailureScreenshot,
} from "./harness"

jest.setTimeout(4 * 60_000)

// Declared before useMedusaStack: the storefront starts first and fills the stack's environment.
const storefront = useDemoStorefront(() => stack.current)
const stack = useMedusaStack({ env: storefront.stackEnv, sandbox: storefront.sandboxConfig })
const failureContext = { context: () => stack.current.serverLogTail(2000) }

/** The demo seed's customer with a login. */
const shopper = () => {
  const customer = stack.current.seed.customer
  if (!customer) throw new Error("the demo seed made no customer login")
  return customer
}

/** The customer's saved cards, as the admin API lists them. */
async function savedCardsOf(customerId: string): Promise<PaycoreAdminSavedCard[]> {
  const { status, data } = await stack.current.adminRequest("get", `/admin/paycore/customers/${customerId}/saved-cards`)
  if (status !== 200)
    throw new Error(`GET …/customers/${customerId}/saved-cards answered ${status}: ${JSON.stringify(data)}`)
  return data.saved_cards
}

/** Waits until the customer has `count` saved cards (the card is saved once PayCore's payment is applied). */
const savedCardsCounted = (customerId: string, count: number) =>
  pollUntil(
    async () => {
      const cards = await savedCardsOf(customerId)
      return cards.length === count && cards
    },
    { timeoutMs: 30_000, describe: `${count} saved card(s) of ${customerId}` }
  )

/**
 * The shop in USD: buy the T-shirt, take the prefilled address (the signed-in customer's email) and the shipping
 * option; ends at the payment step with the pay button ready and the customer's cards (if signed in) shown.
 */
async function toPaymentStep(page: Page) {
  await page.goto(`${storefront.url}/?currency=usd`)
  await textOf(page.getByTestId("product-price"), "$27.50")
  await page.getByTestId("buy-button").click()
  await page.getByTestId("address-submit").click()
  await page.getByTestId("shipping-option").first().waitFor({ state: "visible" })
  await page.locator('[data-testid="card-choices"]:is([data-state="loaded"], [data-state="guest"])').waitFor({
    state: "attached",
  })
  await page.locator('[data-testid="pay-button"]:enabled').waitFor()
}

describe("saved cards: a customer saves a card on the first purchase, pays the second with it, and deletes it", () => {
  let browser: BrowserSession
  let customerId: string
  /**
   * The admin's browser, signed in while the storefront tests run: the dashboard's first load under `medusa develop`
   * compiles it (about half a minute on 2 cores), which then costs the file no time of its own.
   */
  let adminSignedIn: Promise<BrowserSession>
  let adminBrowser: BrowserSession | undefined

  beforeAll(async () => {
    const { status, data } = await stack.current.adminRequest(
      "get",
      `/admin/customers?q=${encodeURIComponent(shopper().email)}&fields=id,email,has_account`
    )
    const customer = (data.customers ?? []).find((c: any) => c.email === shopper().email && c.has_account)
    if (status !== 200 || !customer)
      throw new Error(`the seeded customer is missing (${status}): ${JSON.stringify(data)}`)
    customerId = customer.id
    adminSignedIn = launchChromium().then(async (session) => {
      adminBrowser = session
      const login = () => loginToAdmin(session.page, { baseUrl: stack.current.url, ...stack.current.admin })
      await withFailureScreenshot(session, "saved-cards-admin-login", login, failureContext)
      return session
    })
    adminSignedIn.catch(() => {}) // reported by the admin test, which awaits it
    browser = await openOfflineBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await adminBrowser?.close()
  })

  it("a guest's checkout offers neither saved cards nor Save this card", async () => {
    await withFailureScreenshot(
      browser,
      "saved-cards-guest",
      async () => {
        const { page } = browser
        await toPaymentStep(page)
        expect(await textOf(page.getByTestId("pay-button"), "Pay $32.50 with PayCore")).toBe("Pay $32.50 with PayCore")
        expect(await page.getByTestId("card-choices").isVisible()).toBe(false)
        expect(await page.getByTestId("save-card-checkbox").isVisible()).toBe(false)
        expect(await textOf(page.getByTestId("account-link"), "Sign in")).toBe("Sign in")
      },
      failureContext
    )
  })

  it("signed in, the customer ticks Save this card, pays on PayCore's page, and the account page shows Mastercard •••• 0000", async () => {
    await withFailureScreenshot(
      browser,
      "saved-cards-save",
      async () => {
        const { page } = browser
        const { sandbox } = stack.current
        await page.goto(`${storefront.url}/account`)
        await page.locator('[data-testid="account"][data-state="login"]').waitFor()
        await page.getByTestId("login-email").fill(shopper().email)
        await page.getByTestId("login-password").fill(shopper().password)
        await page.getByTestId("login-submit").click()
        await page.locator('[data-testid="account"][data-state="account"]').waitFor()
        expect(await textOf(page.getByTestId("account-email"), shopper().email)).toBe(shopper().email)
        await page.getByTestId("saved-cards-empty").waitFor({ state: "visible" })

        await toPaymentStep(page)
        expect(await page.getByTestId("email").inputValue()).toBe(shopper().email)
        await page.getByTestId("card-choices").waitFor({ state: "visible" })
        expect(await page.getByTestId("saved-card-choice").count()).toBe(0)
        expect(await page.getByTestId("new-card-choice").locator("input").isChecked()).toBe(true)
        await page.getByTestId("save-card-checkbox").check()
        await page.locator('[data-testid="payment-method"][data-code="payment_card_usd_hpp"]').click()
        await browser.screenshot("storefront-save-card")
        await page.getByTestId("pay-button").click()
        await page.waitForURL((url) => url.origin === sandbox.url && url.pathname.startsWith("/hpp"), {
          timeout: 30_000,
        })
        await page.getByTestId("card-form").waitFor({ state: "visible", timeout: 30_000 })
        await payByCard(page, TEST_CARDS.success)

        const cartId = await returnPage(page, storefront.url, "order")
        const orderId = await stack.current.waitForOrder(cartId)
        const order = await stack.current.adminRequest("get", `/admin/orders/${orderId}?fields=id,customer_id`)
        expect(order.data.order.customer_id).toBe(customerId) // the cart was the signed-in customer's
        const [saved] = await savedCardsCounted(customerId, 1)
        expect(saved).toMatchObject({ brand: "mastercard", last4: "0000", expiry_month: "12", expiry_year: "30" })

        await page.getByTestId("account-link").click()
        const card = page.getByTestId("saved-card")
        await card.waitFor({ state: "visible" })
        expect(await card.count()).toBe(1)
        expect(await card.getAttribute("data-card-id")).toBe(saved.id)
        expect(await textOf(card.getByTestId("saved-card-name"), "Mastercard")).toBe("Mastercard •••• 0000")
        expect(await textOf(card.getByTestId("saved-card-expiry"), "Expires")).toBe("Expires 12/30")
        expect(await card.getByTestId("saved-card-expired").count()).toBe(0)
        await browser.screenshot("storefront-account-saved-cards")
        expect(pageErrors(browser)).toEqual([])
      },
      failureContext
    )
  })

  it("the next purchase offers the saved card and pays with it without PayCore's page, straight to the order", async () => {
    await withFailureScreenshot(
      browser,
      "saved-cards-pay",
      async () => {
        const { page } = browser
        const { sandbox } = stack.current
        const [saved] = await savedCardsOf(customerId)
        await toPaymentStep(page)
        const choice = page.locator(`[data-testid="saved-card-choice"][data-card-id="${saved.id}"]`)
        expect(await textOf(choice, "Pay with")).toBe("Pay with Mastercard •••• 0000 (12/30)")
        expect(await choice.locator("input").isChecked()).toBe(true) // the usable saved card comes first
        const pay = page.getByTestId("pay-button")
        expect(await textOf(pay, "Mastercard")).toBe("Pay $32.50 with Mastercard •••• 0000")
        expect(await page.getByTestId("paycore-methods").isVisible()).toBe(false)
        await browser.screenshot("storefront-saved-cards")

        const toPaycore: string[] = []
        const watch = (request: Request) => {
          if (request.url().startsWith(sandbox.url)) toPaycore.push(request.url())
        }
        page.on("request", watch)
        await pay.click()
        const cartId = await returnPage(page, storefront.url, "order").finally(() => page.off("request", watch))
        const orderId = await stack.current.waitForOrder(cartId)
        expect(await textOf(page.getByTestId("order-payment"), "Paid with PayCore")).toBe(
          "Paid with PayCore (test payment)"
        )
        expect(await page.getByTestId("order-confirmation").getAttribute("data-order-id")).toBe(orderId)
        expect(toPaycore).toEqual([]) // the browser never went to PayCore

        const { data } = await stack.current.adminRequest(
          "get",
          `/admin/orders/${orderId}?fields=id,total,customer_id,*payment_collections.payments`
        )
        expect(data.order.customer_id).toBe(customerId)
        expect(data.order.total).toBe(32.5)
        const invoiceId = data.order.payment_collections[0].payments[0].data.paycore_invoice_id
        expect(sandbox.getInvoiceState(invoiceId).invoice.status).toBe("processed")
        expect(pageErrors(browser)).toEqual([])
      },
      failureContext
    )
  })

  it("Delete on the account page removes the saved card: the page then shows none, nor does the store", async () => {
    await withFailureScreenshot(
      browser,
      "saved-cards-delete",
      async () => {
        const { page } = browser
        await page.goto(`${storefront.url}/account`)
        const card = page.getByTestId("saved-card")
        await card.waitFor({ state: "visible" })
        await card.getByTestId("saved-card-delete").click()
        await page.getByTestId("saved-cards-empty").waitFor({ state: "visible" })
        expect(await card.count()).toBe(0)
        expect(await savedCardsOf(customerId)).toEqual([])
        expect(pageErrors(browser)).toEqual([])
      },
      failureContext
    )
  })

  it("the admin's customer page lists the customer's saved card (expiry, TEST) and deletes it after a confirmation", async () => {
    // A card saved by the customer's next purchase, made over the store API with the storefront kit (PayCore's page
    // filled over HTTP): the 3-D Secure test card, so that it is another card than the one deleted above.
    const saved = await saveCardOverStoreApi(TEST_CARDS.success3ds)
    const admin = await adminSignedIn
    await withFailureScreenshot(
      admin,
      "saved-cards-admin",
      async () => {
        const { page } = admin
        await page.goto(`${stack.current.url}/app/customers/${customerId}`, { waitUntil: "domcontentloaded" })
        const widget = page.getByTestId("paycore-saved-cards")
        const card = widget.locator(`[data-testid="paycore-saved-card"][data-card-id="${saved.id}"]`)
        await card.waitFor({ state: "visible", timeout: FIRST_LOAD_TIMEOUT_MS })
        expect(await widget.getByTestId("paycore-saved-card").count()).toBe(1)
        expect(await textOf(card.getByTestId("paycore-saved-card-name"), "Mastercard")).toBe("Mastercard •••• 0000")
        expect(await textOf(card.getByTestId("paycore-saved-card-expiry"), "Expires")).toBe("Expires 12/30")
        expect(await textOf(card.getByTestId("paycore-saved-card-mode"), "TEST")).toBe("TEST")
        expect(await textOf(card.getByTestId("paycore-saved-card-dates"), "Saved")).toMatch(/^Saved \w{3} \d{1,2}, /)
        await admin.screenshot("admin-saved-cards", widget)

        await card.getByTestId("paycore-saved-card-delete").click()
        const dialog = page.getByRole("alertdialog")
        expect(await textOf(dialog, "Delete this saved card?")).toContain("Mastercard •••• 0000")
        await dialog.getByRole("button", { name: "Delete card" }).click()
        await textOf(page.locator("[data-sonner-toast]"), "Saved card deleted")
        await widget.getByTestId("paycore-saved-cards-empty").waitFor({ state: "visible", timeout: 15_000 })
        expect(await savedCardsOf(customerId)).toEqual([])
      },
      failureContext
    )
  })

  /** The signed-in customer buys over the store API, saving the card: returns the saved card. */
  async function saveCardOverStoreApi(card: { number: string; expiry: string }): Promise<PaycoreSavedCard> {
    const { url, seed } = stack.current
    const sdk = new Medusa({
      baseUrl: url,
      publishableKey: seed.publishableKey,
      auth: { type: "jwt", jwtTokenStorageMethod: "memory" },
    })
    await sdk.auth.login("customer", "emailpass", shopper())
    const { cart } = await sdk.store.cart.create({ region_id: seed.regions.usd })
    await sdk.store.cart.createLineItem(cart.id, { variant_id: seed.variantId, quantity: 1 })
    const address = { first_name: "Sam", last_name: "Shopper", address_1: "350 Fifth Avenue", city: "New York" }
    await sdk.store.cart.update(cart.id, {
      shipping_address: { ...address, postal_code: "10118", country_code: "us" },
      billing_address: { ...address, postal_code: "10118", country_code: "us" },
    })
    await sdk.store.cart.addShippingMethod(cart.id, { option_id: seed.shippingOptionId })
    const checkout = createPaycoreCheckout({ sdk })
    const started = await checkout.startPayment(cart.id, {
      returnUrl: `${storefront.url}/return.html`,
      saveCard: true,
    })
    await payOnHpp(started.redirectUrl, card)
    await stack.current.waitForOrder(cart.id)
    const [saved] = await savedCardsCounted(customerId, 1)
    const listed = await checkout.listSavedCards()
    expect(listed.map((c) => c.id)).toEqual([saved.id])
    return listed[0]
  }
})
