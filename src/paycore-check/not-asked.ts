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
  ]
}
