import type { PaycoreClient } from "./client"
import type { PaycorePaymentPrerequest } from "./schemas"

/**
 * PayCore's payment pre-request (services and methods for a currency) changes only when the account's setup
 * does; storefronts ask for it on every checkout page. Answers are kept briefly per client, currency and amount.
 */
const TTL_MS = 60_000
const MAX_ENTRIES = 500
const cache = new Map<string, { at: number; value: Promise<PaycorePaymentPrerequest> }>()
const clientIds = new WeakMap<PaycoreClient, number>()
let nextClientId = 1

export function cachedPaymentPrerequest(
  client: PaycoreClient,
  input: { currency: string; amount?: number }
): Promise<PaycorePaymentPrerequest> {
  let clientId = clientIds.get(client)
  if (!clientId) {
    clientId = nextClientId++
    clientIds.set(client, clientId)
  }
  const key = `${clientId}:${input.currency.toUpperCase()}:${input.amount ?? ""}`
  const hit = cache.get(key)
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string)
  const value = client.paymentPrerequest(input)
  cache.set(key, { at: Date.now(), value })
  // A failed answer is not kept: the next request asks PayCore again.
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key)
  })
  return value
}
