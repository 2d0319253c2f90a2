// Questions the check cannot ask without moving money or guessing an endpoint: listed so that the table says so.
import { notAsked } from "./context"
import type { CheckRow } from "./types"

export function notAskedRows(): CheckRow[] {
  return [
    notAsked(
      "callbacks_only_final",
      "Callbacks for intermediate statuses",
      "either way: the plugin applies final statuses and ignores the rest",
      'needs a paid payment; the account\'s "Only final" toggle is in Commerce account → Settings → Integration'
    ),
    notAsked(
      "refund_outcome",
      "Refunds finish at once or later",
      "either way: the plugin waits for the refund's callback or reads the invoice",
      "needs a paid payment"
    ),
    notAsked(
      "saved_card_charge",
      "What charging a saved card answers (token with cardgate.instant)",
      "either way: processed at once, processing then a callback, or created for PayCore's page (the storefront " +
        'kit sends the customer there); savedCardCharge: "hpp" leaves instant out',
      "needs a card saved by a paid payment (sandbox profiles token-charge-async, token-charge-hpp)"
    ),
    notAsked(
      "token_refusal",
      "How PayCore refuses a token it no longer accepts",
      "either way: a 4xx naming the token, or a declined invoice (invalid_card, card_expired), stops offering the card",
      "needs a revoked token (sandbox profile token-refusal-invoice-failed)"
    ),
  ]
}
