import { authenticate, defineMiddlewares } from "@medusajs/framework/http"
import { serializeCartCompletion } from "./store/paycore/cart-completion"
import { paycoreSessionCart } from "./store/paycore/session-cart"
import { paycoreStorefrontView } from "./store/paycore/storefront-view"

export default defineMiddlewares({
  routes: [
    {
      // PayCore signs the exact bytes it sends: the callback route reads them itself (api/hooks/paycore/raw-body.ts).
      matcher: "/hooks/paycore",
      methods: ["POST"],
      bodyParser: false,
    },
    {
      // A PayCore session's cart is the payment collection's, not what the storefront says.
      matcher: "/store/payment-collections/:id/payment-sessions",
      methods: ["POST"],
      // Who is logged in decides whether a card may be saved or used (Medusa's route reads it too).
      middlewares: [
        authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true }),
        paycoreSessionCart,
      ],
    },
    {
      // A customer's saved cards: only their own, only when logged in.
      matcher: "/store/paycore/saved-cards*",
      middlewares: [authenticate("customer", ["session", "bearer"])],
    },
    {
      // A customer's completion and PayCore's callback never complete one cart at once (two orders).
      matcher: "/store/carts/:id/complete",
      methods: ["POST"],
      middlewares: [serializeCartCompletion],
    },
    {
      // What a PayCore session shows a storefront (and whoever holds an order id): providers/paycore/session-data.ts.
      matcher: "/store/*",
      middlewares: [paycoreStorefrontView],
    },
  ],
})
