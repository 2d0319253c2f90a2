import type { Logger } from "@medusajs/framework/types"
import { PaycoreBase } from "../core/paycore-base"

/** PayCore's hosted payment page provider, registered as `pp_paycore_<id>` (with `id: "paycore"`: `pp_paycore_paycore`). */
export class PaycoreProviderService extends PaycoreBase {
  static identifier = "paycore"

  constructor(container: { logger?: Logger }, options: Record<string, unknown>) {
    super(container, options)
  }
}

export default PaycoreProviderService
