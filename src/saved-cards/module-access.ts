import { container } from "@medusajs/framework"
import { MedusaError } from "@medusajs/framework/utils"
import { PAYCORE_MODULE, type PaycoreModuleService } from "../modules/paycore"

/**
 * The plugin's module, for code that runs inside Medusa's Payment Module (the provider), whose own container holds
 * only that module's dependencies: the app's container is where Medusa registered the plugin's module.
 */
export function paycoreModuleFromApp(): PaycoreModuleService {
  try {
    return container.resolve(PAYCORE_MODULE) as PaycoreModuleService
  } catch {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      "PayCore: saved cards need the plugin's module; register the plugin (plugins: ['medusa-payment-paycore'])"
    )
  }
}
