import type { InitiatePaymentInput } from "@medusajs/framework/types"
import type { PaycoreOptions } from "../../../accounts/options"
import type { CreatePaymentInvoiceAttributes } from "../../../lib/paycore"
import type { StorefrontSessionData } from "../session-data"

// What an invoice request carries besides money: the customer, the return URLs and the hosted-page link.

/**
 * Where PayCore sends the customer back. A storefront's return URL (one for every outcome, told apart by
 * `paycore_result`) wins over the options. Both forms are sent (docs/paycore-notes.md, "Public API / HPP"): PayCore's
 * release notes make `return_urls` win over `return_url`, but its hosted-page form reference knows only
 * `return_url`, so that one is the outcome-neutral address (the storefront's URL as given, or the pending one) and
 * the page behind it must read the payment's state itself.
 */
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
    return {
      return_url: storefrontUrl,
      return_urls: { success: withResult("success"), pending: withResult("pending"), fail: withResult("fail") },
    }
  }
  if (!configured) return {}
  const success = fill(configured.success, placeholders, encodeURIComponent)
  const pending = configured.pending ? fill(configured.pending, placeholders, encodeURIComponent) : success
  return {
    return_url: pending,
    return_urls: {
      success,
      pending,
      fail: configured.fail ? fill(configured.fail, placeholders, encodeURIComponent) : success,
    },
  }
}

/**
 * PayCore's customer object: its reference is the Medusa customer, or the session for guests. Besides the name and
 * email, the cart's billing phone and address (some methods and anti-fraud checks need them), within PayCore's
 * documented `customer` fields and nothing more (docs/paycore-notes.md, "Payment invoices").
 */
export function customerFor(
  sessionId: string,
  context: InitiatePaymentInput["context"],
  storefront: StorefrontSessionData,
  /** A saved card's customer: PayCore links tokens to this reference, so it is always sent. */
  cardCustomerId?: string
): CreatePaymentInvoiceAttributes["customer"] {
  const customer = context?.customer
  const cart = storefront.cart_customer
  const email = customer?.email || storefront.email || cart?.email
  const name =
    [customer?.first_name, customer?.last_name].filter(Boolean).join(" ") || storefront.customer_name || undefined
  const phone = customer?.phone || cart?.phone
  const address = cart?.address && Object.keys(cart.address).length ? cart.address : undefined
  if (!email && !name && !phone && !address && !cardCustomerId) return undefined
  return {
    reference_id: cardCustomerId ?? customer?.id ?? `guest_${sessionId}`,
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
    ...(phone ? { phone } : {}),
    ...(address ? { address } : {}),
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
