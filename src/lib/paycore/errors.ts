import { parsePaycoreErrorBody, type ParsedPaycoreErrorBody } from "./error-body"
import { maskCardNumbersInText } from "./redact"

/**
 * Typed errors thrown by the PayCore client.
 *
 * Every error has a stable `code` (safe to switch on and to log), the client
 * `operation` that failed (e.g. "createPaymentInvoice"), and `attempts` once the
 * retry loop has given up. Messages are built only from values that are safe to
 * show: the client passes everything through a redactor that strips the API key,
 * the Authorization header and full card numbers before an error is constructed,
 * and the base class masks card numbers again as a last line of defence.
 */

export const PaycoreErrorCode = {
  /** PayCore answered with a non-2xx HTTP status. */
  API: "PAYCORE_API_ERROR",
  /** The connection was refused, reset or dropped. */
  NETWORK: "PAYCORE_NETWORK_ERROR",
  /** Connecting, or waiting for the answer, took longer than `timeoutMs`. */
  TIMEOUT: "PAYCORE_TIMEOUT",
  /** PayCore answered 2xx but the body is not what the API documents. */
  INVALID_RESPONSE: "PAYCORE_INVALID_RESPONSE",
  /** A create could not be confirmed either way; retrying with the same reference_id is safe. */
  OUTCOME_UNKNOWN: "PAYCORE_OUTCOME_UNKNOWN",
  /** PayCore refused or ignored `filter[reference_id]`: whether an object has the reference is unknown. */
  REFERENCE_LOOKUP_UNAVAILABLE: "PAYCORE_REFERENCE_LOOKUP_UNAVAILABLE",
  /** The client options are invalid. */
  INVALID_CONFIG: "PAYCORE_INVALID_CONFIG",
  /** The caller's request attributes are invalid; nothing was sent. */
  INVALID_REQUEST: "PAYCORE_INVALID_REQUEST",
} as const

export type PaycoreErrorCode = (typeof PaycoreErrorCode)[keyof typeof PaycoreErrorCode]

export interface PaycoreErrorContext {
  /** Client method that failed, e.g. "getPaymentInvoice". */
  operation?: string
  /** The underlying error (an undici error, a zod error, the last attempt's error…). */
  cause?: unknown
}

export abstract class PaycoreError extends Error {
  abstract readonly code: PaycoreErrorCode
  /** Client method that failed, e.g. "createPaymentInvoice". */
  readonly operation?: string
  /** How many HTTP attempts were made before giving up (set once retries are exhausted). */
  attempts?: number
  readonly cause?: unknown
  /** The message without the operation prefix and attempt count. */
  readonly detail: string
  /** Appended to the message (e.g. why a reference could not be checked). */
  #note = ""

  protected constructor(detail: string, context: PaycoreErrorContext = {}) {
    const safeDetail = maskCardNumbersInText(detail)
    super(composeMessage(safeDetail, context.operation, undefined))
    this.name = new.target.name
    this.detail = safeDetail
    this.operation = context.operation
    if (context.cause !== undefined) {
      this.cause = context.cause
    }
  }

  /** Whether the same call may succeed if repeated later. */
  abstract get retryable(): boolean

  /**
   * Records that the client gave up after `attempts` attempts and says so in the
   * message, so logs show the operation and how hard the client tried.
   * @internal used by the client's retry loop
   */
  markAttempts(attempts: number): this {
    this.attempts = attempts
    this.message = composeMessage(this.detail + this.#note, this.operation, attempts)
    return this
  }

  /** Adds a sentence to the message, kept by `markAttempts`. */
  protected addNote(note: string): void {
    this.#note += ` ${note}`
    this.message = composeMessage(this.detail + this.#note, this.operation, this.attempts)
  }
}

function composeMessage(detail: string, operation: string | undefined, attempts: number | undefined): string {
  const prefix = operation ? `PayCore ${operation}: ` : "PayCore: "
  const suffix = attempts && attempts > 1 ? ` (gave up after ${attempts} attempts)` : ""
  return `${prefix}${detail}${suffix}`
}

// ---------------------------------------------------------------------------
// API errors (non-2xx answers)
// ---------------------------------------------------------------------------

export { parsePaycoreErrorBody, type ParsedPaycoreErrorBody } from "./error-body"

export interface PaycoreApiErrorInit extends PaycoreErrorContext {
  status: number
  /** The parsed JSON body, or undefined when the body was not JSON. */
  body?: unknown
  /** Parsed `Retry-After` header, in milliseconds. */
  retryAfterMs?: number
  /** Applied to every piece of text taken from the body (removes secrets). */
  redact?: (text: string) => string
}

/** PayCore answered with a non-2xx status. */
export class PaycoreApiError extends PaycoreError {
  readonly code = PaycoreErrorCode.API
  readonly status: number
  readonly requestId?: string
  readonly errorType?: string
  readonly errorCodes: string[]
  readonly messages: string[]
  /** The shape of PayCore's error body (`paycore`, `jsonapi` or `other`), for the PayCore check. */
  readonly bodyFormat: ParsedPaycoreErrorBody["format"]
  readonly retryAfterMs?: number
  #duplicateReference = false
  #referenceLookup?: PaycoreReferenceLookupError

  constructor(init: PaycoreApiErrorInit) {
    const redact = init.redact ?? ((text: string) => text)
    const parsed = parsePaycoreErrorBody(init.body)
    const errorType = parsed.errorType === undefined ? undefined : redact(parsed.errorType)
    const errorCodes = parsed.errorCodes.map(redact)
    const messages = parsed.messages.map(redact)
    const requestId = parsed.requestId === undefined ? undefined : redact(parsed.requestId)

    const explanation = [...errorCodes, ...messages.filter((message) => !errorCodes.includes(message))]
    let detail = `PayCore answered HTTP ${init.status}`
    if (errorType) {
      detail += ` (${errorType})`
    }
    if (explanation.length > 0) {
      detail += `: ${explanation.join("; ")}`
    }
    if (requestId) {
      detail += ` [request_id ${requestId}]`
    }
    super(detail, init)
    this.status = init.status
    this.requestId = requestId
    this.errorType = errorType
    this.errorCodes = errorCodes
    this.messages = messages
    this.bodyFormat = parsed.format
    this.retryAfterMs = init.retryAfterMs
  }

  /**
   * The create was refused because an object with its reference_id already existed before the call began. Set only by
   * the client after looking the reference up: PayCore's duplicate answer (409/422/429) has no reliable wording
   * (docs/paycore-notes.md, "Errors and duplicate references").
   */
  get isDuplicateReference(): boolean {
    return this.#duplicateReference
  }

  /**
   * Records that a lookup found an object with the create's reference_id.
   * @internal used by the client's retry loop
   */
  markDuplicateReference(): this {
    this.#duplicateReference = true
    return this
  }

  /**
   * This answer to a create (409/422/429) could not be settled because PayCore refuses or ignores lookups by
   * reference: whether the reference was already used is unknown. The message says so and names the reference.
   */
  get referenceLookup(): PaycoreReferenceLookupError | undefined {
    return this.#referenceLookup
  }

  /**
   * Records that the lookup which would have settled this answer was unavailable.
   * @internal used by the client's retry loop
   */
  markReferenceUnverified(lookup: PaycoreReferenceLookupError): this {
    this.#referenceLookup = lookup
    this.addNote(
      `Whether reference_id "${lookup.referenceId}" was already used could not be checked: ${lookup.reason}; ` +
        `check PayCore's dashboard for this reference.`
    )
    return this
  }

  /** 429 (rate limit) and 5xx may succeed later; other 4xx will not. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500
  }
}

/**
 * A lookup by reference (`GET …?filter[reference_id]=…`, a filter known only from third-party code,
 * docs/paycore-notes.md "Payment invoices") that cannot answer: PayCore refused the filter (a 4xx other than
 * 401/403/429) or ignored it (its answer lists objects with other references and none with this one). Whether an
 * object with the reference exists is unknown, which is not the same as "none": callers fall back to what they
 * know by id, or ask for a check in PayCore's dashboard. Repeating the lookup cannot help.
 */
export class PaycoreReferenceLookupError extends PaycoreError {
  readonly code = PaycoreErrorCode.REFERENCE_LOOKUP_UNAVAILABLE
  readonly referenceId: string
  /** `refused`: PayCore answered the lookup with a 4xx (`status`); `ignored`: it listed other references only. */
  readonly kind: "refused" | "ignored"
  readonly status?: number
  /** Why, in words: "PayCore refused a lookup by reference (HTTP 400)". */
  readonly reason: string

  constructor(
    init: PaycoreErrorContext & { referenceId: string; noun: string } & (
        { kind: "refused"; answer: PaycoreApiError } | { kind: "ignored"; listed: number }
      )
  ) {
    const reason =
      init.kind === "refused"
        ? `PayCore refused a lookup by reference (filter[reference_id], HTTP ${init.answer.status})`
        : `PayCore ignored the lookup by reference (filter[reference_id]): its answer listed ${init.listed} ` +
          `${init.noun}s, none with this reference`
    super(
      `${reason}, so whether a ${init.noun} with reference_id "${init.referenceId}" exists is unknown; ` +
        `check PayCore's dashboard for this reference.` +
        (init.kind === "refused" ? ` PayCore said: ${init.answer.detail}` : ""),
      { operation: init.operation, cause: init.kind === "refused" ? init.answer : init.cause }
    )
    this.referenceId = init.referenceId
    this.kind = init.kind
    this.status = init.kind === "refused" ? init.answer.status : undefined
    this.reason = reason
  }

  get retryable(): boolean {
    return false
  }
}

// ---------------------------------------------------------------------------
// Transport errors
// ---------------------------------------------------------------------------

export interface PaycoreTransportErrorInit extends PaycoreErrorContext {
  /**
   * False only when the request certainly never reached PayCore (e.g. the
   * connection was refused). A create that may have reached PayCore must be looked
   * up by reference before it is sent again.
   */
  mayHaveReachedPaycore: boolean
}

/** The request may or may not have reached PayCore: the connection failed, or the answer did not come in time. */
export abstract class PaycoreTransportError extends PaycoreError {
  readonly mayHaveReachedPaycore: boolean

  constructor(detail: string, init: PaycoreTransportErrorInit) {
    super(detail, init)
    this.mayHaveReachedPaycore = init.mayHaveReachedPaycore
  }

  get retryable(): boolean {
    return true
  }
}

/** The connection to PayCore was refused, reset or dropped. */
export class PaycoreNetworkError extends PaycoreTransportError {
  readonly code = PaycoreErrorCode.NETWORK
}

/** Connecting to PayCore, or waiting for its answer, took longer than `timeoutMs`. */
export class PaycoreTimeoutError extends PaycoreTransportError {
  readonly code = PaycoreErrorCode.TIMEOUT
}

// ---------------------------------------------------------------------------
// Other errors
// ---------------------------------------------------------------------------

/** PayCore answered 2xx, but the body is not JSON or does not match the documented shape. */
export class PaycoreResponseError extends PaycoreError {
  readonly code = PaycoreErrorCode.INVALID_RESPONSE
  readonly status: number
  /** Where the body differs from the schema, e.g. `data.id: Invalid input`; never contains values. */
  readonly issues: string[]

  constructor(init: PaycoreErrorContext & { status: number; issues: string[]; expected: string }) {
    super(
      `PayCore answered HTTP ${init.status} but the body is not a valid ${init.expected}: ${init.issues.join("; ")}`,
      init
    )
    this.status = init.status
    this.issues = init.issues
  }

  get retryable(): boolean {
    return false
  }
}

/**
 * A create (payment invoice, payout invoice or refund) may or may not have been
 * applied by PayCore, and the client could not find out before giving up. The
 * object is keyed by `referenceId`: calling the same create again later with the
 * same reference_id is safe, because the client (and PayCore) will not make a
 * second one.
 */
export class PaycoreOutcomeUnknownError extends PaycoreError {
  readonly code = PaycoreErrorCode.OUTCOME_UNKNOWN
  readonly referenceId: string
  /** Set when the lookup that would settle the outcome is unavailable: only PayCore's dashboard can tell. */
  readonly referenceLookup?: PaycoreReferenceLookupError

  constructor(
    init: PaycoreErrorContext & {
      referenceId: string
      lastError?: PaycoreError
      attempts: number
      referenceLookup?: PaycoreReferenceLookupError
    }
  ) {
    const last = init.lastError ? ` Last error: ${init.lastError.detail}.` : ""
    const settle = init.referenceLookup
      ? `${init.referenceLookup.reason}, so only PayCore's dashboard can tell: check it for this reference. ` +
        `Sending the same reference_id again cannot create a second one.`
      : `Retrying later with the same reference_id is safe.`
    super(`could not confirm whether reference_id "${init.referenceId}" was created.${last} ${settle}`, {
      operation: init.operation,
      cause: init.cause ?? init.lastError,
    })
    this.referenceId = init.referenceId
    this.referenceLookup = init.referenceLookup
    this.markAttempts(init.attempts)
  }

  get retryable(): boolean {
    return true
  }
}

/** The client options are invalid (missing credentials, malformed baseUrl…). */
export class PaycoreConfigError extends PaycoreError {
  readonly code = PaycoreErrorCode.INVALID_CONFIG

  constructor(detail: string, context?: PaycoreErrorContext) {
    super(detail, context)
  }

  get retryable(): boolean {
    return false
  }
}

/** The attributes given to a client method are invalid; nothing was sent to PayCore. */
export class PaycoreInvalidRequestError extends PaycoreError {
  readonly code = PaycoreErrorCode.INVALID_REQUEST
  readonly issues: string[]

  constructor(init: PaycoreErrorContext & { issues: string[] }) {
    super(`invalid request: ${init.issues.join("; ")}`, init)
    this.issues = init.issues
  }

  get retryable(): boolean {
    return false
  }
}

export function isPaycoreError(error: unknown): error is PaycoreError {
  return error instanceof PaycoreError
}
