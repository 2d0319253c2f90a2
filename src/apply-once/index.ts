export * from "./apply-if-newer"
export { inProcessQueue, MAX_QUEUED_PER_KEY, QueueFullError, withInvoiceLock } from "./invoice-lock"
