export * from "./open-payment-collection"
export * from "./prepare-payment-link"
export * from "./record-payment-link"
