import { Pool, request, type Dispatcher } from "undici"
import { z } from "zod"

import {
  PaycoreApiError,
  PaycoreConfigError,
  PaycoreError,
  PaycoreNetworkError,
  PaycoreResponseError,
  PaycoreTimeoutError,
} from "../errors"
import { createTextRedactor } from "../redact"
import type { PaycoreLogger, ResolvedPaycoreClientOptions } from "./options"
import type { RetryPolicy } from "./retry"
import { formatIssues } from "./validation"

/**
 * The HTTP side of `PaycoreClient`: the connection pool, authentication, one
 * request/answer exchange with its timeouts, and the mapping of transport failures
 * and non-2xx answers to typed errors. No retries here (see `./retry`).
 */

/** PayCore's answers are small JSON documents; refuse anything absurd rather than buffer it. */
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024

export type ApiSurface = "private" | "public"

export interface HttpCall {
  operation: string
  method: "GET" | "POST"
  api: ApiSurface
  path: string
  query?: Record<string, string>
  body?: unknown
}

export interface HttpAnswer {
  status: number
  body: unknown
}

/** undici / Node error codes meaning the request never left this machine. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "UND_ERR_CONNECT_TIMEOUT",
])
const TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
])
const NETWORK_CODES = new Set([
  ...NOT_SENT_CODES,
  "ECONNRESET",
  "EPIPE",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
  "UND_ERR_RES_EXCEEDED_MAX_SIZE",
])
const NETWORK_DESCRIPTIONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed while sending",
  UND_ERR_SOCKET: "connection closed before the answer arrived",
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "answer cut short",
  UND_ERR_RES_EXCEEDED_MAX_SIZE: "answer too large",
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === "string" ? code : undefined
}

export class PaycoreTransport implements RetryPolicy {
  readonly logger?: PaycoreLogger
  readonly retry: ResolvedPaycoreClientOptions["retry"]
  readonly publicKey?: string
  readonly #timeoutMs: number
  readonly #authorization: string
  readonly #origin: string
  readonly #basePath: string
  readonly #dispatcher: Dispatcher
  readonly #ownsDispatcher: boolean
  readonly #redact: (text: string) => string
  #closed = false

  constructor(options: ResolvedPaycoreClientOptions) {
    const { apiKey, dispatcher, logger, ...rest } = options
    const credentials = Buffer.from(`${rest.accountId}:${apiKey}`, "utf8").toString("base64")
    this.#authorization = `Basic ${credentials}`
    this.#redact = createTextRedactor([apiKey, credentials])
    this.#timeoutMs = rest.timeoutMs
    this.retry = rest.retry
    this.publicKey = rest.publicKey
    this.logger = logger

    const url = new URL(rest.baseUrl)
    this.#origin = url.origin
    this.#basePath = url.pathname.replace(/\/+$/, "")

    if (dispatcher) {
      this.#dispatcher = dispatcher
      this.#ownsDispatcher = false
    } else {
      this.#dispatcher = new Pool(this.#origin, {
        connections: rest.connections,
        connect: { timeout: rest.timeoutMs },
        headersTimeout: rest.timeoutMs,
        bodyTimeout: rest.timeoutMs,
        maxResponseSize: MAX_RESPONSE_BYTES,
      })
      this.#ownsDispatcher = true
    }
  }

  /** Closes the own connection pool (an injected dispatcher is left alone). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) {
      return
    }
    this.#closed = true
    if (this.#ownsDispatcher) {
      await this.#dispatcher.close()
    }
  }

  /** One HTTP exchange. Non-2xx → PaycoreApiError; transport failures → network/timeout errors. */
  async send(call: HttpCall): Promise<HttpAnswer> {
    if (this.#closed) {
      throw new PaycoreConfigError("the client has been closed", { operation: call.operation })
    }
    const prefix = call.api === "private" ? "/api" : "/public-api"
    const search = call.query ? `?${new URLSearchParams(call.query).toString()}` : ""
    const url = `${this.#origin}${this.#basePath}${prefix}${call.path}${search}`
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": "medusa-payment-paycore",
    }
    if (call.api === "private") {
      headers.authorization = this.#authorization
    }
    let payload: string | undefined
    if (call.body !== undefined) {
      payload = JSON.stringify(call.body)
      headers["content-type"] = "application/json"
    }

    const startedAt = Date.now()
    // undici's own headers/body timeouts run on a coarse (~1 s) clock and restart per
    // body chunk; this deadline bounds the whole exchange precisely. Both stay armed.
    const deadline = new AbortController()
    const deadlineTimer = setTimeout(() => deadline.abort(), this.#timeoutMs)
    let status: number
    let responseHeaders: Record<string, string | string[] | undefined>
    let text: string
    try {
      const response = await request(url, {
        method: call.method,
        headers,
        body: payload,
        dispatcher: this.#dispatcher,
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
        signal: deadline.signal,
      })
      status = response.statusCode
      responseHeaders = response.headers
      text = await response.body.text()
    } catch (error) {
      throw deadline.signal.aborted ? this.#deadlineError(error, call) : this.#transportError(error, call)
    } finally {
      clearTimeout(deadlineTimer)
    }
    this.logger?.debug("paycore: answer", {
      operation: call.operation,
      method: call.method,
      path: `${prefix}${call.path}`,
      status,
      durationMs: Date.now() - startedAt,
    })

    const body = parseJson(text)
    if (status < 200 || status >= 300) {
      throw new PaycoreApiError({
        status,
        body: body.ok ? body.value : undefined,
        operation: call.operation,
        retryAfterMs: parseRetryAfter(responseHeaders["retry-after"]),
        redact: this.#redact,
      })
    }
    if (!body.ok) {
      throw new PaycoreResponseError({
        operation: call.operation,
        status,
        issues: ["the body is not JSON"],
        expected: "JSON document",
      })
    }
    return { status, body: body.value }
  }

  /** The answer's body checked against `schema`; a mismatch is a `PaycoreResponseError`. */
  parse<S extends z.ZodType>(schema: S, answer: HttpAnswer, operation: string, expected: string): z.output<S> {
    const result = schema.safeParse(answer.body)
    if (!result.success) {
      throw new PaycoreResponseError({
        operation,
        status: answer.status,
        issues: formatIssues(result.error.issues).map(this.#redact),
        expected,
        cause: result.error,
      })
    }
    return result.data
  }

  #deadlineError(cause: unknown, call: HttpCall): PaycoreTimeoutError {
    return new PaycoreTimeoutError(`no complete answer within ${this.#timeoutMs} ms`, {
      operation: call.operation,
      cause,
      // Whether the request was written before the deadline is unknown: assume it was.
      mayHaveReachedPaycore: true,
    })
  }

  #transportError(error: unknown, call: HttpCall): Error {
    if (error instanceof PaycoreError) {
      return error
    }
    const code = errorCode(error)
    const cause = error
    const operation = call.operation
    if (code && TIMEOUT_CODES.has(code)) {
      const what = code === "UND_ERR_CONNECT_TIMEOUT" ? "could not connect" : "no answer"
      return new PaycoreTimeoutError(`${what} within ${this.#timeoutMs} ms (${code})`, {
        operation,
        cause,
        mayHaveReachedPaycore: !NOT_SENT_CODES.has(code),
      })
    }
    if (code && (NETWORK_CODES.has(code) || code.startsWith("HPE_"))) {
      const description =
        NETWORK_DESCRIPTIONS[code] ?? (code.startsWith("HPE_") ? "malformed HTTP answer" : "network error")
      return new PaycoreNetworkError(`${description} (${code})`, {
        operation,
        cause,
        mayHaveReachedPaycore: !NOT_SENT_CODES.has(code),
      })
    }
    // Anything else (invalid arguments, a closed dispatcher…) is a bug, not weather:
    // rethrow it untouched rather than retry it, with its message cleaned of secrets.
    if (error instanceof Error) {
      error.message = this.#redact(error.message)
      return error
    }
    return new Error(this.#redact(String(error)))
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === "") {
    return { ok: false }
  }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

/** `Retry-After` in seconds or as an HTTP date → milliseconds (undefined when absent or unreadable). */
function parseRetryAfter(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header
  if (!value) {
    return undefined
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim()) * 1000
  }
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}
