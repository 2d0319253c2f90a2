import { z } from "zod"
import { PAYCORE_PROVIDER_ID_PATTERN } from "../../../../accounts/provider-id"
import type { PaycorePaymentPrerequest } from "../../../../lib/paycore"

export const paymentMethodsQuerySchema = z.object({
  cart_id: z.string().regex(/^cart_[A-Za-z0-9]+$/, "must be a cart id (cart_…)"),
  provider_id: z.string().regex(PAYCORE_PROVIDER_ID_PATTERN, "must be a PayCore provider id (pp_paycore_…)").optional(),
})

export type StorefrontPaymentMethod = {
  /** The service code: pass it as the payment session's `data.service`. */
  code: string
  method: string
  name: string
  category: string | null
  logo: string | null
  icon: string | null
  fields: Array<{ key: string; type: string; label: string; required: boolean; regexp: string | null }>
}

/** PayCore's services joined with their methods, for the cart's currency, in a storefront-friendly shape. */
export function toStorefrontMethods(prerequest: PaycorePaymentPrerequest, currency: string): StorefrontPaymentMethod[] {
  const attributes = prerequest.attributes as any
  const services: Record<string, any> = attributes.services ?? {}
  const methods: Record<string, any> = attributes.methods ?? {}
  return Object.values(services)
    .filter((service) => !service.currency || String(service.currency).toUpperCase() === currency)
    .filter((service) => !service.status || service.status === "available")
    .map((service) => {
      const method = methods[service.method] ?? {}
      return {
        code: String(service.code),
        method: String(service.method ?? ""),
        name: String(method.name ?? service.method ?? service.code),
        category: method.category ?? null,
        logo: method.logo ?? null,
        icon: method.icon ?? null,
        fields: (Array.isArray(service.fields) ? service.fields : []).map((field: any) => ({
          key: String(field.key),
          type: String(field.type ?? "string"),
          label:
            typeof field.label === "object" && field.label
              ? String(field.label.en ?? Object.values(field.label)[0] ?? field.key)
              : String(field.label ?? field.key),
          required: Boolean(field.required),
          regexp: field.regexp ?? null,
        })),
      }
    })
}
