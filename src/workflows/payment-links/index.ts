export * from "./create-paycore-payment-link"
export * from "./steps"
