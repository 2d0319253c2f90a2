/**
 * Medusa registers a payment provider as `pp_<identifier>_<id>`; ours is `pp_paycore_<id>` (with `id: "paycore"`:
 * `pp_paycore_paycore`). Every check of "is this a PayCore provider" uses these two.
 */
export const PAYCORE_PROVIDER_PREFIX = "pp_paycore_"

export const PAYCORE_PROVIDER_ID_PATTERN = /^pp_paycore_[A-Za-z0-9_-]+$/

export function isPaycoreProviderId(id: unknown): id is string {
  return typeof id === "string" && id.startsWith(PAYCORE_PROVIDER_PREFIX)
}
