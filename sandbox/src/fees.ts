import type { SandboxCore } from "./core"
import type { PaymentInvoice } from "./state"

/** The fee PayCore adds for the customer (minor units): 3 % rounded up + 10 major units, PayCore's fee sheet. */
export function customerFee(core: SandboxCore, inv: PaymentInvoice): number {
  if (core.config.feeStrategy !== "external") return 0
  return Math.ceil((inv.amount * 3) / 100) + 10 * 10 ** core.decimals(inv.currency)
}

/** What the customer is asked to pay (minor units): `payment_amount`. */
export function paymentAmount(core: SandboxCore, inv: PaymentInvoice): number {
  return inv.amount + customerFee(core, inv)
}
