import type { InitiatePaymentInput } from "@medusajs/framework/types"
import type { PaycoreOptions } from "../../../accounts/options"
import type { CreatePaymentInvoiceAttributes } from "../../../lib/paycore"
import type { StorefrontSessionData } from "../session-data"

// What an invoice request carries besides money: the customer, the return URLs and the hosted-page link.

/** A storefront's return URL (one for every outcome, told apart by `paycore_result`) wins over the options. */
export function returnUrlsFor(
  storefrontUrl: string | undefined,
  configured: PaycoreOptions["returnUrls"],
  placeholders: Record<string, string>
): Pick<CreatePaymentInvoiceAttributes, "return_url" | "return_urls"> {
  if (storefrontUrl) {
    const withResult = (result: string) => {
      const url = new URL(storefrontUrl)
      url.searchParams.set("paycore_result", result)
      return url.toString()
    }
    return { return_urls: { success: withResult("success"), pending: withResult("pending"), fail: withResult("fail") } }
  }
  if (!configured) return {}
  const success = fill(configured.success, placeholders, encodeURIComponent)
  return {
    return_urls: {
      success,
      pending: configured.pending ? fill(configured.pending, placeholders, encodeURIComponent) : success,
      fail: configured.fail ? fill(configured.fail, placeholders, encodeURIComponent) : success,
    },
  }
}

/** PayCore's customer object: its reference is the Medusa customer, or the session for guests. */
export function customerFor(
  sessionId: string,
  context: InitiatePaymentInput["context"],
  storefront: StorefrontSessionData
): CreatePaymentInvoiceAttributes["customer"] {
  const customer = context?.customer
  const email = customer?.email || storefront.email
  const name =
    [customer?.first_name, customer?.last_name].filter(Boolean).join(" ") || storefront.customer_name || undefined
  if (!email && !name) return undefined
  return {
    reference_id: customer?.id ?? `guest_${sessionId}`,
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
  }
}

/** PayCore's hosted-page link: flat fields, nested ones in brackets (`customer[email]`, `display[hide_footer]`). */
export function hppLink(base: string, params: Record<string, unknown>): string {
  const search = new URLSearchParams()
  const add = (key: string, value: unknown) => {
    if (value === undefined || value === null) return
    if (typeof value === "object") {
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>))
        add(`${key}[${inner}]`, innerValue)
    } else {
      search.append(key, String(value))
    }
  }
  for (const [key, value] of Object.entries(params)) add(key, value)
  return `${base}?${search.toString()}`
}

export function fill(template: string, values: Record<string, string>, encode: (value: string) => string = (v) => v) {
  return template.replace(/\{(cart_id|session_id)\}/g, (_, key: string) => encode(values[key] ?? ""))
}
