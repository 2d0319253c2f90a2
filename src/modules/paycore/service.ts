import { MedusaService } from "@medusajs/framework/utils"
import { PaycoreCallback } from "./models/callback"
import { PaycoreCheckRun } from "./models/check-run"
import { PaycorePaymentInvoice } from "./models/payment-invoice"
import { PaycorePayout } from "./models/payout"
import { PaycorePayoutSetting } from "./models/payout-setting"

/**
 * Data access for PayCore invoice states, the callback log, payouts and PayCore check runs; the rules live in
 * src/callbacks and src/workflows.
 */
export class PaycoreModuleService extends MedusaService({
  PaycorePaymentInvoice,
  PaycoreCallback,
  PaycorePayout,
  PaycorePayoutSetting,
  PaycoreCheckRun,
}) {}

export default PaycoreModuleService
