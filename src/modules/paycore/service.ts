import { MedusaService } from "@medusajs/framework/utils"
import { PaycoreCallback } from "./models/callback"
import { PaycoreCheckRun } from "./models/check-run"
import { PaycoreCheckoutRecovery } from "./models/checkout-recovery"
import { PaycorePaymentInvoice } from "./models/payment-invoice"
import { PaycorePaymentLink } from "./models/payment-link"
import { PaycorePayout } from "./models/payout"
import { PaycorePayoutSetting } from "./models/payout-setting"
import { PaycoreSavedCard } from "./models/saved-card"

/**
 * Data access for PayCore invoice states, the callback log, payouts, PayCore check runs, saved cards, payment links
 * and checkout recoveries; the rules live in src/payments, src/payouts, src/saved-cards, src/payment-links,
 * src/checkout-recovery and src/workflows.
 */
export class PaycoreModuleService extends MedusaService({
  PaycorePaymentInvoice,
  PaycoreCallback,
  PaycorePayout,
  PaycorePayoutSetting,
  PaycoreCheckRun,
  PaycoreSavedCard,
  PaycorePaymentLink,
  PaycoreCheckoutRecovery,
}) {}

export default PaycoreModuleService
