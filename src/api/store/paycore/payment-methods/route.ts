import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { paycoreAccount } from "../../../../accounts"
import { cachedPaymentPrerequest, isPaycoreError } from "../../../../lib/paycore"
import { toPaycoreAmount } from "../../../../providers/paycore/money"
import { paymentMethodsQuerySchema, toStorefrontMethods } from "./validators"

/**
 * The PayCore payment methods a storefront can offer for a cart (its currency and total), from PayCore's
 * payment pre-request with the public key. A method's `code` can be passed as `data.service` when creating
 * the payment session to skip the hosted page's method picker.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const parsed = paymentMethodsQuerySchema.safeParse(req.query)
  if (!parsed.success) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "query"}: ${issue.message}`).join("; ")
    )
  }
  const { cart_id, provider_id } = parsed.data
  const account = paycoreAccount(req.scope, provider_id)
  if (!account) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      provider_id ? `${provider_id} is not a PayCore payment provider` : "Name the PayCore provider with provider_id"
    )
  }
  if (!account.options.publicKey) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "The PayCore provider has no publicKey option; it is needed to list methods"
    )
  }

  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "currency_code", "total"],
    filters: { id: cart_id },
  })
  const cart = data[0] as { id: string; currency_code: string; total: unknown } | undefined
  if (!cart) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart ${cart_id} was not found`)

  const currency = cart.currency_code.toUpperCase()
  const amount = toPaycoreAmount(cart.total as any, currency, account.options.currencyDecimals)
  try {
    const prerequest = await cachedPaymentPrerequest(account.client, { currency, amount })
    res.json({
      provider_id: account.providerId,
      currency_code: cart.currency_code,
      amount,
      payment_methods: toStorefrontMethods(prerequest, currency),
    })
  } catch (error) {
    if (!isPaycoreError(error)) throw error
    req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`PayCore payment pre-request failed: ${error.message}`)
    res.status(502).json({
      type: "paycore_unavailable",
      message: "PayCore did not answer with the payment methods; try again shortly",
    })
  }
}
