// What must never leave the plugin: PayCore's API key, the Basic-auth header value built from it, the private keys
// that sign callbacks, and full card numbers. `findLeaks` looks for them in any text.

export type Secret = { name: string; value: string }

export type Leak = { secret: string; source: string; excerpt: string }

/** Luhn check of a digit string (what every real and test card number passes). */
export function passesLuhn(digits: string): boolean {
  let sum = 0
  let double = false
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48
    if (double) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
    double = !double
  }
  return sum % 10 === 0
}

/**
 * A Unix time in milliseconds (13 digits, within ten years of now): Luhn passes for one in ten of them, and
 * no card number starts with 1 (ISO/IEC 7812 major industry identifier 1 is airlines), so they are not cards.
 */
function looksLikeMillisecondTime(digits: string): boolean {
  if (digits.length !== 13 || digits[0] !== "1") return false
  const value = Number(digits)
  const tenYears = 10 * 365 * 24 * 3600 * 1000
  return Math.abs(value - Date.now()) < tenYears
}

/** Runs of 13–19 digits (not part of a longer run) that pass Luhn: full card numbers. Masks like 551928******0000 never match. */
export function cardNumbersIn(text: string): string[] {
  const found: string[] = []
  for (const match of text.matchAll(/(?<!\d)\d{13,19}(?!\d)/g)) {
    const digits = match[0]
    if (passesLuhn(digits) && !looksLikeMillisecondTime(digits)) found.push(digits)
  }
  return found
}

function excerpt(text: string, index: number, length: number): string {
  const start = Math.max(0, index - 80)
  const end = Math.min(text.length, index + length + 80)
  return text.slice(start, end).replace(/\s+/g, " ")
}

/** Every occurrence of a secret or a full card number in `text`, with a little context. */
export function findLeaks(text: string, source: string, secrets: Secret[]): Leak[] {
  const leaks: Leak[] = []
  for (const secret of secrets) {
    let index = text.indexOf(secret.value)
    while (index !== -1) {
      leaks.push({ secret: secret.name, source, excerpt: excerpt(text, index, secret.value.length) })
      index = text.indexOf(secret.value, index + 1)
    }
  }
  for (const match of text.matchAll(/(?<!\d)\d{13,19}(?!\d)/g)) {
    const digits = match[0]
    if (passesLuhn(digits) && !looksLikeMillisecondTime(digits)) {
      leaks.push({
        secret: `card number ${digits.slice(0, 6)}…${digits.slice(-4)}`,
        source,
        excerpt: excerpt(text, match.index ?? 0, digits.length),
      })
    }
  }
  return leaks
}
