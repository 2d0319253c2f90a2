import { randomBytes } from "node:crypto"
import { createServer, type IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"

import type { InitiatePaymentInput, Logger, ProviderWebhookPayload } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"

import type { Sandbox } from "../../../../../sandbox/src"
import { signPaycoreBody } from "../../../../lib/paycore"
import { PaycoreProviderService } from "../../services/paycore-provider"
import type { PaycoreOptionsInput } from "../../../../accounts/options"
import type { PaycoreSessionData } from "../../session-data"

export * from "./sandbox-utils"

/**
 * Shared helpers of the provider's per-method tests. Every test talks real HTTP to the project's PayCore
 * sandbox (sandbox/), started once per test file on a free port and ignoring the environment; PayCore's
 * misbehaviour comes from the sandbox's fault controls, never from mocks of the client.
 */
// -------------------------------------------------------------------------------------------------
// Provider
// -------------------------------------------------------------------------------------------------

export type LogEntry = { level: string; message: string }

export type RecordingLogger = Logger & {
  entries: LogEntry[]
  /** Messages of one level. */
  messages(level: string): string[]
  /** How many HTTP exchanges the PayCore client reported (one `paycore: answer` debug line each). */
  paycoreCalls(): number
}

/** A Medusa logger that keeps every line instead of printing it. */
export function recordingLogger(): RecordingLogger {
  const entries: LogEntry[] = []
  const record = (level: string) => (message: unknown) => {
    entries.push({ level, message: message instanceof Error ? message.message : String(message) })
  }
  const logger = {
    entries,
    messages: (level: string) => entries.filter((entry) => entry.level === level).map((entry) => entry.message),
    paycoreCalls: () => entries.filter((entry) => entry.message.startsWith("paycore: answer")).length,
    panic: record("panic"),
    shouldLog: () => true,
    setLogLevel: () => undefined,
    unsetLogLevel: () => undefined,
    activity: (message: string) => {
      record("activity")(message)
      return "activity"
    },
    progress: (_id: string, message: string) => record("progress")(message),
    error: (message: string | Error) => record("error")(message),
    failure: (_id: string, message: string) => record("failure")(message),
    success: (_id: string, message: string) => {
      record("success")(message)
      return {}
    },
    silly: record("silly"),
    debug: record("debug"),
    verbose: record("verbose"),
    http: record("http"),
    info: record("info"),
    warn: record("warn"),
    log: (...args: unknown[]) => record("log")(args.map(String).join(" ")),
  }
  return logger
}

/** Provider options pointing at the sandbox, with its keys, and a short timeout so that slow answers are quick to test. */
export function providerOptions(sandbox: Sandbox, overrides: Partial<PaycoreOptionsInput> = {}): PaycoreOptionsInput {
  return {
    baseUrl: sandbox.url,
    accountId: sandbox.config.accountId,
    apiKey: sandbox.config.apiKey,
    publicKey: sandbox.config.testPublicKey,
    testPrivateKey: sandbox.config.testPrivateKey,
    livePrivateKey: sandbox.config.livePrivateKey,
    testMode: true,
    timeoutMs: 2_000,
    ...overrides,
  }
}

export function createProvider(
  sandbox: Sandbox,
  overrides: Partial<PaycoreOptionsInput> = {},
  logger: RecordingLogger = recordingLogger()
): { provider: PaycoreProviderService; logger: RecordingLogger } {
  const provider = new PaycoreProviderService(
    { logger },
    providerOptions(sandbox, overrides) as Record<string, unknown>
  )
  return { provider, logger }
}

// -------------------------------------------------------------------------------------------------
// Medusa inputs
// -------------------------------------------------------------------------------------------------

const ALPHANUMERIC = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/** A Medusa payment session id: `payses_` and 26 upper-case letters and digits, like a ULID. */
export function newSessionId(): string {
  const bytes = randomBytes(26)
  let id = ""
  for (const byte of bytes) id += ALPHANUMERIC[byte % ALPHANUMERIC.length]
  return `payses_${id}`
}

/** A Medusa refund id, used by Medusa as the refund's idempotency key. */
export function newRefundId(): string {
  return `ref_${newSessionId().slice("payses_".length)}`
}

/**
 * What Medusa passes to `initiatePayment`: the storefront's data merged with `session_id`, and the session
 * id as the idempotency key. `currency_code` arrives lower-cased.
 */
export function sessionInput(
  options: {
    amount?: InitiatePaymentInput["amount"]
    currency_code?: string
    sessionId?: string
    data?: Record<string, unknown>
    context?: Omit<NonNullable<InitiatePaymentInput["context"]>, "idempotency_key">
  } = {}
): InitiatePaymentInput & { data: Record<string, unknown> & { session_id: string } } {
  const sessionId = options.sessionId ?? newSessionId()
  return {
    amount: options.amount ?? 10,
    currency_code: options.currency_code ?? "usd",
    data: { ...options.data, session_id: sessionId },
    context: { ...options.context, idempotency_key: sessionId },
  }
}

/** The data `initiatePayment` stored, typed. */
export function sessionData(result: { data?: Record<string, unknown> }): PaycoreSessionData {
  if (!result.data) throw new Error("the provider returned no data")
  return result.data as unknown as PaycoreSessionData
}

// -------------------------------------------------------------------------------------------------
// Callbacks
// -------------------------------------------------------------------------------------------------

/** A webhook payload as Medusa hands it over: raw bytes, parsed body, Node's lower-cased headers. */
export function webhookPayload(
  raw: string | Buffer,
  headers: Record<string, unknown> = {}
): ProviderWebhookPayload["payload"] {
  let data: Record<string, unknown> = {}
  try {
    data = JSON.parse(raw.toString()) as Record<string, unknown>
  } catch {
    // A malformed body reaches the provider all the same; only the raw bytes matter.
  }
  return { data, rawData: raw, headers: { "content-type": "application/json", ...headers } }
}

/** Signs `raw` with `secret` the way PayCore does and wraps it as a webhook payload. */
export function signedPayload(raw: string | Buffer, secret: string): ProviderWebhookPayload["payload"] {
  return webhookPayload(raw, { "x-signature": signPaycoreBody(raw, secret) })
}

export type ReceivedCallback = { headers: IncomingHttpHeaders; raw: Buffer }

/** An HTTP endpoint for the sandbox's callbacks: keeps each request's exact bytes and headers, answers 200. */
export async function startCallbackReceiver(): Promise<{
  url: string
  received: ReceivedCallback[]
  close(): Promise<void>
}> {
  const received: ReceivedCallback[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks) })
      res.writeHead(200, { "content-type": "text/plain" })
      res.end("OK")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/paycore`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

// -------------------------------------------------------------------------------------------------
// Assertions
// -------------------------------------------------------------------------------------------------

/** Awaits a rejection and checks that it is a MedusaError of `type`; returns it for further checks. */
export async function expectMedusaError(promise: Promise<unknown>, type: string): Promise<MedusaError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a MedusaError of type ${type}, but the call succeeded`)
    },
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(MedusaError)
  expect((error as MedusaError).type).toBe(type)
  return error as MedusaError
}
