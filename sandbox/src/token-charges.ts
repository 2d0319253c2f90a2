import type { SandboxCore } from "./core"
import { completePayment, failPayment, setPaymentPending, startProcessing } from "./payments"
import type { PaymentInvoice, SavedCard } from "./state"
import { CARD_EXPIRED_RESOLUTION, TOKEN_REFUSED_RESOLUTION, type TokenCheck, savedCardOutcome } from "./tokens"

/**
 * What a `token` on a new payment invoice does (README "Saved cards (tokens)"), once the invoice exists:
 * - usable token + `instant`: the charge, as `tokenChargeFlow` says (`sync`: done in the create request; `async`:
 *   `processing` now, the outcome on a later tick; `hpp`: nothing yet, the buyer confirms with the CVV);
 * - usable token without `instant`: nothing yet, the hosted page asks for the CVV;
 * - refused token (`tokenRefusal: "invoice_failed"`; `create_422` never gets here) or expired card: the invoice fails
 *   (`invalid_card` / `card_expired`): at once, or with `tokenChargeFlow: "async"` and `instant` after `processing`.
 */
export function startTokenPayment(core: SandboxCore, inv: PaymentInvoice, check: TokenCheck): void {
  const options = inv.cardOptions
  if (!options?.token) return
  const later = options.instant && core.config.tokenChargeFlow === "async"
  if (check.kind !== "usable") {
    const resolution = check.kind === "expired" ? CARD_EXPIRED_RESOLUTION : TOKEN_REFUSED_RESOLUTION
    const patch = check.kind === "expired" ? savedCardPatch(check.saved) : {}
    startProcessing(core, inv, patch)
    if (!later) return failPayment(core, inv, resolution)
    core.defer(() => {
      if (inv.status === "processing") failPayment(core, inv, resolution)
    })
    return
  }
  if (!options.instant || core.config.tokenChargeFlow === "hpp") return
  if (!later) return chargeSavedCard(core, inv, check.saved)
  startProcessing(core, inv, savedCardPatch(check.saved))
  core.defer(() => {
    if (inv.status === "processing") chargeSavedCard(core, inv, check.saved)
  })
}

/** `payload.payment_card` and `payload.token` of an invoice paid with a saved card. */
export function savedCardPatch(saved: SavedCard): Partial<PaymentInvoice> {
  return { card: { ...saved.card }, token: saved.token }
}

/**
 * A merchant-initiated charge of the saved card (no CVV, no 3-D Secure): the test-card table with the saved expiry
 * decides (a succeeding card → `processed`; expiry 07/77 → `process_pending`; a failing card saved by the controls →
 * its resolution).
 */
function chargeSavedCard(core: SandboxCore, inv: PaymentInvoice, saved: SavedCard): void {
  startProcessing(core, inv, savedCardPatch(saved))
  const outcome = savedCardOutcome(saved)
  switch (outcome.kind) {
    case "success":
      completePayment(core, inv)
      break
    case "pending":
      setPaymentPending(core, inv, outcome.resolution)
      break
    case "fail":
      failPayment(core, inv, outcome.resolution)
      break
    default:
      failPayment(core, inv, TOKEN_REFUSED_RESOLUTION)
  }
}
