export * from "./create-paycore-payout"
export * from "./approve-paycore-payout"
export {
  PAYCORE_UNAVAILABLE,
  validatePaycorePayoutStep,
  createPaycorePayoutRecordStep,
  sendPaycorePayoutStep,
  applyPaycorePayoutAnswerStep,
  validatePaycorePayoutApprovalStep,
  markPaycorePayoutApprovedStep,
} from "./steps"
export type { ApprovePaycorePayoutInput, SealedPayoutRequest } from "./steps"
export { payoutRequestSchema, planPaycorePayout } from "./plan"
export type { PaycorePayoutRequest, PayoutPlan, SealedPayoutPlan } from "./plan"
export {
  DEFAULT_PAYOUT_SETTINGS,
  getPayoutSettings,
  payoutSettingsUpdateSchema,
  updatePayoutSettings,
} from "./settings"
export type { PayoutCurrencySettings, PayoutSettings, PayoutSettingsUpdate } from "./settings"
export { LOCAL_PAYOUT_STATUSES, payoutOutcome, payoutView } from "./view"
export type { PaycorePayoutView, PayoutHistoryEntry, PayoutOutcome } from "./view"
export { maskDestination, maskDestinationValue, sealPayoutDestination } from "./destination"
