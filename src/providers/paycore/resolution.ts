/**
 * PayCore's `resolution` codes (docs/paycore-notes.md, "Statuses (payment and payout)") in words a customer can read, so that every storefront
 * does not need its own table. Unknown codes get a general sentence; the code itself stays in the data.
 */
const MESSAGES: Record<string, string> = {
  ok: "The payment went through.",
  insufficient_funds: "The card has insufficient funds.",
  issuer_decline: "The card's bank declined the payment.",
  declined: "The payment was declined.",
  fatal_decline: "The payment was declined.",
  card_expired: "The card has expired.",
  fatal_card_expired: "The card has expired.",
  invalid_cvv: "The security code (CVV) is not correct.",
  invalid_pan: "The card number is not correct.",
  invalid_card: "The card cannot be used for this payment.",
  fatal_invalid_card: "The card cannot be used for this payment.",
  invalid_card_status: "The card cannot be used for this payment.",
  card_restricted: "The card cannot be used for this payment.",
  card_type_not_supported: "This type of card is not accepted.",
  lost_or_stolen_card: "The card cannot be used for this payment.",
  card_is_lost: "The card cannot be used for this payment.",
  card_is_stolen: "The card cannot be used for this payment.",
  limit_violation: "The payment is over a limit of the card or the shop.",
  invalid_amount: "The amount cannot be paid with this method.",
  invalid_3ds_code: "The 3-D Secure confirmation failed.",
  invalid_otp: "The confirmation code was not correct.",
  auth_3ds_required: "The payment needs a 3-D Secure confirmation.",
  antifraud_error: "The payment was stopped by fraud checks.",
  duplicated_transaction: "This payment was already made.",
  access_denied: "The payment was refused.",
  functionality_is_not_permitted: "This payment method is not available.",
  fatal_timeout: "The bank did not answer in time.",
  fatal_issuer_unavailable: "The card's bank is not available right now.",
  provider_error: "The payment provider had a problem.",
  provider_fatal_error: "The payment provider had a problem.",
}

export function resolutionMessage(resolution: string | null | undefined): string | null {
  if (!resolution) return null
  return MESSAGES[resolution] ?? "The payment could not be completed."
}
