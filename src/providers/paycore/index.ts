import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { PaycoreProviderService } from "./services/paycore-provider"

export default ModuleProvider(Modules.PAYMENT, {
  services: [PaycoreProviderService],
})

export { PaycoreProviderService }
export * from "../../accounts/options"
export * from "./session-data"
export * from "./money"
export * from "./status"
export * from "./resolution"
