// The return page (return.html?cart_id=…&paycore_result=…): where PayCore's hosted payment page sends the customer.
// `paycore_result` only picks the first words shown; what counts is the shop's answer to completing the cart:
//   an order                         → show it (PayCore's callback may have made it already: completing returns it)
//   409 "already being completed"    → the callback is making the order right now: ask again in a second
//   400 / not authorized             → read the cart: a PayCore session in `error`/`canceled` failed (offer a new
//                                      attempt), `pending` is still at PayCore (ask again a few times, then say the
//                                      order will follow by email)
import { $, config, errorText, formatMoney, paycoreSession, payWithPaycore, sdk, showError, sleep } from "./shop.js"

const params = new URLSearchParams(window.location.search)
const cartId = params.get("cart_id")
const paycoreResult = params.get("paycore_result")

/** Waits between asks while PayCore has not decided (about 30 s in all), then the page stops asking. */
const PENDING_DELAYS_MS = [1000, 2000, 3000, 5000, 8000, 12000]
/** How often a 409 (the callback is completing the cart) is asked again, one second apart. */
const MAX_CONFLICTS = 20

const FIRST_WORDS = {
  success: ["Confirming your payment…", "PayCore says the payment went through. We are getting your order."],
  pending: ["Checking your payment…", "PayCore is still processing your payment."],
  fail: ["Checking your payment…", "PayCore reported a problem with the payment. We are checking with the shop."],
}

/** PayCore's resolution codes in words (docs/paycore-notes.md, "Statuses (payment and payout)"; the sandbox's test cards produce them). */
const RESOLUTIONS = {
  issuer_decline: "Your bank declined the payment.",
  declined: "The payment was declined.",
  insufficient_funds: "The card does not have enough funds.",
  card_expired: "The card has expired.",
  invalid_cvv: "The security code (CVV) was not right.",
  invalid_pan: "The card number is not valid.",
  invalid_card: "The card cannot be used.",
  invalid_card_status: "The card cannot be used.",
  invalid_details: "The card details were not right.",
  invalid_pin: "The PIN was not right.",
  invalid_credentials: "The card details were not right.",
  lost_or_stolen_card: "The card is reported lost or stolen.",
  limit_violation: "The payment is over the card's limits.",
  invalid_amount: "The card does not accept this amount.",
  antifraud_error: "The payment was stopped by fraud checks.",
  access_denied: "The payment was refused.",
  functionality_is_not_permitted: "This card cannot be used for online payments.",
  duplicated_transaction: "The same payment was already made.",
  invalid_3ds_code: "The 3-D Secure confirmation code was not right.",
  invalid_otp: "The one-time code was not right.",
  auth_fatal_error: "The card could not be confirmed (3-D Secure).",
  client_auth_failed: "The card could not be confirmed (3-D Secure).",
  unable_to_determine_3ds_enrolment: "The card could not be confirmed (3-D Secure).",
  card_is_3ds_enrolled: "The card needs 3-D Secure, which did not complete.",
  card_is_not_3ds_enrolled: "The card does not support 3-D Secure.",
}

function failureReason(session) {
  const data = session?.data ?? {}
  if (!session) return "No payment was started for this cart."
  if (data.paycore_problem) {
    return "PayCore reported a payment that does not match this order, so the shop did not accept it. Nothing will be charged; please contact the shop if money was taken."
  }
  if (session.status === "canceled" || ["expired", "terminated"].includes(data.paycore_status)) {
    return data.paycore_status === "expired"
      ? "The payment page expired before the payment was made."
      : "The payment was canceled on PayCore's page."
  }
  const resolution = data.paycore_resolution
  if (resolution && RESOLUTIONS[resolution]) return RESOLUTIONS[resolution]
  return resolution && resolution !== "ok"
    ? `PayCore could not take the payment (${resolution.replace(/_/g, " ")}).`
    : "PayCore could not take the payment."
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

function showFailure(session) {
  const reason = $("failure-reason")
  reason.textContent = failureReason(session)
  reason.dataset.resolution = session?.data?.paycore_resolution ?? ""
  reason.dataset.sessionStatus = session?.status ?? ""
  const code = session?.data?.paycore_problem ?? session?.data?.paycore_resolution
  $("failure-code").hidden = !code || code === "ok"
  $("failure-code").textContent = `PayCore's reason: ${code}`
  show("failed")
}

function showPending() {
  $("pending-detail").textContent =
    "PayCore has not confirmed your payment yet. You do not need to wait here: once PayCore confirms it, " +
    "the shop creates your order and sends it to you by email."
  show("pending")
}

/** Completes the cart: { order } | { conflict: true } | { notCompleted: message }. */
async function completeCart() {
  try {
    const answer = await sdk.store.cart.complete(cartId)
    if (answer.type === "order") return { order: answer.order }
    return { notCompleted: answer.error?.message ?? "the payment was not authorized" }
  } catch (error) {
    if (error?.status === 409) return { conflict: true }
    if (error?.status === 400) return { notCompleted: error.message }
    throw error
  }
}

async function settle() {
  let conflicts = 0
  let waits = 0
  for (;;) {
    const outcome = await completeCart()
    if (outcome.order) return showOrder(outcome.order)
    if (outcome.conflict) {
      if (++conflicts > MAX_CONFLICTS)
        throw new Error("The shop is still completing your order; reload this page in a moment.")
      await sleep(1000)
      continue
    }

    const { cart } = await sdk.store.cart.retrieve(cartId)
    if (cart.completed_at) continue // completed in the meantime: completing again returns the order
    const session = paycoreSession(cart)
    if (!session || session.status === "error" || session.status === "canceled") return showFailure(session)
    if (session.status === "authorized" || session.status === "captured") {
      // Paid, and the order is being made (or the cart cannot become an order: say why after a while).
      if (++conflicts > MAX_CONFLICTS)
        throw new Error(`The payment went through, but the order could not be created: ${outcome.notCompleted}`)
      await sleep(1000)
      continue
    }
    // pending / requires_more: PayCore has not decided yet.
    if (waits >= PENDING_DELAYS_MS.length) return showPending()
    showChecking(
      "Your payment is being processed…",
      "PayCore has not confirmed the payment yet. This page keeps checking."
    )
    await sleep(PENDING_DELAYS_MS[waits++])
  }
}

/** "Try again": a new PayCore session for the same cart (same method as before) and PayCore's page again. */
async function retry(event) {
  const button = event.currentTarget
  button.disabled = true
  button.textContent = "Redirecting to PayCore…"
  showError()
  try {
    const { cart } = await sdk.store.cart.retrieve(cartId)
    await payWithPaycore(cart, { service: paycoreSession(cart)?.data?.service })
  } catch (error) {
    console.warn(error)
    showError(errorText(error))
    button.disabled = false
    button.textContent = "Try again"
  }
}

$("retry-button").addEventListener("click", retry)

if (!cartId) {
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
