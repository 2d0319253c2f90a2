import type { BigNumberInput } from "@medusajs/framework/types"
import { BigNumber, MathBN, defaultCurrencies } from "@medusajs/framework/utils"

/**
 * Money conversion between Medusa and PayCore — the only place the provider touches
 * amounts.
 *
 * Medusa stores amounts in major units as arbitrary-precision decimals and hands
 * them to a provider as a number (`10.5`), a numeric string, a BigNumber instance,
 * or a raw `{ value, precision }` object (refundPayment). PayCore also wants major
 * units, as a JSON number (`100.55`, docs/paycore-notes.md, "Payment invoices"). All arithmetic here uses
 * bignumber.js through Medusa's `MathBN`, never JS float arithmetic; a JS number is
 * produced only at the very end, and only if its JSON form is exactly the decimal.
 *
 * Rounding rule: HALF-UP (ties away from zero) to the currency's number of decimal
 * digits — the commercial rounding people expect on invoices (10.005 USD → 10.01,
 * 1234.5 JPY → 1235). Since negative amounts are rejected, "away from zero" and
 * "up" coincide.
 */

/** Currency code → number of decimal digits, for currencies Medusa does not know (e.g. `{ BTC: 8 }`) or to override it. */
export type CurrencyDecimalOverrides = Readonly<Record<string, number>>

/** bignumber.js `BigNumber.ROUND_HALF_UP`: rounds towards the nearest neighbour, ties away from zero. */
const ROUND_HALF_UP = 4

/** Most decimal digits any currency is allowed to declare (bitcoin has 8, ether 18). */
const MAX_DECIMAL_DIGITS = 18

type Decimal = ReturnType<typeof MathBN.convert>

/**
 * Number of decimal digits of a currency: the override if given, else Medusa's
 * `defaultCurrencies[CODE].decimal_digits` (USD 2, JPY 0, KWD 3, UAH 2).
 * Codes are case-insensitive (Medusa passes them lower-cased).
 *
 * @throws Error for a code Medusa does not know and no override covers: guessing
 * would round real money to the wrong precision, so the store must say.
 */
export function currencyDecimals(code: string, overrides?: CurrencyDecimalOverrides): number {
  const normalisedCode = typeof code === "string" ? code.trim().toUpperCase() : ""
  if (!normalisedCode) {
    throw new Error(`Invalid currency code: ${JSON.stringify(code)}`)
  }
  if (overrides) {
    for (const [key, digits] of Object.entries(overrides)) {
      if (key.trim().toUpperCase() !== normalisedCode) {
        continue
      }
      if (!Number.isInteger(digits) || digits < 0 || digits > MAX_DECIMAL_DIGITS) {
        throw new Error(
          `Invalid decimal digits override for ${normalisedCode}: ${digits} (expected an integer from 0 to ${MAX_DECIMAL_DIGITS})`
        )
      }
      return digits
    }
  }
  const known = (defaultCurrencies as Record<string, { decimal_digits: number } | undefined>)[normalisedCode]
  if (!known) {
    throw new Error(
      `Unknown currency "${normalisedCode}": add its number of decimal digits to the currency decimal overrides, e.g. { ${normalisedCode}: 2 }`
    )
  }
  return known.decimal_digits
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null
}

/**
 * Any Medusa amount → an exact decimal. Handles the shapes Medusa is known to pass,
 * including an `IBigNumber` from another copy of `@medusajs/utils` (whose class
 * `MathBN` would not recognise) by reading its raw value.
 */
function toDecimal(amount: BigNumberInput | BigNumber): Decimal {
  if (amount === null || amount === undefined || typeof amount === "boolean") {
    // MathBN.convert would silently turn a missing amount into 0.
    throw new Error(`Invalid amount: ${describe(amount)}`)
  }
  const candidate: unknown = amount
  const foreignRaw =
    isRecord(candidate) && !(candidate instanceof BigNumber) && !("value" in candidate) && isRecord(candidate.raw)
      ? (candidate.raw as { value: string | number })
      : undefined
  const decimal = MathBN.convert(foreignRaw ?? amount)
  if (!decimal.isFinite()) {
    throw new Error(`Invalid amount: ${describe(amount)} is not a finite number`)
  }
  return decimal
}

function describe(amount: unknown): string {
  try {
    return JSON.stringify(amount) ?? String(amount)
  } catch {
    return String(amount)
  }
}

function roundToCurrency(decimal: Decimal, digits: number): Decimal {
  return decimal.decimalPlaces(digits, ROUND_HALF_UP)
}

/**
 * A Medusa amount → the JSON number PayCore expects: major units, rounded HALF-UP to
 * the currency's decimal digits. `10.005` USD → `10.01`, `0.1 + 0.2` → `0.3`,
 * `1234.5` JPY → `1235`, `1.2345` KWD → `1.235`.
 *
 * @throws Error for negative, non-finite or unparsable amounts, unknown currencies,
 * and amounts too large to be written exactly as a JSON number.
 */
export function toPaycoreAmount(
  amount: BigNumberInput,
  currencyCode: string,
  overrides?: CurrencyDecimalOverrides
): number {
  const digits = currencyDecimals(currencyCode, overrides)
  const decimal = toDecimal(amount)
  if (decimal.isNegative() && !decimal.isZero()) {
    throw new Error(`Invalid amount: ${decimal.toFixed()} is negative; PayCore amounts are never negative`)
  }
  const rounded = roundToCurrency(decimal, digits)
  const asNumber = Number(rounded.toFixed(digits))
  // A double holds ~15–17 significant digits. Sending a number whose JSON form is not
  // exactly the decimal would charge a different amount, so refuse instead.
  if (!MathBN.eq(MathBN.convert(String(asNumber)), rounded)) {
    throw new Error(
      `Amount ${rounded.toFixed(digits)} ${currencyCode.toUpperCase()} cannot be sent to PayCore exactly as a JSON number`
    )
  }
  // Normalise -0 (from "-0.00" or a tiny negative that rounded to zero) to 0.
  return asNumber === 0 ? 0 : asNumber
}

/**
 * A PayCore amount (JSON number or numeric string, major units) → a Medusa BigNumber,
 * rounded HALF-UP to the currency's decimal digits. PayCore already sends amounts at
 * that precision; the rounding only removes float noise such as 0.30000000000000004.
 */
export function fromPaycoreAmount(
  amount: number | string,
  currencyCode: string,
  overrides?: CurrencyDecimalOverrides
): BigNumber {
  const digits = currencyDecimals(currencyCode, overrides)
  return new BigNumber(roundToCurrency(toDecimal(amount), digits))
}

/**
 * Whether two amounts are the same money in this currency, compared after rounding
 * both HALF-UP to the currency's decimal digits (so 10.004 and 10 match in USD, and
 * 1234.4 and 1234 match in JPY). Use it to compare what PayCore processed with what
 * the Medusa session expects.
 */
export function amountsMatch(
  a: BigNumberInput,
  b: BigNumberInput,
  currencyCode: string,
  overrides?: CurrencyDecimalOverrides
): boolean {
  const digits = currencyDecimals(currencyCode, overrides)
  return MathBN.eq(roundToCurrency(toDecimal(a), digits), roundToCurrency(toDecimal(b), digits))
}
