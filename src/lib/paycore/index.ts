/**
 * PayCore.io (Corefy) Commerce API client: HTTP client, typed errors, response
 * schemas and callback signatures. Has no Medusa dependency, so it can be used by
 * the provider, the payout module, scripts and the sandbox alike.
 */
export { PaycoreClient, paycoreClientOptionsSchema } from "./client"
export type { PaycoreClientOptions, PaycoreLogger } from "./client"

export * from "./errors"

export { PAYCORE_SIGNATURE_HEADER, signPaycoreBody, verifyPaycoreSignature } from "./signature"

export { maskCardNumber, maskCardNumbersInText, redactForLog } from "./redact"

export * from "./schemas"
export * from "./balance-schemas"
export { cachedPaymentPrerequest } from "./prerequest-cache"
export { readPaymentInvoice } from "./read-invoice"
