export * from "./money"
export * from "./status"
export * from "./resolution"
