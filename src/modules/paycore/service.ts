import { MedusaService } from "@medusajs/framework/utils"
import { PaycoreCallback } from "./models/callback"
import { PaycorePaymentInvoice } from "./models/payment-invoice"

/** Data access for PayCore invoice states and the callback log; the rules live in src/callbacks. */
export class PaycoreModuleService extends MedusaService({
  PaycorePaymentInvoice,
  PaycoreCallback,
}) {}

export default PaycoreModuleService
