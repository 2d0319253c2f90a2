export {
  recoverFailedCheckouts,
  type RecoverFailedCheckoutsOptions,
  type RecoverFailedCheckoutsResult,
} from "./recover"
export { recoveryVerdict, freshSessionData, type RecoveryFacts, type RecoveryVerdict } from "./rules"
