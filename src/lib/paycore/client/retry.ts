import { setTimeout as sleep } from "node:timers/promises"

import {
  PaycoreApiError,
  PaycoreError,
  PaycoreNetworkError,
  PaycoreOutcomeUnknownError,
  PaycoreReferenceLookupError,
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
 * PayCore may answer a reused reference_id with 409, 422 or 429, in undocumented words (docs/paycore-notes.md,
 * "Errors and duplicate references"), so such an answer to a create is settled by looking the reference up.
 */
const CONFLICT_STATUSES = new Set([409, 422, 429])

/**
 * Runs a create that is idempotent by `referenceId` without ever making two objects:
 * once an attempt may have reached PayCore, the reference is looked up before the
 * create is sent again, and a 409/422/429 answer is settled by looking it up too.
 */
export async function createIdempotently<T>(policy: RetryPolicy, flow: IdempotentCreate<T>): Promise<T> {
  const { operation, referenceId } = flow
  const { attempts } = policy.retry
  /** An attempt of this call may have been applied by PayCore. */
  let mayAlreadyExist = false
  /** A 409/422/429 answer whose lookup failed, still to be settled. */
  let conflict: PaycoreApiError | undefined
  let lastError: PaycoreError | undefined
  /**
   * PayCore refuses or ignores lookups by reference: such a lookup counts as "nothing found" for deciding whether to
   * send the create again (PayCore keeps one object per reference), but never settles a 409/422/429 as "not a
   * duplicate". A refusal is not asked again.
   */
  let lookupUnavailable: PaycoreReferenceLookupError | undefined

  /** Looks the reference up; returns the object, null (nothing there) or undefined (the lookup failed, retry). */
  const lookUp = async (number: number): Promise<T | null | undefined> => {
    if (lookupUnavailable?.kind === "refused") {
      return null
    }
    try {
      return await flow.findExisting()
    } catch (error) {
      if (!(error instanceof PaycoreError)) {
        throw error
      }
      if (error instanceof PaycoreReferenceLookupError) {
        lookupUnavailable = error
        return null
      }
      if (!error.retryable) {
        // The lookup itself is refused: whether the create landed stays unknown.
        throw new PaycoreOutcomeUnknownError({ operation, referenceId, lastError: error, attempts: number })
      }
      lastError = error
      return undefined
    }
  }

  /** What a lookup found means: an object of this call (returned), somebody else's (thrown), or nothing (null). */
  const settle = (existing: T | null, number: number): T | null => {
    const answer = conflict
    conflict = undefined
    if (existing) {
      if (answer && !mayAlreadyExist) {
        // Nothing of this call can have landed: the reference was used before it began. Callers decide.
        throw answer.markDuplicateReference().markAttempts(number)
      }
      policy.logger?.info("paycore: an earlier unconfirmed attempt had succeeded; returning it", {
        operation,
        referenceId,
        attempt: number,
      })
      return existing
    }
    if (answer && answer.status !== 429) {
      // A refusal, not a duplicate; unless an earlier attempt may have landed and the lookup lags behind. Without a
      // working lookup, which of the two it is stays open: the error says so and names the reference.
      if (mayAlreadyExist) {
        throw new PaycoreOutcomeUnknownError({
          operation,
          referenceId,
          lastError: answer,
          attempts: number,
          referenceLookup: lookupUnavailable,
        })
      }
      answer.markAttempts(number)
      throw lookupUnavailable ? answer.markReferenceUnverified(lookupUnavailable) : answer
    }
    return null
  }

  for (let number = 1; number <= attempts; number++) {
    if (number > 1) {
      await pauseBeforeRetry(policy, operation, number - 1, lastError)
    }
    if (mayAlreadyExist || conflict) {
      const existing = await lookUp(number)
      if (existing === undefined) {
        continue
      }
      const adopted = settle(existing, number)
      if (adopted) {
        return adopted
      }
    }

    try {
      return await flow.create()
    } catch (error) {
      if (!(error instanceof PaycoreError)) {
        throw error
      }
      if (error instanceof PaycoreApiError && CONFLICT_STATUSES.has(error.status)) {
        conflict = error
        const existing = await lookUp(number)
        if (existing === undefined) {
          continue
        }
        const adopted = settle(existing, number)
        if (adopted) {
          return adopted
        }
        // Nothing under the reference: the 429 is a rate limit.
      }
      if (!error.retryable) {
        throw error.markAttempts(number)
      }
      lastError = error
      mayAlreadyExist ||= mayHaveReachedPaycore(error)
    }
  }

  if (!mayAlreadyExist && !conflict) {
    // Every attempt failed before reaching PayCore: nothing was created.
    throw (lastError ?? new PaycoreOutcomeUnknownError({ operation, referenceId, attempts })).markAttempts(attempts)
  }
  // One last look before giving up: the last attempt may have landed.
  const existing = await lookUp(attempts)
  const adopted = existing === undefined ? null : settle(existing, attempts)
  if (adopted) {
    return adopted
  }
  throw new PaycoreOutcomeUnknownError({
    operation,
    referenceId,
    lastError,
    attempts,
    referenceLookup: lookupUnavailable,
  })
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
