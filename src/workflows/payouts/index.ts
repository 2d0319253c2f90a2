export * from "./approve-paycore-payout"
export * from "./confirm-paycore-payout"
export * from "./create-paycore-payout"
export * from "./steps"
