export * from "./money"
export * from "./status"
