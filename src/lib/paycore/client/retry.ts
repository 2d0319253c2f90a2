import { setTimeout as sleep } from "node:timers/promises"

import {
  PaycoreApiError,
  PaycoreError,
  PaycoreNetworkError,
  PaycoreOutcomeUnknownError,
  PaycoreTimeoutError,
} from "../errors"
import type { PaycoreLogger } from "./options"

/**
 * Retry policy of `PaycoreClient`: exponential backoff with full jitter, only for 429,
 * 5xx, timeouts and network errors, and only where repeating cannot do harm (reads are
 * repeated; creates go through `createIdempotently`).
 */

export interface RetryPolicy {
  readonly retry: { attempts: number; baseDelayMs: number; maxDelayMs: number }
  readonly logger?: PaycoreLogger
}

/** One create that is idempotent by `referenceId`, and how to look its result up. */
export interface IdempotentCreate<T> {
  operation: string
  referenceId: string
  create: () => Promise<T>
  findExisting: () => Promise<T | null>
}

/** Repeats an idempotent call on 429, 5xx, timeouts and network errors. */
export async function withRetries<T>(policy: RetryPolicy, operation: string, attempt: () => Promise<T>): Promise<T> {
  const { attempts } = policy.retry
  for (let number = 1; ; number++) {
    try {
      return await attempt()
    } catch (error) {
      if (!(error instanceof PaycoreError)) {
        throw error
      }
      if (!error.retryable || number >= attempts) {
        throw error.markAttempts(number)
      }
      await pauseBeforeRetry(policy, operation, number, error)
    }
  }
}

/**
 * Runs a create that is idempotent by `referenceId` without ever making two objects:
 * once an attempt may have reached PayCore, the reference is looked up before the
 * create is sent again, and a duplicate-reference answer to a repeated create is
 * resolved by looking the reference up.
 */
export async function createIdempotently<T>(policy: RetryPolicy, flow: IdempotentCreate<T>): Promise<T> {
  const { operation, referenceId } = flow
  const { attempts } = policy.retry
  let mayAlreadyExist = false
  let lastError: PaycoreError | undefined

  for (let number = 1; number <= attempts; number++) {
    if (number > 1) {
      await pauseBeforeRetry(policy, operation, number - 1, lastError)
    }
    if (mayAlreadyExist) {
      try {
        const existing = await flow.findExisting()
        if (existing) {
          policy.logger?.info("paycore: an earlier unconfirmed attempt had succeeded; returning it", {
            operation,
            referenceId,
            attempt: number,
          })
          return existing
        }
      } catch (error) {
        if (!(error instanceof PaycoreError)) {
          throw error
        }
        if (error.retryable) {
          // Could not check: do not send blind, try again after the next pause.
          lastError = error
          continue
        }
        // The lookup itself is refused: whether the create landed stays unknown.
        throw new PaycoreOutcomeUnknownError({ operation, referenceId, lastError: error, attempts: number })
      }
    }

    try {
      return await flow.create()
    } catch (error) {
      if (!(error instanceof PaycoreError)) {
        throw error
      }
      if (error instanceof PaycoreApiError && error.isDuplicateReference) {
        if (number === 1) {
          // The reference was used before this call began: not ours to resolve.
          throw error.markAttempts(number)
        }
        return resolveDuplicate(policy, flow, error, number)
      }
      if (!error.retryable) {
        throw error.markAttempts(number)
      }
      lastError = error
      mayAlreadyExist ||= mayHaveReachedPaycore(error)
    }
  }

  if (!mayAlreadyExist) {
    // Every attempt failed before reaching PayCore: nothing was created.
    throw (lastError ?? new PaycoreOutcomeUnknownError({ operation, referenceId, attempts })).markAttempts(attempts)
  }
  // One last look before giving up: the last attempt may have landed.
  try {
    const existing = await flow.findExisting()
    if (existing) {
      return existing
    }
  } catch (error) {
    if (!(error instanceof PaycoreError)) {
      throw error
    }
    lastError = error
  }
  throw new PaycoreOutcomeUnknownError({ operation, referenceId, lastError, attempts })
}

async function resolveDuplicate<T>(
  policy: RetryPolicy,
  flow: IdempotentCreate<T>,
  duplicate: PaycoreApiError,
  attempts: number
): Promise<T> {
  const { operation, referenceId } = flow
  try {
    const existing = await flow.findExisting()
    if (existing) {
      policy.logger?.info("paycore: repeated create reported a duplicate reference; returning the existing object", {
        operation,
        referenceId,
      })
      return existing
    }
  } catch (error) {
    if (!(error instanceof PaycoreError)) {
      throw error
    }
    throw new PaycoreOutcomeUnknownError({ operation, referenceId, lastError: error, attempts })
  }
  // PayCore says the object exists but it cannot be read back (e.g. refunds have no
  // lookup): surface the precise fact instead of guessing.
  throw duplicate.markAttempts(attempts)
}

async function pauseBeforeRetry(
  policy: RetryPolicy,
  operation: string,
  retryNumber: number,
  error: PaycoreError | undefined
): Promise<void> {
  const { baseDelayMs, maxDelayMs } = policy.retry
  // Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): a random
  // delay in [0, min(max, base·2^n)) spreads retries from many processes apart.
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (retryNumber - 1))
  let delayMs = Math.random() * ceiling
  if (error instanceof PaycoreApiError && error.retryAfterMs !== undefined) {
    delayMs = Math.max(delayMs, Math.min(error.retryAfterMs, maxDelayMs))
  }
  policy.logger?.warn("paycore: retrying", {
    operation,
    retry: retryNumber,
    delayMs: Math.round(delayMs),
    reason: error?.code,
    status: error instanceof PaycoreApiError ? error.status : undefined,
  })
  if (delayMs > 0) {
    await sleep(delayMs)
  }
}

function mayHaveReachedPaycore(error: PaycoreError): boolean {
  if (error instanceof PaycoreNetworkError || error instanceof PaycoreTimeoutError) {
    return error.mayHaveReachedPaycore
  }
  // A 5xx or 429 answer came from PayCore's side: the request may have been applied.
  return error instanceof PaycoreApiError
}
