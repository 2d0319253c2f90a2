// Workflows the plugin exports (`medusa-payment-paycore/workflows`). Callback processing runs Medusa's own
// processPaymentWorkflow; payouts have their own.
export * from "./paycore-payouts"
