export * from "./apply-if-newer"
export { inProcessQueue, withInvoiceLock } from "./invoice-lock"
