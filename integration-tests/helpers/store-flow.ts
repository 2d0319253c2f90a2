// A storefront's side of checkout, over the store API of an app booted by medusaIntegrationTestRunner.
import type { AxiosInstance } from "axios"
import type { DemoSeedResult } from "../../demo/seed"
import { PAYCORE_PROVIDER_ID } from "../../demo/seed"

export type StoreClient = ReturnType<typeof storeClient>

/** The customer's shipping and billing address in the tests. */
export function testAddress(countryCode: string) {
  return {
    first_name: "Jane",
    last_name: "Doe",
    address_1: "1 Test Street",
    city: "Testville",
    postal_code: "12345",
    country_code: countryCode,
  }
}

export function storeClient(api: AxiosInstance, seed: DemoSeedResult) {
  const headers = { "x-publishable-api-key": seed.publishableKey }
  const call = async <T = any>(method: "get" | "post" | "delete", path: string, body?: unknown) => {
    const response = await api.request<T>({ method, url: path, data: body, headers, validateStatus: () => true })
    return response
  }
  const ok = async <T = any>(method: "get" | "post" | "delete", path: string, body?: unknown): Promise<T> => {
    const response = await call<T>(method, path, body)
    if (response.status >= 300) {
      throw new Error(`${method.toUpperCase()} ${path} answered ${response.status}: ${JSON.stringify(response.data)}`)
    }
    return response.data
  }

  return {
    call,
    /** A cart with the demo product, an address and shipping: ready for payment. */
    async cartReadyForPayment(
      currency: "eur" | "usd" | "uah" = "usd",
      quantity = 1,
      email = "customer@paycore-tests.com"
    ) {
      const country = { eur: "de", usd: "us", uah: "ua" }[currency]
      const address = testAddress(country)
      // One create with the item and addresses, as a storefront may send it: each cart call runs Medusa's cart
      // workflows, and the http tests make hundreds of carts.
      const { cart } = await ok("post", "/store/carts", {
        region_id: seed.regions[currency],
        email,
        items: [{ variant_id: seed.variantId, quantity }],
        shipping_address: address,
        billing_address: address,
      })
      const { cart: ready } = await ok("post", `/store/carts/${cart.id}/shipping-methods`, {
        option_id: seed.shippingOptionId,
      })
      return ready as { id: string; total: number; currency_code: string }
    },
    async addItem(cartId: string, quantity = 1) {
      return ok("post", `/store/carts/${cartId}/line-items`, { variant_id: seed.variantId, quantity })
    },
    /** Creates (or replaces) the cart's PayCore payment session; returns the session as the storefront sees it. */
    async startPaycorePayment(cartId: string, data: Record<string, unknown> = {}) {
      const { payment_collection } = await ok("post", "/store/payment-collections", { cart_id: cartId })
      const response = await call("post", `/store/payment-collections/${payment_collection.id}/payment-sessions`, {
        provider_id: PAYCORE_PROVIDER_ID,
        data: { cart_id: cartId, email: "customer@paycore-tests.com", ...data },
      })
      if (response.status >= 300) return { status: response.status, error: response.data, session: undefined as any }
      const sessions = response.data.payment_collection.payment_sessions as any[]
      const session = sessions.find((s) => s.provider_id === PAYCORE_PROVIDER_ID)
      return { status: response.status, error: undefined, session }
    },
    async completeCart(cartId: string) {
      return call("post", `/store/carts/${cartId}/complete`)
    },
    async getCart(cartId: string) {
      return ok("get", `/store/carts/${cartId}`)
    },
  }
}

/**
 * The sandbox invoice of a session the server created. The store API does not show invoice ids (see
 * providers/paycore/session-data.ts), but the hosted-page link names the invoice: `…/hpp/?cpi=<invoice id>`.
 */
export function invoiceIdOf(session: { data?: { hpp_url?: unknown } }): string {
  const hppUrl = session?.data?.hpp_url
  const id = typeof hppUrl === "string" ? new URL(hppUrl).searchParams.get("cpi") : null
  if (!id) throw new Error(`the session shows no hosted-page link naming its invoice: ${JSON.stringify(session?.data)}`)
  return id
}
