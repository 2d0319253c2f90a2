// The return page (return.html?cart_id=…&paycore_result=…): where PayCore's hosted payment page sends the customer.
// The storefront kit's readReturn decides what to show (paycore_result only picks the first words):
//   order    → show it (PayCore's callback may have made it already: completing returns it)
//   retry    → the order is being made right now: ask again
//   pending  → PayCore has not decided: ask again a few times, then say the order will follow by email
//   failed   → say why (the kit's message: PayCore's resolution in words) and offer a new attempt
// When PayCore's page ran embedded, it returns inside its frame: leaveEmbeddedFrame moves the whole window here.
import { leaveEmbeddedFrame, readReturnParams } from "../../../src/storefront"
import {
  $,
  checkout,
  chosenWay,
  config,
  currentCustomer,
  errorText,
  formatMoney,
  goToPaycore,
  returnUrl,
  sdk,
  showAccountLink,
  showError,
  sleep,
} from "./shop.js"

const { cartId, paycoreResult } = readReturnParams(window.location.href)

/** How many times a pending payment is asked about (about 30 s in all), then the page stops asking. */
const MAX_PENDING_READS = 15
/** How many times "the order is being made" is asked again. */
const MAX_RETRIES = 30

const FIRST_WORDS = {
  success: ["Confirming your payment…", "PayCore says the payment went through. We are getting your order."],
  pending: ["Checking your payment…", "PayCore is still processing your payment."],
  fail: ["Checking your payment…", "PayCore reported a problem with the payment. We are checking with the shop."],
}

function show(stateName) {
  $("return-status").dataset.state = stateName
  for (const part of ["checking", "order-confirmation", "payment-failed", "payment-pending"]) $(part).hidden = true
  const part = {
    checking: "checking",
    order: "order-confirmation",
    failed: "payment-failed",
    pending: "payment-pending",
  }[stateName]
  if (part) $(part).hidden = false
}

function showChecking(title, detail) {
  $("checking-title").textContent = title
  $("checking-detail").textContent = detail
  show("checking")
}

/** The order's PayCore payment (the order from cart complete has no payments: ask for them), or undefined. */
async function paycorePaymentOf(orderId) {
  try {
    const { order } = await sdk.store.order.retrieve(orderId, { fields: "id,*payment_collections.payments" })
    const payments = (order.payment_collections ?? []).flatMap((collection) => collection.payments ?? [])
    return payments.find((payment) => payment.provider_id === config.providerId)
  } catch (error) {
    console.warn(error)
    return undefined
  }
}

async function showOrder(order) {
  const payment = await paycorePaymentOf(order.id)
  const paidWith = $("order-payment")
  paidWith.textContent = payment
    ? `Paid with PayCore${payment.data?.test_mode ? " (test payment)" : ""}`
    : "Payment received"
  paidWith.dataset.providerId = payment?.provider_id ?? ""
  const money = (amount) => formatMoney(amount, order.currency_code)
  $("order-display-id").textContent = `#${order.display_id}`
  $("order-email").textContent = order.email ?? "your email address"
  $("order-items").replaceChildren(
    ...(order.items ?? []).map((item) => {
      const row = document.createElement("tr")
      const name = document.createElement("th")
      name.textContent = `${item.product_title ?? item.title} · ${item.variant_title ?? ""} × ${item.quantity}`
      const amount = document.createElement("td")
      amount.textContent = money(item.subtotal ?? item.unit_price * item.quantity)
      row.append(name, amount)
      return row
    })
  )
  $("order-shipping").textContent = money(order.shipping_total)
  $("order-total").textContent = money(order.total)
  $("order-confirmation").dataset.orderId = order.id
  document.title = `Order #${order.display_id} · PayCore Demo Shop`
  show("order")
}

function showFailure(answer) {
  const reason = $("failure-reason")
  reason.textContent = answer.message
  reason.dataset.resolution = answer.resolution ?? ""
  reason.dataset.reason = answer.reason
  $("failure-code").hidden = !answer.resolution
  $("failure-code").textContent = `PayCore's reason: ${answer.resolution}`
  show("failed")
}

function showPending() {
  $("pending-detail").textContent =
    "PayCore has not confirmed your payment yet. You do not need to wait here: once PayCore confirms it, " +
    "the shop creates your order and sends it to you by email."
  show("pending")
}

async function settle() {
  let retries = 0
  let pendingReads = 0
  for (;;) {
    const answer = await checkout.readReturn(cartId)
    if (answer.state === "order") return showOrder(answer.order)
    if (answer.state === "failed") return showFailure(answer)
    if (answer.state === "retry") {
      if (++retries > MAX_RETRIES)
        throw new Error("The shop is still completing your order; reload this page in a moment.")
    } else {
      if (++pendingReads > MAX_PENDING_READS) return showPending()
      showChecking(
        "Your payment is being processed…",
        "PayCore has not confirmed the payment yet. This page keeps checking."
      )
    }
    await sleep(answer.retryAfterMs)
  }
}

/** "Try again": a new PayCore payment for the same cart (same method as before), the same way as before. */
async function retry(event) {
  const button = event.currentTarget
  const way = chosenWay()
  button.disabled = true
  button.textContent = way === "embedded" ? "Opening PayCore…" : "Redirecting to PayCore…"
  showError()
  try {
    const payment = await checkout.startNewAttempt(cartId, { returnUrl: returnUrl() })
    await goToPaycore(payment, way, "paycore-embedded")
    if (way === "embedded") button.textContent = "Pay in PayCore's form below"
  } catch (error) {
    console.warn(error)
    showError(errorText(error))
    button.disabled = false
    button.textContent = "Try again"
  }
}

$("retry-button").addEventListener("click", retry)
currentCustomer()
  .then(showAccountLink)
  .catch((error) => console.warn(error))

if (leaveEmbeddedFrame()) {
  // PayCore's page came back inside the shop's frame: the whole window is now going to this page.
} else if (!cartId) {
  show("none")
  showError("This page needs a cart_id: it is where PayCore sends you back after paying.")
} else {
  const [title, detail] = FIRST_WORDS[paycoreResult] ?? [
    "Checking your payment…",
    "One moment: we are asking the shop for your order.",
  ]
  showChecking(title, detail)
  settle().catch((error) => {
    console.warn(error)
    show("none")
    showError(errorText(error))
  })
}
