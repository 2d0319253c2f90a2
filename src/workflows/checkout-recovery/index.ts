export * from "./recover-paycore-checkout"
export * from "./steps"
export * from "./types"
