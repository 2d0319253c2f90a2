/**
 * PayCore's published test cards (docs/paycore-notes.md, "Test cards", source [S7]). The card number decides success or failure;
 * the expiry date decides the pending case and, for failing cards, the resolution.
 */

export interface TestCard {
  number: string
  threeDs: boolean
  succeeds: boolean
}

export const TEST_CARDS: readonly TestCard[] = [
  { number: "5123817234060000", threeDs: true, succeeds: true },
  { number: "5519283812030000", threeDs: false, succeeds: true },
  { number: "4412397212080000", threeDs: true, succeeds: false },
  { number: "4302912837020000", threeDs: false, succeeds: false },
]

/** Expiry `MMYY` on a succeeding card that leaves the payment pending ("on reconciliation"). */
export const PENDING_EXPIRY = "0777"
export const PENDING_RESOLUTION = "auth_3ds_required"

/** Failing cards: expiry `MMYY` → resolution. Any other valid expiry → general_fatal_error. */
export const FAILURE_RESOLUTIONS: Readonly<Record<string, string>> = {
  "0856": "access_denied",
  "0755": "error",
  "0654": "provider_error",
  "0553": "unknown",
  "0452": "duplicated_transaction",
  "0351": "auth_fatal_error",
  "0250": "unable_to_determine_3ds_enrolment",
  "0149": "card_is_3ds_enrolled",
  "1248": "card_is_not_3ds_enrolled",
  "1147": "issuer_decline",
  "1046": "client_auth_failed",
  "0945": "provider_fatal_error",
  "0844": "invalid_details",
  "0743": "invalid_pin",
  "0642": "antifraud_error",
  "0541": "invalid_card",
  "0440": "fatal_error",
  "0339": "unable_to_reconcile",
  "0238": "invalid_amount",
  "0137": "limit_violation",
  "1236": "functionality_is_not_permitted",
  "1135": "invalid_request",
  "1034": "lost_or_stolen_card",
  "0933": "declined",
  "0832": "invalid_otp",
  "0731": "invalid_3ds_code",
  "0630": "invalid_card_status",
  "0529": "insufficient_funds",
  "0428": "card_expired",
  "0327": "invalid_cvv",
  "0226": "invalid_pan",
  "0125": "invalid_credentials",
}

export const DEFAULT_FAILURE_RESOLUTION = "general_fatal_error"

/** The 3-D Secure step fails with this code (a sandbox choice; any other non-empty code passes). */
export const FAILING_3DS_CODE = "0000"
export const FAILING_3DS_RESOLUTION = "invalid_3ds_code"

export type CardOutcome =
  | { kind: "unknown_card" }
  | { kind: "success"; threeDs: boolean }
  | { kind: "pending"; resolution: string }
  | { kind: "fail"; threeDs: boolean; resolution: string }

/** `expiry` is MMYY. */
export function cardOutcome(cardNumber: string, expiry: string | null): CardOutcome {
  const card = TEST_CARDS.find((c) => c.number === cardNumber)
  if (!card) return { kind: "unknown_card" }
  if (card.succeeds) {
    if (expiry === PENDING_EXPIRY) return { kind: "pending", resolution: PENDING_RESOLUTION }
    return { kind: "success", threeDs: card.threeDs }
  }
  const resolution = (expiry && FAILURE_RESOLUTIONS[expiry]) || DEFAULT_FAILURE_RESOLUTION
  return { kind: "fail", threeDs: card.threeDs, resolution }
}

/** Only the first 6 and last 4 digits, as PayCore shows card numbers (`551928******0000`). */
export function maskCardNumber(cardNumber: string): string {
  if (cardNumber.length < 11) return "*".repeat(cardNumber.length)
  return cardNumber.slice(0, 6) + "*".repeat(cardNumber.length - 10) + cardNumber.slice(-4)
}

export function cardBrand(cardNumber: string): string {
  if (cardNumber.startsWith("4")) return "visa"
  if (/^5[1-5]/.test(cardNumber) || /^2[2-7]/.test(cardNumber)) return "mastercard"
  return "unknown"
}

/** Parses `MM/YY`, `MMYY` or `MM / YY` into `{ month, year2, mmyy }`, or null. */
export function parseExpiry(text: string): { month: string; year2: string; mmyy: string } | null {
  const m = /^(\d{2})\s*\/?\s*(\d{2})$/.exec(text.trim())
  if (!m) return null
  const month = Number(m[1])
  if (month < 1 || month > 12) return null
  return { month: m[1], year2: m[2], mmyy: m[1] + m[2] }
}
