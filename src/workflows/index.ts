// Workflows the plugin exports (`medusa-payment-paycore/workflows`). Callback processing runs Medusa's own
// processPaymentWorkflow; refunds and chargebacks made at PayCore and payouts have their own. The payout rules they
// use live in src/payouts.
export * from "./after-payment"
export * from "./checkout-recovery"
export * from "./payouts"
export * from "./payment-links"
export type { PaycorePaymentLink, PaycoreStorePaymentLink, PaymentLinkCreatedEventData } from "../payment-links/types"
export type { PaycorePayoutRequest, PayoutPlan, SealedPayoutPlan } from "../payouts/plan"
export { planPaycorePayout } from "../payouts/plan"
export {
  DEFAULT_PAYOUT_SETTINGS,
  getPayoutSettings,
  payoutSettingsUpdateSchema,
  updatePayoutSettings,
} from "../payouts/settings"
export type { PayoutCurrencySettings, PayoutSettings, PayoutSettingsUpdate } from "../payouts/settings"
export { LOCAL_PAYOUT_STATUSES, payoutOutcome } from "../payouts/statuses"
export { payoutView } from "../payouts/view"
export type { PaycorePayoutView, PayoutHistoryEntry, PayoutOutcome } from "../payouts/view"
export { maskDestination, maskDestinationValue, sealPayoutDestination } from "../payouts/destination"
