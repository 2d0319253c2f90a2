import { MedusaService } from "@medusajs/framework/utils"
import { PaycoreCallback } from "./models/callback"
import { PaycorePaymentInvoice } from "./models/payment-invoice"
import { PaycorePayout } from "./models/payout"
import { PaycorePayoutSetting } from "./models/payout-setting"

/** Data access for PayCore invoice states, the callback log and payouts; the rules live in src/callbacks and src/workflows. */
export class PaycoreModuleService extends MedusaService({
  PaycorePaymentInvoice,
  PaycoreCallback,
  PaycorePayout,
  PaycorePayoutSetting,
}) {}

export default PaycoreModuleService
