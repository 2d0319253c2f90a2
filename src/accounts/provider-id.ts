/**
 * Medusa registers a payment provider as `pp_<identifier>_<id>`; ours is `pp_paycore_<id>` (with `id: "paycore"`:
 * `pp_paycore_paycore`). Every check of "is this a PayCore provider" uses these two.
 */
export const PAYCORE_PROVIDER_PREFIX = "pp_paycore_"

export const PAYCORE_PROVIDER_ID_PATTERN = /^pp_paycore_[A-Za-z0-9_-]+$/

export function isPaycoreProviderId(id: unknown): id is string {
  return typeof id === "string" && id.startsWith(PAYCORE_PROVIDER_PREFIX)
}

/** `medusa-payment-paycore/providers/paycore`, `./src/providers/paycore`, or the imported provider module. */
export function isPaycoreProvider(resolve: unknown): boolean {
  if (typeof resolve === "string") return /(^|[/\\])providers[/\\]paycore([/\\]index(\.[jt]s)?)?$/.test(resolve)
  const services = (resolve as any)?.services
  return Array.isArray(services) && services.some((service: any) => service?.identifier === "paycore")
}
