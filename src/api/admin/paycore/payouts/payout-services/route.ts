import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { paycoreAccount } from "../../../../../accounts"
import { isPaycoreError } from "../../../../../lib/paycore"
import { payoutBalance } from "../../../../../payouts/balance"
import { balanceView, payoutServiceViews, type PayoutServicesView } from "../../../../../payouts/services-view"
import { getPayoutSettings } from "../../../../../payouts/settings"
import { parseInput, payoutServicesQuerySchema } from "../../validators"

/**
 * PayCore's payout services for a currency (payout pre-request): limits, fields with their labels and rules, and
 * whether the payout settings allow each one, and the currency's PayCore balance where the balancesPath option names
 * PayCore's endpoint. 502 when PayCore does not answer.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { currency: code, provider_id } = parseInput(payoutServicesQuerySchema, req.query, "query")
  const currency = code.toUpperCase()
  const account = paycoreAccount(req.scope, provider_id)
  if (!account) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      provider_id ? `provider_id: ${provider_id} is not a PayCore provider` : "provider_id: name the PayCore provider"
    )
  }
  if (!account.options.publicKey) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "The PayCore provider has no publicKey option: PayCore's payout pre-request (the list of services) needs it"
    )
  }
  const settings = await getPayoutSettings(req.scope)
  const rules = settings.currencies[currency]
  const balance = payoutBalance(req.scope, account, currency)
  let prerequest
  try {
    prerequest = await account.client.payoutPrerequest({ currency })
  } catch (error) {
    if (!isPaycoreError(error)) throw error
    req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`PayCore payout pre-request failed: ${error.message}`)
    res.status(502).json({
      type: "paycore_unavailable",
      message: "PayCore did not answer with its payout services; try again shortly",
    })
    return
  }
  const view: PayoutServicesView = {
    provider_id: account.providerId,
    currency,
    test_mode: Boolean(prerequest.attributes.test_mode),
    settings: rules ?? null,
    services: payoutServiceViews(prerequest.attributes, rules),
    ...balanceView(account.options.balancesPath, await balance),
  }
  res.json(view)
}
