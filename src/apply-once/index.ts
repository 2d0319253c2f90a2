export * from "./apply-if-newer"
export {
  BusyError,
  CALLBACK_WAITS,
  inProcessQueue,
  MAX_QUEUED_PER_KEY,
  PATIENT_WAITS,
  QueueFullError,
  withInvoiceLock,
  type LockWaits,
} from "./invoice-lock"
