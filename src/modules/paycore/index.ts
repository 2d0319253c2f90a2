import { Module } from "@medusajs/framework/utils"
import { PaycoreModuleService } from "./service"

export const PAYCORE_MODULE = "paycore"

export default Module(PAYCORE_MODULE, {
  service: PaycoreModuleService,
})

export { PaycoreModuleService }
