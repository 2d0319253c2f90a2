import { setTimeout as sleep } from "node:timers/promises"
import { Pool, request, type Dispatcher } from "undici"
import { z } from "zod"

import {
  PaycoreApiError,
  PaycoreConfigError,
  PaycoreError,
  PaycoreInvalidRequestError,
  PaycoreNetworkError,
  PaycoreOutcomeUnknownError,
  PaycoreResponseError,
  PaycoreTimeoutError,
} from "./errors"
import { createTextRedactor, redactForLog } from "./redact"
import {
  paycoreCreatePaymentInvoiceAttributesSchema,
  paycoreCreatePayoutInvoiceAttributesSchema,
  paycorePaymentInvoiceDocumentSchema,
  paycorePaymentInvoiceListDocumentSchema,
  paycorePaymentPrerequestDocumentSchema,
  paycorePayoutInvoiceDocumentSchema,
  paycorePayoutInvoiceListDocumentSchema,
  paycorePayoutPrerequestDocumentSchema,
  paycorePrerequestInputSchema,
  paycoreRefundDocumentSchema,
  paycoreRefundRequestSchema,
  paycoreRefundResourceSchema,
  type CreatePaymentInvoiceAttributes,
  type CreatePayoutInvoiceAttributes,
  type PaycorePaymentInvoice,
  type PaycorePaymentInvoiceDocument,
  type PaycorePaymentPrerequest,
  type PaycorePayoutInvoice,
  type PaycorePayoutPrerequest,
  type PaycoreRefund,
  type PrerequestInput,
  type RefundPaymentInvoiceInput,
} from "./schemas"

/**
 * The one HTTP client for PayCore.io (Corefy) Commerce APIs. Independent of Medusa.
 *
 * - Private API (`{baseUrl}/api`, HTTP Basic `accountId:apiKey`): invoices, refunds, payouts.
 * - Public API (`{baseUrl}/public-api`, public key in the body): pre-requests, public invoice reads.
 *
 * Retries (the important part): exponential backoff with full jitter, only for 429,
 * 5xx, timeouts and network errors, and only where repeating cannot do harm:
 * - reads (GET, pre-requests) are simply repeated;
 * - creates are idempotent by `reference_id`: before a create whose outcome is unknown
 *   (timeout, dropped connection, 5xx, 429) is sent again, the client looks the
 *   reference up and returns what exists instead of creating a second object. If
 *   PayCore answers a repeated create with "duplicate reference", the earlier attempt
 *   did land: the client looks it up and returns it. If the outcome still cannot be
 *   settled, it throws `PaycoreOutcomeUnknownError` — calling again later with the same
 *   reference_id is safe.
 * - any other 4xx is thrown at once as `PaycoreApiError`.
 */

export interface PaycoreLogger {
  debug(message: string, meta?: Record<string, unknown>): void
  info(message: string, meta?: Record<string, unknown>): void
  warn(message: string, meta?: Record<string, unknown>): void
  error(message: string, meta?: Record<string, unknown>): void
}

const DEFAULT_RETRY = { attempts: 3, baseDelayMs: 300, maxDelayMs: 3_000 }
/** PayCore's answers are small JSON documents; refuse anything absurd rather than buffer it. */
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024

const isFunction = (value: unknown): boolean => typeof value === "function"

export const paycoreClientOptionsSchema = z.object({
  /** Installation host, e.g. `https://com.paycore.io` (white labels use their own host). */
  baseUrl: z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value)
        return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password
      } catch {
        return false
      }
    }, "expected an http(s) URL without credentials, e.g. https://com.paycore.io"),
  /** Commerce account id (`coma_…`), the Basic-auth user name. */
  accountId: z.string().trim().min(1, "accountId is required"),
  /** Private API key, the Basic-auth password. Never logged. */
  apiKey: z.string().min(1, "apiKey is required"),
  /** `pk_test_…`/`pk_live_…`, needed only for the Public API. */
  publicKey: z.string().min(1).optional(),
  /** Limit for connecting, for the response headers, and between body chunks. */
  timeoutMs: z.number().int().positive().default(15_000),
  retry: z
    .object({
      /** Total attempts per call, including the first. */
      attempts: z.number().int().min(1).max(10).default(DEFAULT_RETRY.attempts),
      baseDelayMs: z.number().min(0).default(DEFAULT_RETRY.baseDelayMs),
      maxDelayMs: z.number().min(0).default(DEFAULT_RETRY.maxDelayMs),
    })
    .prefault({}),
  /** Keep-alive pool size (ignored when a dispatcher is injected). */
  connections: z.number().int().positive().default(10),
  /** Use this undici dispatcher instead of the client's own pool; the caller closes it. */
  dispatcher: z
    .custom<Dispatcher>((value) => typeof value === "object" && value !== null && isFunction((value as Dispatcher).dispatch), {
      message: "expected an undici Dispatcher",
    })
    .optional(),
  logger: z
    .custom<PaycoreLogger>(
      (value) =>
        typeof value === "object" &&
        value !== null &&
        ["debug", "info", "warn", "error"].every((level) => isFunction((value as Record<string, unknown>)[level])),
      { message: "expected a logger with debug, info, warn and error methods" }
    )
    .optional(),
})

export type PaycoreClientOptions = z.input<typeof paycoreClientOptionsSchema>

type ApiSurface = "private" | "public"

interface HttpCall {
  operation: string
  method: "GET" | "POST"
  api: ApiSurface
  path: string
  query?: Record<string, string>
  body?: unknown
}

interface HttpAnswer {
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
const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"])
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

export class PaycoreClient {
  readonly #options: Omit<z.output<typeof paycoreClientOptionsSchema>, "apiKey" | "dispatcher" | "logger">
  readonly #authorization: string
  readonly #origin: string
  readonly #basePath: string
  readonly #dispatcher: Dispatcher
  readonly #ownsDispatcher: boolean
  readonly #logger?: PaycoreLogger
  readonly #redact: (text: string) => string
  #closed = false

  constructor(options: PaycoreClientOptions) {
    const parsed = paycoreClientOptionsSchema.safeParse(options)
    if (!parsed.success) {
      // zod issues carry paths and rules, never the values, so the key cannot leak here.
      throw new PaycoreConfigError(`invalid client options: ${formatIssues(parsed.error.issues).join("; ")}`)
    }
    const { apiKey, dispatcher, logger, ...rest } = parsed.data
    const credentials = Buffer.from(`${rest.accountId}:${apiKey}`, "utf8").toString("base64")
    this.#authorization = `Basic ${credentials}`
    this.#redact = createTextRedactor([apiKey, credentials])
    this.#options = rest
    this.#logger = logger

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

  /** Closes the client's own connection pool (an injected dispatcher is left alone). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) {
      return
    }
    this.#closed = true
    if (this.#ownsDispatcher) {
      await this.#dispatcher.close()
    }
  }

  // -------------------------------------------------------------------------
  // Payment invoices
  // -------------------------------------------------------------------------

  /**
   * `POST /api/payment-invoices`. Idempotent by `reference_id`: an invoice that an
   * earlier, unconfirmed attempt created is returned instead of a second one.
   */
  async createPaymentInvoice(attributes: CreatePaymentInvoiceAttributes): Promise<PaycorePaymentInvoice> {
    const operation = "createPaymentInvoice"
    const body = validateRequest(paycoreCreatePaymentInvoiceAttributesSchema, attributes, operation)
    this.#logger?.debug("paycore: creating payment invoice", {
      operation,
      attributes: redactForLog(body),
    })
    return this.#createIdempotently({
      operation,
      referenceId: body.reference_id,
      create: async () => {
        const answer = await this.#send({
          operation,
          method: "POST",
          api: "private",
          path: "/payment-invoices",
          body: { data: { type: "payment-invoices", attributes: body } },
        })
        return this.#parse(paycorePaymentInvoiceDocumentSchema, answer, operation, "payment invoice document").data
      },
      findExisting: () => this.#findPaymentInvoiceOnce(body.reference_id, operation),
    })
  }

  /** `GET /api/payment-invoices/{id}`. */
  async getPaymentInvoice(invoiceId: string): Promise<PaycorePaymentInvoice> {
    const operation = "getPaymentInvoice"
    requireText(invoiceId, "invoiceId", operation)
    const document = await this.#withRetries(operation, () => this.#getPaymentInvoiceDocumentOnce(invoiceId, operation))
    return document.data
  }

  /**
   * `GET /api/payment-invoices?filter[reference_id]=…` → the invoice with exactly this
   * reference, or null. The result is matched again locally, so a server that ignores
   * the filter cannot make the client return somebody else's invoice.
   */
  async findPaymentInvoiceByReference(referenceId: string): Promise<PaycorePaymentInvoice | null> {
    const operation = "findPaymentInvoiceByReference"
    requireText(referenceId, "referenceId", operation)
    return this.#withRetries(operation, () => this.#findPaymentInvoiceOnce(referenceId, operation))
  }

  /**
   * `POST /api/payment-invoices/{id}/refund` (PayCore's "new refund model"). Idempotent
   * by `reference_id` (use e.g. the Medusa refund id). PayCore has no documented way to
   * look a refund up by reference, so before re-sending an unconfirmed refund the
   * client re-reads the invoice and looks for the refund among its `included`
   * resources, and otherwise relies on PayCore rejecting the duplicate reference.
   * When PayCore reports the duplicate but the refund cannot be read back, the
   * `PaycoreApiError` with `isDuplicateReference: true` is thrown: the refund exists.
   */
  async refundPaymentInvoice(invoiceId: string, refund: RefundPaymentInvoiceInput): Promise<PaycoreRefund> {
    const operation = "refundPaymentInvoice"
    requireText(invoiceId, "invoiceId", operation)
    const attributes = validateRequest(paycoreRefundRequestSchema, refund, operation)
    this.#logger?.debug("paycore: refunding payment invoice", { operation, invoiceId, attributes })
    return this.#createIdempotently({
      operation,
      referenceId: attributes.reference_id,
      create: async () => {
        const answer = await this.#send({
          operation,
          method: "POST",
          api: "private",
          path: `/payment-invoices/${encodeURIComponent(invoiceId)}/refund`,
          body: {
            data: {
              type: "refund",
              attributes: {
                invoiceId,
                amount: attributes.amount,
                reference_id: attributes.reference_id,
                description: attributes.description,
              },
            },
          },
        })
        return this.#parse(paycoreRefundDocumentSchema, answer, operation, "refund document").data
      },
      findExisting: async () => {
        const document = await this.#getPaymentInvoiceDocumentOnce(invoiceId, operation)
        return findIncludedRefund(document, attributes.reference_id)
      },
    })
  }

  // -------------------------------------------------------------------------
  // Payout invoices
  // -------------------------------------------------------------------------

  /**
   * `POST /api/payout-invoices` (JSON:API envelope). Idempotent by `reference_id`.
   * Card numbers in `fields` are masked to first 6 + last 4 in anything logged.
   */
  async createPayoutInvoice(attributes: CreatePayoutInvoiceAttributes): Promise<PaycorePayoutInvoice> {
    const operation = "createPayoutInvoice"
    const body = validateRequest(paycoreCreatePayoutInvoiceAttributesSchema, attributes, operation)
    this.#logger?.debug("paycore: creating payout invoice", { operation, attributes: redactForLog(body) })
    return this.#createIdempotently({
      operation,
      referenceId: body.reference_id,
      create: async () => {
        const answer = await this.#send({
          operation,
          method: "POST",
          api: "private",
          path: "/payout-invoices",
          body: { data: { type: "payout-invoices", attributes: body } },
        })
        return this.#parse(paycorePayoutInvoiceDocumentSchema, answer, operation, "payout invoice document").data
      },
      findExisting: () => this.#findPayoutInvoiceOnce(body.reference_id, operation),
    })
  }

  /** `GET /api/payout-invoices/{id}`. */
  async getPayoutInvoice(invoiceId: string): Promise<PaycorePayoutInvoice> {
    const operation = "getPayoutInvoice"
    requireText(invoiceId, "invoiceId", operation)
    return this.#withRetries(operation, async () => {
      const answer = await this.#send({
        operation,
        method: "GET",
        api: "private",
        path: `/payout-invoices/${encodeURIComponent(invoiceId)}`,
      })
      return this.#parse(paycorePayoutInvoiceDocumentSchema, answer, operation, "payout invoice document").data
    })
  }

  /** `GET /api/payout-invoices?filter[reference_id]=…` → the payout invoice with exactly this reference, or null. */
  async findPayoutInvoiceByReference(referenceId: string): Promise<PaycorePayoutInvoice | null> {
    const operation = "findPayoutInvoiceByReference"
    requireText(referenceId, "referenceId", operation)
    return this.#withRetries(operation, () => this.#findPayoutInvoiceOnce(referenceId, operation))
  }

  // -------------------------------------------------------------------------
  // Public API
  // -------------------------------------------------------------------------

  /** `POST /public-api/payment-prerequest`: payment services and methods available for a currency. */
  async paymentPrerequest(input: PrerequestInput): Promise<PaycorePaymentPrerequest> {
    const operation = "paymentPrerequest"
    const answer = await this.#prerequest(operation, "/payment-prerequest", input)
    return this.#parse(paycorePaymentPrerequestDocumentSchema, answer, operation, "payment pre-request document").data
  }

  /** `POST /public-api/payout-prerequest`: payout services (with limits and rates) for a currency. */
  async payoutPrerequest(input: PrerequestInput): Promise<PaycorePayoutPrerequest> {
    const operation = "payoutPrerequest"
    const answer = await this.#prerequest(operation, "/payout-prerequest", input)
    return this.#parse(paycorePayoutPrerequestDocumentSchema, answer, operation, "payout pre-request document").data
  }

  /** `GET /public-api/payment-invoices/{id}` (no credentials are sent). */
  async getPublicPaymentInvoice(invoiceId: string): Promise<PaycorePaymentInvoice> {
    const operation = "getPublicPaymentInvoice"
    requireText(invoiceId, "invoiceId", operation)
    return this.#withRetries(operation, async () => {
      const answer = await this.#send({
        operation,
        method: "GET",
        api: "public",
        path: `/payment-invoices/${encodeURIComponent(invoiceId)}`,
      })
      return this.#parse(paycorePaymentInvoiceDocumentSchema, answer, operation, "payment invoice document").data
    })
  }

  // -------------------------------------------------------------------------
  // Single-attempt building blocks (no retries inside)
  // -------------------------------------------------------------------------

  async #getPaymentInvoiceDocumentOnce(invoiceId: string, operation: string): Promise<PaycorePaymentInvoiceDocument> {
    const answer = await this.#send({
      operation,
      method: "GET",
      api: "private",
      path: `/payment-invoices/${encodeURIComponent(invoiceId)}`,
    })
    return this.#parse(paycorePaymentInvoiceDocumentSchema, answer, operation, "payment invoice document")
  }

  async #findPaymentInvoiceOnce(referenceId: string, operation: string): Promise<PaycorePaymentInvoice | null> {
    const answer = await this.#send({
      operation,
      method: "GET",
      api: "private",
      path: "/payment-invoices",
      query: { "filter[reference_id]": referenceId },
    })
    const list = this.#parse(paycorePaymentInvoiceListDocumentSchema, answer, operation, "payment invoice list")
    return this.#pickByReference(list.data, referenceId, operation)
  }

  async #findPayoutInvoiceOnce(referenceId: string, operation: string): Promise<PaycorePayoutInvoice | null> {
    const answer = await this.#send({
      operation,
      method: "GET",
      api: "private",
      path: "/payout-invoices",
      query: { "filter[reference_id]": referenceId },
    })
    const list = this.#parse(paycorePayoutInvoiceListDocumentSchema, answer, operation, "payout invoice list")
    return this.#pickByReference(list.data, referenceId, operation)
  }

  #pickByReference<T extends { id: string; attributes: { reference_id?: string | null } }>(
    resources: T[],
    referenceId: string,
    operation: string
  ): T | null {
    const matches = resources.filter((resource) => resource.attributes.reference_id === referenceId)
    if (matches.length > 1) {
      // reference_id is unique per commerce account; more than one match means the
      // account's data is not what we assume, so say so rather than pick silently.
      this.#logger?.warn("paycore: several invoices share one reference_id; using the first", {
        operation,
        referenceId,
        ids: matches.map((resource) => resource.id),
      })
    }
    return matches[0] ?? null
  }

  async #prerequest(operation: string, path: string, input: PrerequestInput): Promise<HttpAnswer> {
    const parsed = validateRequest(paycorePrerequestInputSchema, input, operation)
    const publicKey = parsed.publicKey ?? this.#options.publicKey
    if (!publicKey) {
      throw new PaycoreConfigError("a publicKey (client option or argument) is required for the Public API", {
        operation,
      })
    }
    // A pre-request only reads the account's configuration, so repeating it is harmless.
    return this.#withRetries(operation, () =>
      this.#send({
        operation,
        method: "POST",
        api: "public",
        path,
        body: { public_key: publicKey, currency: parsed.currency, amount: parsed.amount },
      })
    )
  }

  // -------------------------------------------------------------------------
  // Retry policy
  // -------------------------------------------------------------------------

  /** Repeats an idempotent call on 429, 5xx, timeouts and network errors. */
  async #withRetries<T>(operation: string, attempt: () => Promise<T>): Promise<T> {
    const { attempts } = this.#options.retry
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
        await this.#pauseBeforeRetry(operation, number, error)
      }
    }
  }

  /**
   * Runs a create that is idempotent by `referenceId` without ever making two objects:
   * once an attempt may have reached PayCore, the reference is looked up before the
   * create is sent again, and a duplicate-reference answer to a repeated create is
   * resolved by looking the reference up.
   */
  async #createIdempotently<T>(flow: {
    operation: string
    referenceId: string
    create: () => Promise<T>
    findExisting: () => Promise<T | null>
  }): Promise<T> {
    const { operation, referenceId } = flow
    const { attempts } = this.#options.retry
    let mayAlreadyExist = false
    let lastError: PaycoreError | undefined

    for (let number = 1; number <= attempts; number++) {
      if (number > 1) {
        await this.#pauseBeforeRetry(operation, number - 1, lastError)
      }
      if (mayAlreadyExist) {
        try {
          const existing = await flow.findExisting()
          if (existing) {
            this.#logger?.info("paycore: an earlier unconfirmed attempt had succeeded; returning it", {
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
          return this.#resolveDuplicate(flow, error, number)
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

  async #resolveDuplicate<T>(
    flow: { operation: string; referenceId: string; findExisting: () => Promise<T | null> },
    duplicate: PaycoreApiError,
    attempts: number
  ): Promise<T> {
    const { operation, referenceId } = flow
    try {
      const existing = await flow.findExisting()
      if (existing) {
        this.#logger?.info("paycore: repeated create reported a duplicate reference; returning the existing object", {
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

  async #pauseBeforeRetry(operation: string, retryNumber: number, error: PaycoreError | undefined): Promise<void> {
    const { baseDelayMs, maxDelayMs } = this.#options.retry
    // Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): a random
    // delay in [0, min(max, base·2^n)) spreads retries from many processes apart.
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (retryNumber - 1))
    let delayMs = Math.random() * ceiling
    if (error instanceof PaycoreApiError && error.retryAfterMs !== undefined) {
      delayMs = Math.max(delayMs, Math.min(error.retryAfterMs, maxDelayMs))
    }
    this.#logger?.warn("paycore: retrying", {
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

  // -------------------------------------------------------------------------
  // HTTP
  // -------------------------------------------------------------------------

  /** One HTTP exchange. Non-2xx → PaycoreApiError; transport failures → network/timeout errors. */
  async #send(call: HttpCall): Promise<HttpAnswer> {
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
    const deadlineTimer = setTimeout(() => deadline.abort(), this.#options.timeoutMs)
    let status: number
    let responseHeaders: Record<string, string | string[] | undefined>
    let text: string
    try {
      const response = await request(url, {
        method: call.method,
        headers,
        body: payload,
        dispatcher: this.#dispatcher,
        headersTimeout: this.#options.timeoutMs,
        bodyTimeout: this.#options.timeoutMs,
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
    this.#logger?.debug("paycore: answer", {
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

  #deadlineError(cause: unknown, call: HttpCall): PaycoreTimeoutError {
    return new PaycoreTimeoutError(`no complete answer within ${this.#options.timeoutMs} ms`, {
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
      return new PaycoreTimeoutError(`${what} within ${this.#options.timeoutMs} ms (${code})`, {
        operation,
        cause,
        mayHaveReachedPaycore: !NOT_SENT_CODES.has(code),
      })
    }
    if (code && (NETWORK_CODES.has(code) || code.startsWith("HPE_"))) {
      const description = NETWORK_DESCRIPTIONS[code] ?? (code.startsWith("HPE_") ? "malformed HTTP answer" : "network error")
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

  #parse<S extends z.ZodType>(schema: S, answer: HttpAnswer, operation: string, expected: string): z.output<S> {
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
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function mayHaveReachedPaycore(error: PaycoreError): boolean {
  if (error instanceof PaycoreNetworkError || error instanceof PaycoreTimeoutError) {
    return error.mayHaveReachedPaycore
  }
  // A 5xx or 429 answer came from PayCore's side: the request may have been applied.
  return error instanceof PaycoreApiError
}

function validateRequest<S extends z.ZodType>(schema: S, input: unknown, operation: string): z.output<S> {
  const result = schema.safeParse(input)
  if (!result.success) {
    throw new PaycoreInvalidRequestError({ operation, issues: formatIssues(result.error.issues) })
  }
  return result.data
}

function requireText(value: unknown, name: string, operation: string): void {
  if (typeof value !== "string" || value.trim() === "") {
    throw new PaycoreInvalidRequestError({ operation, issues: [`${name}: expected a non-empty string`] })
  }
}

/** `data.attributes.amount: Invalid input…` — paths and rules only, never the values. */
function formatIssues(issues: ReadonlyArray<z.core.$ZodIssue>, limit = 10): string[] {
  const lines = issues.slice(0, limit).map((issue) => {
    const path = issue.path.map(String).join(".")
    return path ? `${path}: ${issue.message}` : issue.message
  })
  if (issues.length > limit) {
    lines.push(`…and ${issues.length - limit} more`)
  }
  return lines
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

/** A refund with this reference among the invoice's `included` resources, if PayCore lists it there. */
function findIncludedRefund(document: PaycorePaymentInvoiceDocument, referenceId: string): PaycoreRefund | null {
  for (const resource of document.included ?? []) {
    if (resource.type !== "refunds" || resource.attributes?.reference_id !== referenceId) {
      continue
    }
    const parsed = paycoreRefundResourceSchema.safeParse(resource)
    if (parsed.success) {
      return parsed.data
    }
  }
  return null
}
