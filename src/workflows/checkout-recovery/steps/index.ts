export * from "./record-checkout-recovery"
