import { FetchError } from "@medusajs/js-sdk"
import { createPaycoreCheckout } from "../checkout"
import { PaycoreCheckoutError } from "../errors"
import type { PaycoreSdk } from "../types"

// The js-sdk's own FetchError, thrown as the sdk throws it for an HTTP error; the kit's answers to each status.
// The same flows against the real app are in integration-tests/http/storefront-kit.spec.ts.
function sdkAnswering(complete: () => Promise<unknown>, cart: Record<string, unknown> = {}) {
  const calls: string[] = []
  const sdk = {
    store: {
      cart: {
        complete: async (id: string) => {
          calls.push(`complete ${id}`)
          return complete()
        },
        retrieve: async (id: string) => {
          calls.push(`retrieve ${id}`)
          return { cart: { id, ...cart } }
        },
      },
      payment: {
        initiatePaymentSession: async () => {
          calls.push("initiate")
          return { payment_collection: { id: "pc", payment_sessions: [] } }
        },
      },
    },
  } as unknown as PaycoreSdk
  return { sdk, calls }
}

describe("readReturn's answers to Medusa's statuses", () => {
  it("a 409 (another request is completing the cart) is retry in a second, without reading the cart", async () => {
    const { sdk, calls } = sdkAnswering(async () => {
      throw new FetchError("Cart is already being completed by another request", "Conflict", 409)
    })
    expect(await createPaycoreCheckout({ sdk }).readReturn("cart_1")).toEqual({ state: "retry", retryAfterMs: 1000 })
    expect(calls).toEqual(["complete cart_1"])
  })

  it("a 400 (payment not authorized) reads the cart and answers from its PayCore session", async () => {
    const session = { id: "ps", provider_id: "pp_paycore_paycore", status: "pending", data: {} }
    const { sdk, calls } = sdkAnswering(
      async () => {
        throw new FetchError("Payment authorization failed", "Bad Request", 400)
      },
      { payment_collection: { id: "pc", payment_sessions: [session] } }
    )
    expect(await createPaycoreCheckout({ sdk }).readReturn("cart_1")).toEqual({ state: "pending", retryAfterMs: 2000 })
    expect(calls).toEqual(["complete cart_1", "retrieve cart_1"])
  })

  it("another failure (e.g. Medusa is down) is thrown to the page, not mistaken for a payment state", async () => {
    const down = new FetchError("Service Unavailable", "Service Unavailable", 503)
    const { sdk } = sdkAnswering(async () => {
      throw down
    })
    await expect(createPaycoreCheckout({ sdk }).readReturn("cart_1")).rejects.toBe(down)
  })

  it("a session under another provider id is read when the checkout is made for that id", async () => {
    const session = { id: "ps", provider_id: "pp_paycore_second", status: "error", data: {} }
    const { sdk } = sdkAnswering(async () => ({ type: "cart", cart: {}, error: { message: "not authorized" } }), {
      payment_collection: { id: "pc", payment_sessions: [session] },
    })
    const checkout = createPaycoreCheckout({ sdk, providerId: "pp_paycore_second" })
    expect(await checkout.readReturn("cart_1")).toMatchObject({ state: "failed", reason: "declined" })
  })
})

describe("startPayment's own checks", () => {
  it.each([
    ["checkout/return", 'returnUrl: must be an absolute URL, got "checkout/return"'],
    ["javascript:alert(1)", 'returnUrl: must be an http(s) URL, got "javascript:"'],
  ])("refuses the return URL %s before any request", async (returnUrl, message) => {
    const { sdk, calls } = sdkAnswering(async () => ({}))
    await expect(createPaycoreCheckout({ sdk }).startPayment("cart_1", { returnUrl })).rejects.toThrow(
      new PaycoreCheckoutError(message)
    )
    expect(calls).toEqual([])
  })

  it("says so when Medusa's answer holds no PayCore session to send the customer to", async () => {
    const { sdk } = sdkAnswering(async () => ({}))
    await expect(
      createPaycoreCheckout({ sdk }).startPayment({ id: "cart_1" }, { returnUrl: "https://shop.example/r" })
    ).rejects.toThrow("PayCore did not return a payment page for this cart")
  })
})
