/**
 * Amounts. PayCore's APIs speak floats in major units (`100.55`), not cents; the sandbox keeps exact integer minor
 * units internally so that partial refunds and chargebacks never drift, and converts at the edges.
 */

export type ParsedAmount =
  { ok: true; minor: number } | { ok: false; reason: "invalid" | "too_many_decimals" | "too_large" }

const DECIMAL = /^(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/**
 * Converts a major-unit amount (a JSON number, or a decimal string from a form) into integer minor units of a
 * currency with `decimals` fraction digits. Rejects negative, non-finite and non-decimal input, and amounts with
 * more significant fraction digits than the currency has (`10.001` USD, `1.5` JPY).
 */
export function toMinorUnits(value: unknown, decimals: number): ParsedAmount {
  let text: string
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) return { ok: false, reason: "invalid" }
    // String() gives the shortest text that round-trips, i.e. what the sender wrote for 100.55.
    text = String(value)
  } else if (typeof value === "string") {
    text = value.trim()
  } else {
    return { ok: false, reason: "invalid" }
  }
  const match = DECIMAL.exec(text)
  if (!match) return { ok: false, reason: "invalid" }
  let digits = match[1] + (match[2] ?? "")
  // Position of the decimal point counted from the right end of `digits`.
  let scale = (match[2] ?? "").length - Number(match[3] ?? "0")
  if (scale < 0) {
    digits += "0".repeat(-scale)
    scale = 0
  }
  // Trailing zeros after the point are not significant: "10.50" has one decimal.
  while (scale > 0 && digits.endsWith("0")) {
    digits = digits.slice(0, -1)
    scale--
  }
  if (scale > decimals) return { ok: false, reason: "too_many_decimals" }
  const minor = BigInt(digits === "" ? "0" : digits) * 10n ** BigInt(decimals - scale)
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: "too_large" }
  return { ok: true, minor: Number(minor) }
}

/** Minor units → the JSON number PayCore would send (`10055` → `100.55`, `55_00` → `55`). */
export function toMajorNumber(minor: number, decimals: number): number {
  // Division is correctly rounded, so this is the same double as parsing the exact decimal text.
  return minor / 10 ** decimals
}

/** Minor units → fixed-decimals text for humans (`5500` → `"55.00"`). */
export function formatMajor(minor: number, decimals: number): string {
  const negative = minor < 0
  const digits = String(Math.abs(minor)).padStart(decimals + 1, "0")
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`
  return negative ? `-${text}` : text
}
