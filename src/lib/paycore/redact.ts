/**
 * Keeping secrets and card data out of logs and error messages.
 *
 * PayCore payouts carry full card numbers (`fields.card_number`, docs/paycore-notes.md, "Payouts"),
 * and error bodies may echo request fields back. PCI DSS allows showing at most the
 * first six and last four digits of a card number, so that is what we keep.
 */

const REDACTED = "[redacted]"

/** Field names whose values are masked as card numbers wherever they appear. */
const CARD_NUMBER_KEYS = new Set(["card_number", "cardnumber", "pan"])
/** Field names whose values are never shown at all. */
const SECRET_KEYS = new Set([
  "cvv",
  "cvc",
  "cvv2",
  "card_cvv",
  "pin",
  "api_key",
  "apikey",
  "authorization",
  "password",
  "secret",
  "private_key",
  // A saved-card token (`token` on a payment invoice) can charge the card again.
  "token",
])
/** A card's expiry (`context.card.exp_month`, `fields.expiry_year`, …): card data, never shown. */
const CARD_EXPIRY_KEY = /(^|\.)(exp|expiry)_(month|year)$/

/**
 * A run of 13–19 digits, optionally split by single spaces or dashes, not glued to
 * other digits: the shape of a payment card number (ISO/IEC 7812).
 */
const CARD_NUMBER_IN_TEXT = /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g

/** `5404367504475264` → `540436******5264`. Too-short values are hidden completely. */
export function maskCardNumber(cardNumber: string): string {
  const digits = cardNumber.replace(/\D/g, "")
  if (digits.length < 13) {
    return REDACTED
  }
  return `${digits.slice(0, 6)}${"*".repeat(digits.length - 10)}${digits.slice(-4)}`
}

/** Masks every card-number-shaped digit run inside free text. */
export function maskCardNumbersInText(text: string): string {
  return text.replace(CARD_NUMBER_IN_TEXT, (match) => maskCardNumber(match))
}

/**
 * A deep copy of `value` that is safe to log: card numbers masked to first 6 + last 4,
 * CVV/PIN/keys and card expiry removed, and card-number-shaped digit runs in any string masked.
 */
export function redactForLog(value: unknown, depth = 0): unknown {
  if (depth > 8) {
    return "[…]"
  }
  if (typeof value === "string") {
    return maskCardNumbersInText(value)
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactForLog(item, depth + 1))
  }
  if (value !== null && typeof value === "object") {
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      const normalisedKey = key.toLowerCase()
      if (SECRET_KEYS.has(normalisedKey) || CARD_EXPIRY_KEY.test(normalisedKey)) {
        copy[key] = REDACTED
      } else if (CARD_NUMBER_KEYS.has(normalisedKey) && (typeof item === "string" || typeof item === "number")) {
        copy[key] = maskCardNumber(String(item))
      } else {
        copy[key] = redactForLog(item, depth + 1)
      }
    }
    return copy
  }
  return value
}

/**
 * Returns a function that removes the given secrets (and their base64 forms, as they
 * appear in a Basic Authorization header) from a text, then masks card numbers.
 * Used on every message the client produces, including ones built from PayCore's
 * answers and from network errors, so a secret can never leak through them.
 */
export function createTextRedactor(secrets: ReadonlyArray<string | undefined>): (text: string) => string {
  const needles = new Set<string>()
  for (const secret of secrets) {
    // Very short strings would redact ordinary words; real credentials are long.
    if (secret && secret.length >= 4) {
      needles.add(secret)
      needles.add(Buffer.from(secret, "utf8").toString("base64").replace(/=+$/, ""))
    }
  }
  const ordered = [...needles].sort((a, b) => b.length - a.length)
  return (text: string) => {
    let safe = text
    for (const needle of ordered) {
      safe = safe.split(needle).join(REDACTED)
    }
    return maskCardNumbersInText(safe)
  }
}
