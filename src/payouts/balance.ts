// The PayCore balance a payout draws on, where the shop named PayCore's balances endpoint (option balancesPath):
// shown on the payouts form and compared with a payout's amount before it is sent.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import type { PaycoreAccount } from "../accounts"
import { isPaycoreError } from "../lib/paycore"

export type PayoutBalance = {
  currency: string
  /** Decimal text as PayCore wrote it, e.g. "9990.5". */
  available: string
  test_mode: boolean
}

/**
 * The balance of `currency` in the provider's mode (a live balance never stands in for a test one), null when no
 * balancesPath is set or PayCore lists no such balance, and "unavailable" when PayCore did not answer.
 */
export async function payoutBalance(
  container: MedusaContainer,
  account: PaycoreAccount,
  currency: string
): Promise<PayoutBalance | null | "unavailable"> {
  const path = account.options.balancesPath
  if (!path) return null
  try {
    const balances = await account.client.getBalances(path)
    const mode = account.options.testMode
    const match = balances.find(
      (balance) =>
        balance.currency === currency.toUpperCase() && (balance.test_mode === null || balance.test_mode === mode)
    )
    return match ? { currency: match.currency, available: match.available, test_mode: mode } : null
  } catch (error) {
    if (!isPaycoreError(error)) throw error
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`PayCore balances could not be read from ${path}; payouts are not checked against them: ${error.message}`)
    return "unavailable"
  }
}

/** The refusal of a payout larger than the balance, or null when it fits (exact decimals, no float arithmetic). */
export function balanceShortfall(amount: number, balance: PayoutBalance | null | "unavailable"): string | null {
  if (!balance || balance === "unavailable") return null
  if (!MathBN.gt(MathBN.convert(String(amount)), MathBN.convert(balance.available))) return null
  return `amount: ${amount} ${balance.currency} is more than the PayCore balance of ${balance.available} ${balance.currency}`
}
