// The payment step's card choice, for a logged-in customer only (guests see none of it): each of their saved cards
// ("Pay with Mastercard •••• 0000 (12/32)"; an expired one shown but not choosable), or a new card on PayCore's page
// with "Save this card for next time". The cards come from the kit's listSavedCards (GET /store/paycore/saved-cards).
import { $, cardExpiry, cardName, checkout, config, el, errorText } from "./shop.js"

const state = {
  /** @type {any} */ customer: null,
  /** @type {import("../../../src/storefront").PaycoreSavedCard[]} */ cards: [],
  /** @type {string | null} A saved card's id, "new", or null while the customer has chosen nothing. */
  choice: null,
}

/** The saved card chosen to pay with, or null (a new card, or a guest). */
export function chosenSavedCard() {
  return state.cards.find((card) => card.id === state.choice && !card.expired) ?? null
}

/** Whether the customer asked to save the new card they are about to type on PayCore's page. */
export function saveCardWanted() {
  return Boolean(state.customer) && state.choice === "new" && $("save-card-checkbox").checked
}

/**
 * Shows the customer's cards (reading them again), keeping the earlier choice while it can still pay; the first
 * usable saved card is chosen otherwise. `onChange` runs now and on every new choice.
 */
export async function renderCardChoices(customer, onChange) {
  state.customer = customer
  const box = $("card-choices")
  box.hidden = !customer
  // data-state (loading, loaded, guest): for tests, which wait for the choice to be made.
  box.dataset.state = customer ? "loading" : "guest"
  if (!customer) {
    state.cards = []
    state.choice = null
    onChange()
    return
  }
  let problem = null
  try {
    const cards = await checkout.listSavedCards()
    state.cards = cards.filter((card) => card.provider_id === config.providerId)
  } catch (error) {
    console.warn(error)
    state.cards = []
    problem = errorText(error)
  }
  if (state.choice !== "new" && !chosenSavedCard()) {
    state.choice = state.cards.find((card) => !card.expired)?.id ?? "new"
  }

  const choose = (choice) => {
    state.choice = choice
    onChange()
  }
  const choices = state.cards.map((card) => savedCardChoice(card, choose))
  if (problem) {
    const text = `Your saved cards could not be loaded: ${problem}`
    choices.push(el("p", { class: "alert", "data-testid": "saved-cards-error" }, text))
  }
  $("saved-card-choices").replaceChildren(...choices)
  const newCard = $("new-card-choice").querySelector("input")
  newCard.checked = state.choice === "new"
  newCard.onchange = () => choose("new")
  box.dataset.state = "loaded"
  onChange()
}

function savedCardChoice(card, choose) {
  return el(
    "label",
    {
      class: "choice",
      "data-testid": "saved-card-choice",
      "data-card-id": card.id,
      "data-expired": String(card.expired),
    },
    el("input", {
      type: "radio",
      name: "paycore_card",
      value: card.id,
      checked: card.id === state.choice,
      disabled: card.expired,
      onchange: () => choose(card.id),
    }),
    el("span", { class: "name" }, `Pay with ${cardName(card)} (${cardExpiry(card)})`),
    card.expired && el("span", { class: "badge danger", "data-testid": "saved-card-expired" }, "expired")
  )
}
