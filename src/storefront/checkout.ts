import { PaycoreCheckoutError } from "./errors"
import { paycoreSessionIn, RETRY_AFTER_MS, returnFromCart } from "./return-state"
import type {
  PaycoreCartLike,
  PaycoreReturn,
  PaycoreSavedCard,
  PaycoreSdk,
  PaycoreStoreSession,
  SdkHeaders,
  StartedPayment,
  StartPaymentInput,
} from "./types"

/** The provider id Medusa gives the plugin's provider (`pp_<provider id>_<id>`) with the README's configuration. */
export const PAYCORE_PROVIDER_ID = "pp_paycore_paycore"

export type PaycoreCheckoutOptions = {
  sdk: PaycoreSdk
  /** Another id when the provider is registered under another `id` (e.g. a second PayCore account). */
  providerId?: string
}

export type PaycoreCheckout = ReturnType<typeof createPaycoreCheckout>

/** The HTTP status of an sdk error (`FetchError`), if it has one. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === "number" ? status : undefined
}

/** A session's PayCore status while its invoice (or link) can still be paid: see providers/paycore/session-data.ts. */
const PAYABLE_STATUSES = ["created", "link_created"]

/** Where a session sends the customer, or null when it shows no payment page. */
function startedPayment(session: PaycoreStoreSession, cartId: string, returnUrl: string): StartedPayment | null {
  const data = (session.data ?? {}) as Record<string, unknown>
  if (typeof data.hpp_url !== "string") return null
  return {
    cartId,
    sessionId: session.id,
    redirectUrl: data.hpp_url,
    returnUrl,
    embed: (data.hpp_embed as StartedPayment["embed"]) ?? null,
    testMode: data.test_mode === true,
    next: PAYABLE_STATUSES.includes(data.paycore_status as string) ? "redirect" : "return",
  }
}

function returnUrlWithCart(returnUrl: string, cartId: string): string {
  let url: URL
  try {
    url = new URL(returnUrl)
  } catch {
    throw new PaycoreCheckoutError(`returnUrl: must be an absolute URL, got "${returnUrl}"`)
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new PaycoreCheckoutError(`returnUrl: must be an http(s) URL, got "${url.protocol}"`)
  }
  url.searchParams.set("cart_id", cartId)
  return url.toString()
}

/**
 * The storefront's side of a PayCore checkout over `@medusajs/js-sdk`: start a payment (a new session, hence a new
 * PayCore invoice), read the customer's return, and start again after a failure. No framework, no state: each
 * call reads what it needs from Medusa.
 */
export function createPaycoreCheckout(options: PaycoreCheckoutOptions) {
  const { sdk } = options
  const providerId = options.providerId ?? PAYCORE_PROVIDER_ID
  const headersOf = (headers?: SdkHeaders) => (headers ? { ...headers } : undefined)

  async function readCart(cartId: string, headers?: SdkHeaders) {
    const { cart } = await sdk.store.cart.retrieve(cartId, undefined, headersOf(headers))
    return cart as unknown as PaycoreCartLike & { completed_at?: string | Date | null }
  }

  /** The cart's newest PayCore session, or undefined. */
  function paycoreSessionOf(cart: Pick<PaycoreCartLike, "payment_collection">): PaycoreStoreSession | undefined {
    return paycoreSessionIn(cart, providerId)
  }

  /**
   * A new PayCore payment session for the cart (Medusa replaces an earlier session; PayCore gets a new invoice),
   * never an earlier, possibly failed one. Answers where to send the customer.
   */
  async function startPayment(cart: PaycoreCartLike | string, input: StartPaymentInput): Promise<StartedPayment> {
    if (!input || typeof input.returnUrl !== "string") throw new PaycoreCheckoutError("returnUrl: is required")
    const cartId = typeof cart === "string" ? cart : cart.id
    const returnUrl = returnUrlWithCart(input.returnUrl, cartId)
    const known = typeof cart === "string" ? await readCart(cart, input.headers) : cart
    const email = input.email ?? known.email ?? undefined
    const { payment_collection } = await sdk.store.payment.initiatePaymentSession(
      known as Parameters<PaycoreSdk["store"]["payment"]["initiatePaymentSession"]>[0],
      {
        provider_id: providerId,
        data: {
          return_url: returnUrl,
          ...(email ? { email } : {}),
          ...(input.locale ? { locale: input.locale } : {}),
          ...(input.service ? { service: input.service } : {}),
          ...(input.display ? { display: input.display } : {}),
          ...(input.style ? { style: input.style } : {}),
          ...(input.saveCard ? { save_card: true } : {}),
          ...(input.savedCardId ? { saved_card_id: input.savedCardId } : {}),
        },
      },
      undefined,
      headersOf(input.headers)
    )
    const session = paycoreSessionOf({
      payment_collection: payment_collection as PaycoreCartLike["payment_collection"],
    })
    const started = session && startedPayment(session, cartId, returnUrl)
    if (!started) throw new PaycoreCheckoutError("PayCore did not return a payment page for this cart")
    return started
  }

  /**
   * The cart's open PayCore payment while it can still be paid (a `pending` session whose invoice nobody has paid or
   * failed yet), else a new one. For a checkout that creates the session at one step and sends the customer at a
   * later one: one invoice, not two. Reads the cart afresh when given its id.
   */
  async function continuePayment(cart: PaycoreCartLike | string, input: StartPaymentInput): Promise<StartedPayment> {
    const known = typeof cart === "string" ? await readCart(cart, input.headers) : cart
    // A saved card pays now, and a consent belongs on the invoice: neither reuses an open one.
    if (input.savedCardId || input.saveCard) return startPayment(known, input)
    const session = paycoreSessionOf(known)
    const open =
      session?.status === "pending" &&
      PAYABLE_STATUSES.includes((session.data as Record<string, unknown> | null)?.paycore_status as string) &&
      startedPayment(session, known.id, returnUrlWithCart(input.returnUrl, known.id))
    return open || startPayment(known, input)
  }

  /** After a failure: reads the cart afresh and starts a new payment, with the last method unless another is given. */
  async function startNewAttempt(cartId: string, input: StartPaymentInput): Promise<StartedPayment> {
    const cart = await readCart(cartId, input.headers)
    const previous = paycoreSessionOf(cart)?.data as { service?: unknown } | undefined
    const service = input.service ?? (typeof previous?.service === "string" ? previous.service : undefined)
    return startPayment(cart, { ...input, ...(service ? { service } : {}) })
  }

  /**
   * The return page's question: completes the cart once. Never trusts `paycore_result`: PayCore's answer reaches
   * Medusa by callback or by the provider's own read at completion.
   */
  async function readReturn(cartId: string, options: { headers?: SdkHeaders } = {}): Promise<PaycoreReturn> {
    try {
      const answer = await sdk.store.cart.complete(cartId, undefined, headersOf(options.headers))
      if (answer.type === "order") return { state: "order", order: answer.order }
    } catch (error) {
      if (statusOf(error) === 409) return { state: "retry", retryAfterMs: RETRY_AFTER_MS }
      if (statusOf(error) !== 400) throw error
    }
    return returnFromCart(await readCart(cartId, options.headers), providerId)
  }

  /** The logged-in customer's saved cards they can pay with (`headers`: the customer's auth, if not the sdk's own). */
  async function listSavedCards(options: { headers?: SdkHeaders } = {}): Promise<PaycoreSavedCard[]> {
    const answer = await sdk.client.fetch<{ saved_cards: PaycoreSavedCard[] }>("/store/paycore/saved-cards", {
      headers: headersOf(options.headers),
    })
    return answer.saved_cards
  }

  /** Deletes one of the logged-in customer's saved cards. */
  async function deleteSavedCard(id: string, options: { headers?: SdkHeaders } = {}): Promise<void> {
    if (!/^pcsc_[A-Za-z0-9]+$/.test(id))
      throw new PaycoreCheckoutError(`id: must be a saved card id (pcsc_…), got "${id}"`)
    await sdk.client.fetch(`/store/paycore/saved-cards/${id}`, {
      method: "DELETE",
      headers: headersOf(options.headers),
    })
  }

  return {
    providerId,
    startPayment,
    continuePayment,
    startNewAttempt,
    readReturn,
    paycoreSessionOf,
    listSavedCards,
    deleteSavedCard,
  }
}
