import type { Logger } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type { PaycoreOptions } from "../../../accounts/options"
import { cachedPaymentPrerequest, type PaycoreClient } from "../../../lib/paycore"
import { toMedusaError } from "./live-status"

type ServiceChoiceDeps = { client: PaycoreClient; options: PaycoreOptions; logger?: Logger }

/**
 * The storefront's chosen service must be one PayCore offers for this currency and amount (from the same
 * pre-request the store's payment-methods route shows); otherwise the configured service, or none (the
 * HPP's own picker).
 */
export async function chosenService(
  deps: ServiceChoiceDeps,
  requested: string | undefined,
  currency: string,
  amount: number
): Promise<string | undefined> {
  if (!requested) return deps.options.services[currency]
  const offered = await offeredServices(deps, currency, amount)
  if (!offered.includes(requested)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `PayCore: service "${requested}" is not available for ${currency}; choose one of: ${offered.join(", ") || "(none)"}`
    )
  }
  return requested
}

/**
 * A saved card is a card payment: PayCore's tokenisation and token charges name the card service (its documented
 * requests send `payment_card_usd_hpp`). The account's card service for the currency, from the pre-request.
 */
export async function cardService(deps: ServiceChoiceDeps, currency: string, amount: number): Promise<string> {
  const offered = await offeredServices(deps, currency, amount)
  const preferred = `payment_card_${currency.toLowerCase()}_hpp`
  const card = offered.includes(preferred) ? preferred : offered.find(isCardService)
  if (!card) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `PayCore offers no card payment for ${currency}: a card cannot be saved or paid with; set the services option`
    )
  }
  return card
}

/** PayCore names its card payment services `payment_card_<currency>_<flow>` (docs/paycore-notes.md). */
export function isCardService(code: string): boolean {
  return code.startsWith("payment_card_")
}

/** The services PayCore offers for this currency and amount (the pre-request, cached). */
export async function offeredServices(deps: ServiceChoiceDeps, currency: string, amount: number): Promise<string[]> {
  try {
    const prerequest = await cachedPaymentPrerequest(deps.client, { currency, amount })
    return Object.keys(prerequest.attributes.services ?? {})
  } catch (error) {
    throw toMedusaError("list the payment methods", error, deps.logger)
  }
}
