export * from "./record-paycore-chargeback"
export * from "./record-refund-at-paycore"
export * from "./steps"
