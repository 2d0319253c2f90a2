import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { isPaycoreProviderId } from "../../../accounts/provider-id"
import { storefrontView } from "../../../providers/paycore/session-data"

/** Deeper than any store answer nests payment sessions (order → payment_collections → payments). */
const MAX_DEPTH = 16

/**
 * Every store API answer shows a PayCore session's or payment's `data` as `storefrontView` of it: carts, payment
 * collections, orders and completion answers all nest them, and Medusa returns `data` whole by default.
 */
export function paycoreStorefrontView(_req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const json = res.json.bind(res)
  res.json = ((body: unknown) => json(hidePaycoreInternals(body, 0))) as typeof res.json
  next()
}

/** A copy of `value` (as JSON.stringify would see it) in which PayCore sessions and payments show only their view. */
export function hidePaycoreInternals(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return value
  const json = (value as { toJSON?: unknown }).toJSON
  if (typeof json === "function") return hidePaycoreInternals(json.call(value), depth)
  if (Array.isArray(value)) return value.map((item) => hidePaycoreInternals(item, depth + 1))
  const record = value as Record<string, unknown>
  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(record)) copy[key] = hidePaycoreInternals(item, depth + 1)
  if (isPaycoreProviderId(record.provider_id) && record.data && typeof record.data === "object") {
    copy.data = storefrontView(record.data as Record<string, unknown>)
  }
  return copy
}
