import { randomBytes } from "node:crypto"
import { createServer, type IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"

import type { InitiatePaymentInput, Logger, ProviderWebhookPayload } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"

import { startSandbox, type Sandbox, type SandboxConfig } from "../../../../../sandbox/src"
import { signPaycoreBody } from "../../../../lib/paycore"
import { PaycoreProviderService } from "../../services/paycore-provider"
import type { PaycoreOptionsInput } from "../../../../accounts/options"
import type { PaycoreSessionData } from "../../session-data"

/**
 * Shared helpers of the provider's per-method tests. Every test talks real HTTP to the project's PayCore
 * sandbox (sandbox/), started once per test file on a free port and ignoring the environment; PayCore's
 * misbehaviour comes from the sandbox's fault controls, never from mocks of the client.
 */

// -------------------------------------------------------------------------------------------------
// Sandbox
// -------------------------------------------------------------------------------------------------

/**
 * A sandbox with the test controls on, no background expiry sweep, and the currencies the tests rely on
 * spelled out (USD/EUR 2 decimals, JPY 0, KWD 3), each with a card service except EUR's alternatives.
 */
export async function startTestSandbox(overrides: Partial<SandboxConfig> = {}): Promise<Sandbox> {
  return startSandbox(
    {
      port: 0,
      controls: true,
      expirySweepIntervalMs: 0,
      currencies: { USD: 2, EUR: 2, UAH: 2, JPY: 0, KWD: 3 },
      // No callback retries: a test that does not listen for callbacks must not leave deliveries queued.
      callbackMaxAttempts: 1,
      callbackTimeoutMs: 2_000,
      ...overrides,
    },
    { env: {}, log: () => undefined }
  )
}

/**
 * One sandbox for a test file: started before its tests, faults cleared after each test, closed at the end.
 * The returned object forwards to the running sandbox, so tests use it like the sandbox itself.
 */
export function useTestSandbox(overrides: Partial<SandboxConfig> = {}): Sandbox {
  let current: Sandbox | undefined
  beforeAll(async () => {
    current = await startTestSandbox(overrides)
  })
  afterEach(() => {
    current?.clearFaults()
  })
  afterAll(async () => {
    await current?.close()
  })
  return new Proxy({} as Sandbox, {
    get(_target, property) {
      if (!current) throw new Error("the test sandbox starts in beforeAll")
      return (current as any)[property]
    },
  })
}

/** The invoices the sandbox holds for one reference, read through PayCore's own list endpoint. */
export async function listInvoicesByReference(sandbox: Sandbox, referenceId: string): Promise<Array<{ id: string }>> {
  const response = await fetch(
    `${sandbox.url}/api/payment-invoices?filter%5Breference_id%5D=${encodeURIComponent(referenceId)}`,
    { headers: { authorization: basicAuthorization(sandbox) } }
  )
  const body = (await response.json()) as { data: Array<{ id: string }> }
  return body.data
}

/** What the provider sends as `Authorization`; no test result may ever contain it. */
export function basicAuthorization(sandbox: Sandbox): string {
  return `Basic ${Buffer.from(`${sandbox.config.accountId}:${sandbox.config.apiKey}`, "utf8").toString("base64")}`
}

/** The attributes of an invoice as the sandbox answers them (major units, like PayCore). */
export function invoiceAttributes(sandbox: Sandbox, invoiceId: string): Record<string, unknown> {
  const document = sandbox.getPaymentInvoice(invoiceId)
  if (!document) throw new Error(`the sandbox has no invoice ${invoiceId}`)
  return document.data.attributes
}

/** Statuses `driveInvoice` can put an invoice in, with the sandbox action that gets it there. */
export type DrivableStatus =
  | "created"
  | "processing"
  | "process_pending"
  | "processed"
  | "partially_processed"
  | "process_failed"
  | "expired"
  | "terminated"
  | "charged_back"

/** Moves an invoice to `status` through the sandbox's test controls (as the buyer or PayCore would). */
export function driveInvoice(sandbox: Sandbox, invoiceId: string, status: DrivableStatus): void {
  switch (status) {
    case "created":
      return
    case "processing":
      sandbox.setInvoiceProcessing(invoiceId)
      return
    case "process_pending":
      sandbox.setInvoicePending(invoiceId, { resolution: "auth_3ds_required" })
      return
    case "processed":
      sandbox.payInvoice(invoiceId)
      return
    case "partially_processed": {
      const amount = Number(invoiceAttributes(sandbox, invoiceId).amount)
      sandbox.payInvoice(invoiceId, { processedAmount: amount / 2 })
      return
    }
    case "process_failed":
      sandbox.failInvoice(invoiceId, { resolution: "insufficient_funds" })
      return
    case "expired":
      sandbox.expireInvoice(invoiceId)
      return
    case "terminated":
      sandbox.terminateInvoice(invoiceId)
      return
    case "charged_back":
      sandbox.payInvoice(invoiceId)
      sandbox.chargeBack(invoiceId)
      return
  }
}

/**
 * A URL on which nothing listens: port 1 (tcpmux) is privileged and unused on any machine that runs tests,
 * so connecting is refused at once, unlike a just-closed ephemeral port another test could reuse.
 */
export const UNREACHABLE_URL = "http://127.0.0.1:1"

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
  const provider = new PaycoreProviderService({ logger }, providerOptions(sandbox, overrides) as Record<string, unknown>)
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
