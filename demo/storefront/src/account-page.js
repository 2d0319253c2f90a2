// The account page (account.html, served at /account): sign in with email and password (the sdk keeps the
// customer's token for every page of the shop), sign out, and the customer's saved cards with Delete. The cards
// come from the storefront kit: listSavedCards (GET /store/paycore/saved-cards) and deleteSavedCard
// (DELETE /store/paycore/saved-cards/:id).
import {
  $,
  cardExpiry,
  cardName,
  checkout,
  currentCustomer,
  el,
  errorText,
  sdk,
  showAccountLink,
  showError,
} from "./shop.js"

/** Shows one part of the page: "loading", "login" or "account" (data-state on the section, for tests). */
function show(stateName) {
  $("account").dataset.state = stateName
  $("account-loading").hidden = stateName !== "loading"
  $("login-form").hidden = stateName !== "login"
  $("account-details").hidden = stateName !== "account"
}

async function showAccount(customer) {
  showAccountLink(customer)
  if (!customer) {
    show("login")
    return
  }
  $("account-email").textContent = customer.email
  await showSavedCards().catch((error) => {
    console.warn(error)
    showError(`Your saved cards could not be loaded: ${errorText(error)}`)
  })
  show("account")
}

async function showSavedCards() {
  const cards = await checkout.listSavedCards()
  $("saved-cards").replaceChildren(...cards.map(savedCard))
  $("saved-cards").dataset.count = String(cards.length)
  $("saved-cards-empty").hidden = cards.length > 0
}

function savedCard(card) {
  const name = cardName(card)
  return el(
    "li",
    { class: "saved-card", "data-testid": "saved-card", "data-card-id": card.id, "data-expired": String(card.expired) },
    el("span", { class: "card-icon", "aria-hidden": "true" }),
    el(
      "span",
      { class: "name" },
      el("strong", { "data-testid": "saved-card-name" }, name),
      el("br"),
      el("span", { class: "muted small", "data-testid": "saved-card-expiry" }, `Expires ${cardExpiry(card)}`),
      card.expired && el("span", { class: "badge danger", "data-testid": "saved-card-expired" }, "expired")
    ),
    el(
      "button",
      {
        type: "button",
        class: "secondary",
        "data-testid": "saved-card-delete",
        "aria-label": `Delete ${name}`,
        onclick: (event) => deleteCard(event.currentTarget, card),
      },
      "Delete"
    )
  )
}

async function deleteCard(button, card) {
  showError()
  button.disabled = true
  button.textContent = "Deleting…"
  try {
    await checkout.deleteSavedCard(card.id)
    await showSavedCards()
  } catch (error) {
    console.warn(error)
    showError(`${cardName(card)} could not be deleted: ${errorText(error)}`)
    button.disabled = false
    button.textContent = "Delete"
  }
}

async function logIn(event) {
  event.preventDefault()
  const form = $("login-form")
  const button = $("login-submit")
  showError()
  button.disabled = true
  try {
    const answer = await sdk.auth.login("customer", "emailpass", {
      email: form.elements.email.value.trim(),
      password: form.elements.password.value,
    })
    if (typeof answer !== "string") {
      await sdk.client.clearToken()
      throw new Error("This login needs another step, which the demo does not offer.")
    }
    form.elements.password.value = ""
    await showAccount(await currentCustomer())
  } catch (error) {
    console.warn(error)
    showError(error?.status === 401 ? "Wrong email or password." : errorText(error))
  } finally {
    button.disabled = false
  }
}

async function logOut() {
  showError()
  await sdk.auth.logout()
  await showAccount(null)
}

$("login-form").addEventListener("submit", logIn)
$("logout-button").addEventListener("click", () => logOut().catch((error) => showError(errorText(error))))

show("loading")
currentCustomer()
  .then(showAccount)
  .catch((error) => {
    console.warn(error)
    show("login")
    showError(errorText(error))
  })
