import type { Logger } from "@medusajs/framework/types"
import { PaycoreClient, type PaycoreLogger } from "../lib/paycore"
import type { PaycoreOptions } from "./options"

/** The one way a PayCore client is made from a provider's options: the provider and every route use it. */
export function paycoreClientFor(options: PaycoreOptions, logger?: Logger): PaycoreClient {
  return new PaycoreClient({
    baseUrl: options.baseUrl,
    accountId: options.accountId,
    apiKey: options.apiKey,
    publicKey: options.publicKey,
    timeoutMs: options.timeoutMs,
    retry: { attempts: options.retryAttempts },
    connections: options.connections,
    payoutRequestFormat: options.payoutRequestFormat,
    logger: logger ? medusaLoggerAdapter(logger) : undefined,
  })
}

/** The client's log lines carry metadata (request id, status); Medusa's logger takes one string. */
function medusaLoggerAdapter(logger: Logger): PaycoreLogger {
  const line = (message: string, meta?: Record<string, unknown>) =>
    meta && Object.keys(meta).length ? `${message} ${JSON.stringify(meta)}` : message
  return {
    debug: (message, meta) => logger.debug(line(message, meta)),
    info: (message, meta) => logger.info(line(message, meta)),
    warn: (message, meta) => logger.warn(line(message, meta)),
    error: (message, meta) => logger.error(line(message, meta)),
  }
}
