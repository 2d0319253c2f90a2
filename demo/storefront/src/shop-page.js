// The shop page (index.html): the product with its price in the chosen region, a cart, the delivery address and
// shipping, PayCore's payment methods for the cart, then the PayCore payment session and the redirect to PayCore's
// hosted payment page. A logged-in customer's cart is theirs (created with their token), and they may pay with a
// saved card (charged at once: straight to the return page) or save the new one (card-choice.js).
import { chosenSavedCard, renderCardChoices, saveCardWanted } from "./card-choice.js"
import {
  $,
  DEMO_ADDRESSES,
  DEMO_CUSTOMER,
  cardName,
  checkout,
  chosenWay,
  config,
  currentCustomer,
  el,
  errorText,
  formatMoney,
  goToPaycore,
  returnUrl,
  sdk,
  showAccountLink,
  showError,
} from "./shop.js"

const state = {
  /** @type {any[]} */ regions: [],
  /** @type {any} */ region: null,
  /** @type {any} */ product: null,
  /** @type {any} */ cart: null,
  /** @type {string | null} */ shippingOptionId: null,
  /** @type {string | null} */ method: null,
  /** PayCore's methods for the cart are shown (a new card can be paid). */
  methodsReady: false,
}

/** The logged-in customer, or null for a guest; asked once per page load. */
const customerLoading = currentCustomer().catch((error) => {
  console.warn(error)
  return null
})

/** Runs an action of the page: shows its error, if any, and re-enables `button` afterwards. */
async function act(button, action) {
  showError()
  if (button) button.disabled = true
  try {
    await action()
  } catch (error) {
    console.warn(error)
    showError(errorText(error))
  } finally {
    if (button) button.disabled = false
  }
}

// ---- Regions and the product ------------------------------------------------------------------------------

async function loadRegions() {
  const { regions } = await sdk.store.region.list({ fields: "id,name,currency_code,*countries", limit: 50 })
  state.regions = regions
  const select = $("region-select")
  select.replaceChildren(
    ...regions.map((region) =>
      el(
        "option",
        { value: region.id, "data-currency": region.currency_code },
        `${region.currency_code.toUpperCase()} · ${region.name}`
      )
    )
  )
  const wanted =
    new URLSearchParams(window.location.search).get("currency") || localStorage.getItem("paycore-demo-currency")
  const initial = regions.find((region) => region.currency_code === wanted) ?? regions[0]
  if (!initial) throw new Error("The shop has no regions: run the demo seed")
  select.value = initial.id
  select.addEventListener("change", () => act(null, () => chooseRegion(select.value)))
  await chooseRegion(initial.id)
  select.disabled = false
}

let regionRequest = 0

async function chooseRegion(regionId) {
  const request = ++regionRequest
  state.region = state.regions.find((region) => region.id === regionId)
  localStorage.setItem("paycore-demo-currency", state.region.currency_code)
  // A cart belongs to one region: a new region starts a new cart.
  state.cart = null
  $("checkout").hidden = true
  $("buy-button").disabled = true
  const productCard = $("product")
  productCard.setAttribute("aria-busy", "true")
  const { products } = await sdk.store.product.list({
    handle: config.productHandle,
    region_id: state.region.id,
    fields: "id,title,description,handle,*variants,*variants.calculated_price",
    limit: 1,
  })
  if (request !== regionRequest) return // another region was chosen meanwhile
  const product = products[0]
  if (!product) throw new Error(`The product ${config.productHandle} is not for sale in this shop: run the demo seed`)
  state.product = product
  const variant = product.variants[0]
  const price = variant.calculated_price
  $("product-title").textContent = product.title
  $("product-description").textContent = product.description ?? ""
  $("product-price").textContent = price
    ? formatMoney(price.calculated_amount, price.currency_code)
    : "Not sold in this region"
  $("product-price").dataset.currency = price?.currency_code ?? ""
  $("product-variant").textContent = `Size ${variant.title} · ships in 2–3 days`
  $("buy-button").disabled = !price
  $("buy-button").textContent = "Buy now"
  productCard.setAttribute("aria-busy", "false")
}

// ---- Cart, address, shipping ------------------------------------------------------------------------------

async function buy() {
  const variant = state.product.variants[0]
  // With the customer's token (the sdk sends it) the new cart is the customer's own.
  await customerLoading
  let { cart } = await sdk.store.cart.create({ region_id: state.region.id })
  ;({ cart } = await sdk.store.cart.createLineItem(cart.id, { variant_id: variant.id, quantity: 1 }))
  state.cart = cart
  state.shippingOptionId = null
  fillDemoAddress(await customerLoading)
  $("shipping").hidden = true
  $("payment").hidden = true
  $("checkout").hidden = false
  $("buy-button").textContent = "In your cart ✓"
  $("address-form").scrollIntoView({ behavior: "smooth", block: "start" })
}

/**
 * The demo fills a real-looking address for the region's first country, and the customer's own name and email when
 * logged in; every field stays editable.
 */
function fillDemoAddress(customer) {
  const form = $("address-form")
  const countries = state.region.countries ?? []
  form.elements.country_code.replaceChildren(
    ...countries.map((country) =>
      el("option", { value: country.iso_2 }, country.display_name ?? country.iso_2.toUpperCase())
    )
  )
  const country = countries[0]?.iso_2
  const address = DEMO_ADDRESSES[country] ?? DEMO_ADDRESSES.de
  form.elements.email.value = customer?.email ?? DEMO_CUSTOMER.email
  form.elements.first_name.value = customer?.first_name || DEMO_CUSTOMER.first_name
  form.elements.last_name.value = customer?.last_name || DEMO_CUSTOMER.last_name
  form.elements.address_1.value = address.address_1
  form.elements.city.value = address.city
  form.elements.postal_code.value = address.postal_code
  form.elements.country_code.value = country ?? ""
}

async function saveAddress() {
  const form = $("address-form")
  const value = (name) => form.elements[name].value.trim()
  const country = value("country_code")
  const address = {
    first_name: value("first_name"),
    last_name: value("last_name"),
    address_1: value("address_1"),
    city: value("city"),
    postal_code: value("postal_code"),
    country_code: country,
  }
  ;({ cart: state.cart } = await sdk.store.cart.update(state.cart.id, {
    email: value("email"),
    shipping_address: address,
    billing_address: address,
  }))

  const { shipping_options } = await sdk.store.fulfillment.listCartOptions({ cart_id: state.cart.id })
  if (!shipping_options.length) throw new Error("No shipping option delivers to this address")
  const keep = shipping_options.some((option) => option.id === state.shippingOptionId)
  const chosen = keep ? state.shippingOptionId : shipping_options[0].id
  $("shipping-options").replaceChildren(
    ...shipping_options.map((option) =>
      el(
        "label",
        { class: "choice", "data-testid": "shipping-option", "data-option-id": option.id },
        el("input", {
          type: "radio",
          name: "shipping_option",
          value: option.id,
          checked: option.id === chosen,
          onchange: (event) => act(null, () => chooseShipping(event.target.value)),
        }),
        el(
          "span",
          { class: "name" },
          option.name,
          el("br"),
          el("span", { class: "muted small" }, option.type?.description ?? "")
        ),
        el(
          "strong",
          {},
          formatMoney(option.calculated_price?.calculated_amount ?? option.amount, state.cart.currency_code)
        )
      )
    )
  )
  $("shipping").hidden = false
  await chooseShipping(chosen)
}

async function chooseShipping(optionId) {
  ;({ cart: state.cart } = await sdk.store.cart.addShippingMethod(state.cart.id, { option_id: optionId }))
  state.shippingOptionId = optionId
  renderSummary()
  $("payment").hidden = false
  await Promise.all([loadPaymentMethods(), customerLoading.then((customer) => renderCardChoices(customer, renderPay))])
}

function renderSummary() {
  const cart = state.cart
  const money = (amount) => formatMoney(amount, cart.currency_code)
  $("cart-items").replaceChildren(
    ...cart.items.map((item) =>
      el(
        "tr",
        { "data-testid": "cart-item" },
        el("th", {}, `${item.product_title ?? item.title} · ${item.variant_title ?? ""} × ${item.quantity}`),
        el("td", {}, money(item.subtotal ?? item.unit_price * item.quantity))
      )
    )
  )
  $("cart-shipping").textContent = money(cart.shipping_total)
  $("cart-tax-row").hidden = !cart.tax_total
  $("cart-tax").textContent = money(cart.tax_total)
  $("cart-total").textContent = money(cart.total)
}

// ---- PayCore ----------------------------------------------------------------------------------------------

/** PayCore's methods for this cart (its currency and total): GET /store/paycore/payment-methods?cart_id=… */
async function loadPaymentMethods() {
  const list = $("payment-methods")
  state.methodsReady = false
  renderPay()
  list.replaceChildren(el("p", { class: "muted" }, "Loading PayCore's payment methods…"))
  let methods
  try {
    ;({ payment_methods: methods } = await sdk.client.fetch("/store/paycore/payment-methods", {
      query: { cart_id: state.cart.id, provider_id: config.providerId },
    }))
  } catch (error) {
    // 502 paycore_unavailable: PayCore did not answer. The customer can ask again.
    list.replaceChildren(
      el(
        "p",
        { class: "alert", "data-testid": "methods-error" },
        `PayCore's payment methods could not be loaded: ${errorText(error)}`
      ),
      el(
        "button",
        { type: "button", class: "secondary", onclick: (event) => act(event.target, loadPaymentMethods) },
        "Try again"
      )
    )
    return
  }
  if (!methods.length) {
    list.replaceChildren(el("p", { class: "alert" }, "PayCore offers no payment method for this currency and amount."))
    return
  }
  if (!methods.some((method) => method.code === state.method)) state.method = methods[0].code
  list.replaceChildren(...methods.map(methodChoice))
  state.methodsReady = true
  renderPay()
}

/**
 * The pay button and what shows with it, for the chosen card: a saved card needs neither PayCore's methods nor the
 * choice of where to pay (PayCore's page is not shown); a new card does.
 */
function renderPay() {
  const savedCard = chosenSavedCard()
  const payButton = $("pay-button")
  const total = state.cart ? formatMoney(state.cart.total, state.cart.currency_code) : ""
  $("paycore-methods").hidden = Boolean(savedCard)
  $("checkout-ways").hidden = !config.embedded || Boolean(savedCard)
  $("save-card").hidden = Boolean(savedCard)
  // The card's name on one line: "Pay $32.50 with" / "Mastercard •••• 0000" when the button wraps.
  const payWith = savedCard ? cardName(savedCard).replace(/ /g, "\u00a0") : "PayCore"
  payButton.textContent = `Pay ${total} with ${payWith}`
  payButton.disabled = savedCard ? false : !state.methodsReady
  $("pay-note").textContent = savedCard
    ? "Your saved card is charged right away, without PayCore's payment page; you go straight to your order."
    : "You pay on PayCore's secure payment page, and come back to this shop for your order."
}

const CARD_ICON =
  '<svg viewBox="0 0 40 26" width="40" height="26" aria-hidden="true"><rect x="1" y="1" width="38" height="24" rx="4" fill="#e0e7ff" stroke="#6366f1"/>' +
  '<rect x="1" y="6" width="38" height="5" fill="#6366f1"/><rect x="5" y="16" width="12" height="3" rx="1" fill="#a5b4fc"/></svg>'

function methodChoice(method) {
  // A stand-in for the logo: a card for card methods, else the method's name in small letters.
  const monogram = () => {
    const badge = el("span", { class: "monogram", "aria-hidden": "true" })
    if (method.method === "payment_card") badge.innerHTML = CARD_ICON
    else badge.textContent = method.name.length > 8 ? method.name.slice(0, 7) + "…" : method.name
    return badge
  }
  let badge = monogram()
  if (method.logo) {
    // PayCore's logos are on its CDN: without network (or for an unknown method) a monogram stands in.
    badge = el("img", { class: "logo", src: method.logo, alt: "", loading: "lazy", referrerpolicy: "no-referrer" })
    badge.addEventListener("error", () => badge.replaceWith(monogram()), { once: true })
  }
  return el(
    "label",
    { class: "choice", "data-testid": "payment-method", "data-code": method.code },
    el("input", {
      type: "radio",
      name: "paycore_method",
      value: method.code,
      checked: method.code === state.method,
      onchange: () => {
        state.method = method.code
      },
    }),
    badge,
    el("span", { class: "name", "data-testid": "payment-method-name" }, method.name)
  )
}

/** The customer's choice between PayCore's page (redirect) and PayCore's page inside the shop (embedded). */
function renderWays() {
  const ways = $("checkout-ways")
  ways.hidden = !config.embedded
  for (const input of ways.querySelectorAll("input")) {
    input.checked = input.value === chosenWay()
    input.addEventListener("change", () => localStorage.setItem("paycore-demo-way", input.value))
  }
}

let embedded
/**
 * Starts a new PayCore payment for the cart (a new session: PayCore gets a new invoice), then either leaves for
 * PayCore's page or opens it below the button; a saved card is charged at once, and the return page shows the
 * order. The button stays disabled while the browser goes.
 */
async function pay() {
  const button = $("pay-button")
  const label = button.textContent
  const savedCard = chosenSavedCard()
  const way = chosenWay()
  showError()
  button.disabled = true
  button.textContent = savedCard ? "Paying…" : way === "embedded" ? "Opening PayCore…" : "Redirecting to PayCore…"
  try {
    embedded?.close()
    const payment = await checkout.startPayment(
      state.cart,
      savedCard
        ? { returnUrl: returnUrl(), savedCardId: savedCard.id }
        : {
            returnUrl: returnUrl(),
            service: state.method ?? undefined,
            ...(saveCardWanted() ? { saveCard: true } : {}),
          }
    )
    if (payment.next === "return") {
      window.location.assign(payment.returnUrl)
      return
    }
    embedded = await goToPaycore(payment, way, "paycore-embedded")
    if (way === "embedded") {
      button.textContent = "Pay in PayCore's form below"
    }
  } catch (error) {
    console.warn(error)
    showError(errorText(error))
    button.textContent = label
    button.disabled = false
  }
}

// ---- Wiring -------------------------------------------------------------------------------------------------

$("buy-button").addEventListener("click", async (event) => {
  const button = event.currentTarget
  await act(button, buy)
  button.disabled = Boolean(state.cart) // one cart per visit; choosing another region starts again
})
$("address-form").addEventListener("submit", (event) => {
  event.preventDefault()
  act($("address-submit"), saveAddress)
})
$("pay-button").addEventListener("click", pay)
renderWays()

act(null, loadRegions)
customerLoading.then(showAccountLink)
