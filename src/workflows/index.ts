// Workflows the plugin exports (`medusa-payment-paycore/workflows`). Refunds, reconciliation and payouts add
// theirs here as they land; callback processing runs Medusa's own processPaymentWorkflow.
export {}
