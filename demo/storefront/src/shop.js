// What both pages share: the Medusa js-sdk client, the configuration from /config.js, money formatting,
// PayCore's payment session, and small DOM helpers.
import Medusa from "@medusajs/js-sdk"

/** @type {{ backendUrl: string, publishableKey: string, providerId: string, productHandle: string }} */
export const config = window.PAYCORE_STOREFRONT

export const sdk = new Medusa({
  baseUrl: config.backendUrl,
  publishableKey: config.publishableKey,
  // Guests only: no login, nothing kept by the sdk.
  auth: { type: "jwt", jwtTokenStorageMethod: "nostore" },
})

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
export const DEMO_CUSTOMER = { email: "jane.doe@example.com", first_name: "Jane", last_name: "Doe" }

export function formatMoney(amount, currencyCode) {
  return new Intl.NumberFormat(undefined, { style: "currency", currency: currencyCode.toUpperCase() }).format(
    amount ?? 0
  )
}

/** The return page for a cart: PayCore adds paycore_result=success|pending|fail to it. */
export function returnUrlFor(cartId) {
  return `${window.location.origin}/return.html?cart_id=${encodeURIComponent(cartId)}`
}

/** The cart's PayCore payment session (the newest one), or undefined. */
export function paycoreSession(cart) {
  const sessions = cart?.payment_collection?.payment_sessions ?? []
  return sessions.filter((session) => session.provider_id === config.providerId).at(-1)
}

/**
 * Creates a PayCore payment session for the cart (PayCore creates the payment invoice) and sends the browser to
 * PayCore's hosted payment page. `service` skips the page's method picker. Replaces an earlier session.
 */
export async function payWithPaycore(cart, { service } = {}) {
  const { payment_collection } = await sdk.store.payment.initiatePaymentSession(cart, {
    provider_id: config.providerId,
    data: {
      cart_id: cart.id,
      email: cart.email,
      return_url: returnUrlFor(cart.id),
      ...(service ? { service } : {}),
    },
  })
  const session = paycoreSession({ payment_collection })
  const hppUrl = session?.data?.hpp_url
  if (!hppUrl) throw new Error("PayCore did not return a payment page for this cart")
  window.location.assign(hppUrl)
  return hppUrl
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
