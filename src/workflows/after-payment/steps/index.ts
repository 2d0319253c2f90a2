export * from "./ensure-paycore-refund-reason"
export * from "./flag-order-chargeback"
export * from "./mark-refund-at-paycore"
