// medusa-payment-paycore/storefront: the storefront's side of a PayCore checkout over @medusajs/js-sdk.
// No framework and no runtime dependency; README "Storefront guide" shows every state.
export { createPaycoreCheckout, PAYCORE_PROVIDER_ID } from "./checkout"
export { PaycoreCheckoutError } from "./errors"
export type { PaycoreCheckout, PaycoreCheckoutOptions } from "./checkout"
export { PENDING_RETRY_AFTER_MS, readReturnParams, RETRY_AFTER_MS, returnFromCart } from "./return-state"
export type { PaycoreResultParam } from "./return-state"
export { leaveEmbeddedFrame, openEmbeddedCheckout, PAYCORE_EMBED_EVENTS } from "./embedded"
export type { EmbeddedCheckout, EmbeddedCheckoutOptions, PaycoreEmbedEvent, PaycoreWidget } from "./embedded"
export type * from "./types"
