// What the pages share: the Medusa js-sdk client (and the logged-in customer), the plugin's storefront kit (medusa-payment-paycore/storefront,
// bundled here from its source), the configuration from /config.js, money formatting and small DOM helpers.
import Medusa from "@medusajs/js-sdk"
import { createPaycoreCheckout, openEmbeddedCheckout } from "../../../src/storefront"

/** @type {{ backendUrl: string, publishableKey: string, providerId: string, productHandle: string, embedded: boolean }} */
export const config = window.PAYCORE_STOREFRONT

export const sdk = new Medusa({
  baseUrl: config.backendUrl,
  publishableKey: config.publishableKey,
  // A customer who logs in on the account page stays logged in on every page: the sdk keeps the JWT in
  // localStorage and sends it with each request. Guests have none, and nothing is sent.
  auth: { type: "jwt", jwtTokenStorageMethod: "local" },
})

/**
 * The logged-in customer, or null for a guest (no request without a token). A token the backend no longer accepts
 * (expired, or its customer gone) is forgotten.
 */
export async function currentCustomer() {
  if (!(await sdk.client.getToken())) return null
  try {
    const { customer } = await sdk.store.customer.retrieve({ fields: "id,email,first_name,last_name" })
    return customer
  } catch (error) {
    if (error?.status === 401) {
      await sdk.client.clearToken()
      return null
    }
    throw error
  }
}

/** The header's account link: "Sign in", or the customer's email once logged in. */
export function showAccountLink(customer) {
  const link = $("account-link")
  if (!link) return
  link.textContent = customer ? customer.email : "Sign in"
  link.dataset.loggedIn = String(Boolean(customer))
}

const CARD_BRANDS = { mastercard: "Mastercard", visa: "Visa", maestro: "Maestro", amex: "American Express" }

/** "Mastercard •••• 0000" */
export function cardName(card) {
  const brand = CARD_BRANDS[card.brand] ?? card.brand.charAt(0).toUpperCase() + card.brand.slice(1)
  return `${brand} •••• ${card.last4}`
}

/** "12/32" */
export const cardExpiry = (card) => `${card.expiry_month}/${card.expiry_year}`

/** The same address every demo order ships to, per country of the demo regions. */
export const DEMO_ADDRESSES = {
  de: { address_1: "Friedrichstraße 68", city: "Berlin", postal_code: "10117" },
  fr: { address_1: "12 Rue de Rivoli", city: "Paris", postal_code: "75004" },
  nl: { address_1: "Damrak 1", city: "Amsterdam", postal_code: "1012 LG" },
  at: { address_1: "Kärntner Straße 5", city: "Wien", postal_code: "1010" },
  pl: { address_1: "ul. Nowy Świat 15", city: "Warszawa", postal_code: "00-029" },
  us: { address_1: "350 Fifth Avenue", city: "New York", postal_code: "10118" },
  ua: { address_1: "vul. Khreshchatyk 22", city: "Kyiv", postal_code: "01001" },
}
/** A guest's prefilled contact details (a logged-in customer's own are used instead). */
export const DEMO_CUSTOMER = { email: "jane.doe@example.com", first_name: "Jane", last_name: "Doe" }

export function formatMoney(amount, currencyCode) {
  return new Intl.NumberFormat(undefined, { style: "currency", currency: currencyCode.toUpperCase() }).format(
    amount ?? 0
  )
}

export const checkout = createPaycoreCheckout({ sdk, providerId: config.providerId })

/** Where PayCore sends the customer back; the kit adds the cart's id (and PayCore its paycore_result). */
export const returnUrl = () => `${window.location.origin}/return.html`

/** How the customer pays: on PayCore's page (redirect) or in PayCore's page inside this shop (embedded). */
export function chosenWay() {
  return config.embedded && localStorage.getItem("paycore-demo-way") === "embedded" ? "embedded" : "redirect"
}

let widgetLoading
/** PayCore's widget, served by the demo server from node_modules (PayCore's licence: never copied here). */
function loadPaycoreWidget() {
  widgetLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script")
    script.src = "/assets/paycore-widget.js"
    script.onload = () => resolve(window.widget)
    script.onerror = () => {
      widgetLoading = undefined
      reject(new Error("PayCore's widget could not be loaded"))
    }
    document.head.append(script)
  })
  return widgetLoading
}

/**
 * Sends the customer to PayCore for a started payment: the whole window to PayCore's page, or PayCore's page in the
 * element `slotId` (embedded). The slot records PayCore's frame events in data-paycore-events.
 */
export async function goToPaycore(payment, way, slotId) {
  if (way !== "embedded") {
    window.location.assign(payment.redirectUrl)
    return undefined
  }
  const widget = await loadPaycoreWidget()
  const slot = document.getElementById(slotId)
  slot.closest("[data-embedded]").hidden = false
  slot.dataset.paycoreEvents = ""
  const frame = openEmbeddedCheckout(payment, {
    containerId: slotId,
    widget,
    onEvent: (name) => {
      slot.dataset.paycoreEvents = [slot.dataset.paycoreEvents, name].filter(Boolean).join(" ")
    },
  })
  slot.scrollIntoView({ behavior: "smooth", block: "start" })
  return frame
}

/** A short, readable message of an error from the sdk (FetchError has status and message). */
export function errorText(error) {
  if (error && typeof error === "object" && "status" in error && error.status) {
    return `${error.message || "Request failed"} (HTTP ${error.status})`
  }
  return error instanceof Error ? error.message : String(error)
}

export const $ = (testId, root = document) => root.querySelector(`[data-testid="${testId}"]`)

/** Creates an element: el("p", { class: "muted", "data-testid": "x" }, "text", otherNode). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value)
    else node.setAttribute(key, value === true ? "" : String(value))
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue
    node.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return node
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Shows an error in the page's error box (data-testid="shop-error"); no argument hides it. */
export function showError(message) {
  const box = $("shop-error")
  if (!box) return
  box.hidden = !message
  box.textContent = message ?? ""
}
