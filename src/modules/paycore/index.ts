import { Module } from "@medusajs/framework/utils"
import refuseApprovalsWithoutSecret from "./loaders/approval-secret"
import { PaycoreModuleService } from "./service"

export const PAYCORE_MODULE = "paycore"

export default Module(PAYCORE_MODULE, {
  service: PaycoreModuleService,
  loaders: [refuseApprovalsWithoutSecret],
})

export { PaycoreModuleService }
