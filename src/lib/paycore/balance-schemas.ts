// PayCore's account balances (PayCore's page says the Private API "allows getting the account's balances" but
// publishes no path or shape: the shop names the path, and the schema takes the likely shapes). Exported by index.ts.
import { z } from "zod"
import { booleanish, NUMERIC_STRING } from "./schemas"

/** One balance as `PaycoreClient.getBalances` returns it. */
export interface PaycoreBalance {
  /** Upper case, e.g. `USD`. */
  currency: string
  /**
   * Decimal text: a numeric string exactly as PayCore wrote it (`"10.50"`), a JSON number in its shortest form
   * (`9990.5`; `1e3` gives `"1000"`, never exponent notation). Compare it as a decimal, not as a float.
   */
  available: string
  /** null when PayCore does not say which mode the balance is of. */
  test_mode: boolean | null
}

/** A JSON number as plain decimal text: its shortest round-trip digits, without exponent notation. */
function decimalText(value: number): string {
  const text = String(value)
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text)
  if (!match) {
    return text
  }
  const [, sign, lead, fraction = "", exponent] = match
  const digits = lead + fraction
  const point = 1 + Number(exponent)
  if (point <= 0) {
    return `${sign}0.${"0".repeat(-point)}${digits}`
  }
  if (point >= digits.length) {
    return sign + digits + "0".repeat(point - digits.length)
  }
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

/** A balance amount, kept as decimal text: a JSON number or a numeric string (may be negative). */
const balanceAmount = z
  .union([z.number().transform(decimalText), z.string().trim().regex(NUMERIC_STRING, "expected a numeric string")])
  .nullable()
  .optional()

export const paycoreBalanceAttributesSchema = z.looseObject({
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{3,10}$/, "expected a currency code such as USD")
    .transform((value) => value.toUpperCase()),
  /** The amount is read from the first of `available`, `balance`, `amount` that is there. */
  available: balanceAmount,
  balance: balanceAmount,
  amount: balanceAmount,
  test_mode: booleanish.nullable().optional(),
})

export const paycoreBalanceResourceSchema = z
  .looseObject({
    type: z.string().optional(),
    id: z.union([z.string(), z.number()]).optional(),
    attributes: paycoreBalanceAttributesSchema,
  })
  .transform((resource, ctx): PaycoreBalance => {
    const { currency, available, balance, amount, test_mode } = resource.attributes
    const value = available ?? balance ?? amount
    if (value === null || value === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["attributes", "available"],
        message: "expected one of available, balance or amount",
      })
      return z.NEVER
    }
    return { currency, available: value, test_mode: test_mode ?? null }
  })

export const paycoreBalancesDocumentSchema = z.looseObject({
  data: z.array(paycoreBalanceResourceSchema),
})
