// The payment-link page (/pay?link=<id>): what the shop asks a customer to pay for an order after the sale (e.g. an
// item added by an order edit), from the link the merchant sent (GET /store/paycore/payment-links/:id), and "Pay
// with PayCore" to PayCore's hosted page. A paid link says thank you; an expired, failed or unknown one says why.
import { $, currentCustomer, errorText, formatMoney, sdk, showAccountLink, showError, sleep } from "./shop.js"

/** While the link awaits payment (e.g. the customer is back from PayCore before its callback), ask again. */
const POLL_MS = 5_000
const MAX_POLLS = 24

const CLOSED = {
  expired: ["Link expired", "This payment link has expired", "Ask the shop to send you a new payment link."],
  failed: ["Payment failed", "This payment did not go through", "Nothing was charged. Ask the shop for a new link."],
  canceled: ["Link canceled", "The shop canceled this payment link", "You do not need to pay anything for it."],
  unknown: [
    "Link not found",
    "We could not find this payment link",
    "Check that you opened the whole link from the shop's message, or ask the shop for a new one.",
  ],
}

function show(stateName) {
  $("pay-link").dataset.state = stateName
  for (const [part, state] of [
    ["pay-loading", "loading"],
    ["pay-due", "awaiting"],
    ["pay-paid", "paid"],
    ["pay-closed", "closed"],
  ])
    $(part).hidden = state !== stateName
}

function showClosed(reason) {
  const [badge, title, detail] = CLOSED[reason] ?? CLOSED.unknown
  $("pay-closed").dataset.reason = CLOSED[reason] ? reason : "unknown"
  $("pay-closed-badge").textContent = badge
  $("pay-closed-title").textContent = title
  $("pay-closed-detail").textContent = detail
  show("closed")
}

/** The link as the store API answers it, or null when the shop does not know it (404, or 400: not a link id). */
async function readLink(id) {
  try {
    const { payment_link } = await sdk.client.fetch(`/store/paycore/payment-links/${encodeURIComponent(id)}`)
    return payment_link
  } catch (error) {
    if (error?.status === 404 || error?.status === 400) return null
    throw error
  }
}

function showLink(link) {
  if (!link) return showClosed("unknown")
  const order = link.display_id ? `#${link.display_id}` : ""
  const amount = formatMoney(link.amount, link.currency_code)
  if (link.status === "paid") {
    $("pay-paid-detail").textContent = `We received ${amount}${order ? ` for order ${order}` : ""}.`
    return show("paid")
  }
  if (link.status !== "awaiting") return showClosed(link.status)
  $("pay-order").textContent = order
  $("pay-amount").textContent = amount
  $("pay-expires").hidden = !link.expires_at
  if (link.expires_at) $("pay-expires").textContent = `Pay before ${new Date(link.expires_at).toLocaleString()}.`
  $("pay-button").dataset.url = link.url
  document.title = `Pay order ${order} · PayCore Demo Shop`
  show("awaiting")
}

async function run(id) {
  let link = await readLink(id)
  showLink(link)
  for (let polls = 0; link?.status === "awaiting" && polls < MAX_POLLS; polls++) {
    await sleep(POLL_MS)
    try {
      link = await readLink(id)
    } catch (error) {
      console.warn(error) // keep showing the last answer: the customer can still pay
      return
    }
    showLink(link)
  }
}

$("pay-button").addEventListener("click", (event) => {
  const button = event.currentTarget
  button.disabled = true
  button.textContent = "Redirecting to PayCore…"
  window.location.assign(button.dataset.url)
})
currentCustomer()
  .then(showAccountLink)
  .catch((error) => console.warn(error))

const linkId = new URLSearchParams(window.location.search).get("link")
if (!linkId) {
  showClosed("unknown")
} else {
  run(linkId).catch((error) => {
    console.warn(error)
    show("none")
    showError(`Your payment could not be loaded: ${errorText(error)}`)
  })
}
