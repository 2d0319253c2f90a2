import type Medusa from "@medusajs/js-sdk"
import type { PaycoreHppEmbed, PaycoreStorefrontSessionData } from "../providers/paycore/session-data"
import type { PaycoreSavedCard } from "../saved-cards/types"

export type { PaycoreHppEmbed, PaycoreSavedCard, PaycoreStorefrontSessionData }

/** The part of `@medusajs/js-sdk`'s client the kit calls (`new Medusa({ baseUrl, publishableKey })`). */
export type PaycoreSdk = Pick<Medusa, "store" | "client">

/** Headers for every sdk call, e.g. a Next.js server's auth and cache headers. */
export type SdkHeaders = Record<string, string | null>

type StoreCompleteCartResponse = Awaited<ReturnType<Medusa["store"]["cart"]["complete"]>>
/** The order `cart.complete` answers with. */
export type PaycoreOrder = Extract<StoreCompleteCartResponse, { type: "order" }>["order"]

/** A payment session as store answers show it; a PayCore session's `data` is the storefront's view of it. */
export type PaycoreStoreSession = {
  id: string
  provider_id: string
  status: string
  data?: PaycoreStorefrontSessionData | Record<string, unknown> | null
}

/** What the kit needs of a cart: its id, and, when known, its email and payment collection. */
export type PaycoreCartLike = {
  id: string
  email?: string | null
  payment_collection?: { id: string; payment_sessions?: PaycoreStoreSession[] | null } | null
}

/** PayCore's hosted page layout switches (`display[…]`). */
export type PaycoreDisplay = {
  hide_header?: boolean
  hide_footer?: boolean
  hide_progress_bar?: boolean
  hide_method_filter?: boolean
  hide_lifetime_counter?: boolean
}

/** PayCore's hosted page look (`style[…]`). */
export type PaycoreStyle = {
  pay_button_label?: "pay" | "subscribe" | "donate"
  show_method_logo?: boolean
  theme?: "light" | "dark"
  font_family?: string
  primary?: string
  success_color?: string
}

export type StartPaymentInput = {
  /** Absolute URL of the storefront's return page; the kit adds `cart_id=<cart id>`. Its host must be in the
   * plugin's `allowedReturnHosts`. */
  returnUrl: string
  /** For PayCore's receipt (guests have no Medusa customer); the cart's email when not given. */
  email?: string
  locale?: "en" | "uk" | "ru"
  /** A PayCore service code from `GET /store/paycore/payment-methods`: opens that method, skipping PayCore's picker. */
  service?: string
  display?: PaycoreDisplay
  style?: PaycoreStyle
  /** The logged-in customer agreed to keep this card for next time (the cart must be theirs). */
  saveCard?: boolean
  /** Pay with this saved card (`listSavedCards`) instead of entering one. */
  savedCardId?: string
  headers?: SdkHeaders
}

export type StartedPayment = {
  cartId: string
  sessionId: string
  /** PayCore's hosted payment page for the new invoice: send the customer there (redirect way). */
  redirectUrl: string
  /** The return URL PayCore was given (`returnUrl` with `cart_id`). */
  returnUrl: string
  /** What PayCore's widget needs (embedded way); null when PayCore's page creates the invoice (`hpp_link`). */
  embed: PaycoreHppEmbed | null
  testMode: boolean
  /**
   * `redirect`: send the customer to PayCore (`redirectUrl`, or embedded). `return`: a saved card was charged without
   * PayCore's page; go straight to `returnUrl`, where `readReturn` makes the order or tells the decline.
   */
  next: "redirect" | "return"
}

/** Why a payment failed, as `readReturn` tells it. */
export type PaycoreFailureReason = "declined" | "canceled" | "expired" | "mismatch" | "refunded" | "no_session"

/** What the return page shows: one answer per `readReturn`. */
export type PaycoreReturn =
  | { state: "order"; order: PaycoreOrder }
  /** The order is being made (the callback is completing the cart, or the paid cart is about to be): ask again. */
  | { state: "retry"; retryAfterMs: number }
  /** PayCore has not decided: ask again a few times, then tell the customer the order follows by email. */
  | { state: "pending"; retryAfterMs: number }
  /** Offer a new attempt (`startNewAttempt`). `message` is English, for the customer. */
  | { state: "failed"; reason: PaycoreFailureReason; resolution: string | null; message: string }
