export * from "./options"
export * from "./provider-id"
export { paycoreClientFor } from "./client"
export { paycoreAccount, paycoreAccounts, type PaycoreAccount } from "./registry"
