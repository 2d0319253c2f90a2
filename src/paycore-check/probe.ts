// One probe = one request to PayCore, answered as what the check's table shows: the status, PayCore's error_type,
// request_id and error codes, never the body itself (bodies of refusals can echo what was sent).
import { randomBytes } from "node:crypto"
import { PaycoreApiError, isPaycoreError } from "../lib/paycore"
import { resolveClientOptions } from "../lib/paycore/client/options"
import { PaycoreTransport, type HttpCall } from "../lib/paycore/client/transport"
import { CHECK_REFERENCE_PREFIX } from "./reference"
import type { CheckAnswer } from "./types"

export type ProbeResult = {
  ok: boolean
  /** null: no HTTP answer (network error or timeout). */
  status: number | null
  body: unknown
  errorType: string | null
  requestId: string | null
  errorCodes: string[]
  /** The shape of an error body: PayCore's own, JSON:API `errors`, or other; null for a 2xx or no answer. */
  errorFormat: "paycore" | "jsonapi" | "other" | null
  /** One line for the table: "HTTP 422 (validation_error): service" or "no answer (connection refused)". */
  text: string
}

export type ProbeConnection = {
  baseUrl: string
  accountId: string
  apiKey: string
  timeoutMs: number
}

/** The HTTP side of a check run: one transport (the plugin's own), the run's references, and answers as rows read. */
export class CheckProbe {
  readonly run = `${CHECK_REFERENCE_PREFIX}${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`
  readonly references: string[] = []
  /** References whose create got no answer: PayCore may or may not have made them. */
  readonly lost: string[] = []
  readonly #transport: PaycoreTransport

  constructor(connection: ProbeConnection) {
    this.#transport = new PaycoreTransport(
      resolveClientOptions({ ...connection, connections: 4, retry: { attempts: 1 } })
    )
  }

  /** A new reference of this run, e.g. `paycore-check-lq3k9-a1b2c3-invoice`; recorded only once sent. */
  reference(name: string): string {
    return `${this.run}-${name}`
  }

  /** Sends a request that may create `reference` at PayCore: the reference is listed in the report whatever the answer. */
  async create(reference: string, call: Omit<HttpCall, "operation" | "method">): Promise<ProbeResult> {
    this.references.push(reference)
    const result = await this.send({ ...call, method: "POST" })
    if (result.status === null) this.lost.push(reference)
    return result
  }

  async send(call: Omit<HttpCall, "operation">): Promise<ProbeResult> {
    try {
      const answer = await this.#transport.send({ ...call, operation: "paycoreCheck" })
      return {
        ok: true,
        status: answer.status,
        body: answer.body,
        errorType: null,
        requestId: null,
        errorCodes: [],
        errorFormat: null,
        text: `HTTP ${answer.status}`,
      }
    } catch (error) {
      return failedProbe(error)
    }
  }

  async close(): Promise<void> {
    await this.#transport.close()
  }
}

/** The table's "PayCore answered" cell for a probe, with a summary of what it meant. */
export function answerOf(result: ProbeResult | null, summary: string): CheckAnswer {
  return {
    http_status: result?.status ?? null,
    error_type: result?.errorType ?? null,
    request_id: result?.requestId ?? null,
    summary,
  }
}

/** PayCore's answer names this attribute (its `error_codes`, or JSON:API pointers, as the client reads them). */
export function names(result: ProbeResult, field: RegExp): boolean {
  return result.errorCodes.some((code) => field.test(code))
}

/** A JSON:API resource's attributes in a create or read answer, or undefined. */
export function resourceOf(result: ProbeResult): { id: string; attributes: Record<string, unknown> } | undefined {
  const data = (result.body as { data?: unknown } | undefined)?.data
  if (!data || typeof data !== "object" || Array.isArray(data)) return undefined
  const { id, attributes } = data as { id?: unknown; attributes?: unknown }
  if (typeof id !== "string" || !attributes || typeof attributes !== "object") return undefined
  return { id, attributes: attributes as Record<string, unknown> }
}

/** The `data` array of a list answer (empty when it is not one). */
export function listOf(result: ProbeResult): { id: string; attributes: Record<string, unknown> }[] {
  const data = (result.body as { data?: unknown } | undefined)?.data
  return Array.isArray(data) ? data.filter((item) => item && typeof item === "object") : []
}

/** A probe's failure as the table shows it: PayCore's refusal (status, error_type, codes), or no answer. */
export function failedProbe(error: unknown): ProbeResult {
  if (error instanceof PaycoreApiError) {
    const codes = error.errorCodes.length ? `: ${error.errorCodes.join(", ")}` : ""
    return {
      ok: false,
      status: error.status,
      body: undefined,
      errorType: error.errorType ?? null,
      requestId: error.requestId ?? null,
      errorCodes: error.errorCodes,
      errorFormat: error.bodyFormat,
      text: `HTTP ${error.status}${error.errorType ? ` (${error.errorType})` : ""}${codes}`,
    }
  }
  return notSent(`no answer (${isPaycoreError(error) ? error.detail : "unexpected error"})`)
}

/** A probe without an HTTP answer: not sent, or nothing came back. */
export function notSent(text: string): ProbeResult {
  return {
    ok: false,
    status: null,
    body: undefined,
    errorType: null,
    requestId: null,
    errorCodes: [],
    errorFormat: null,
    text,
  }
}
