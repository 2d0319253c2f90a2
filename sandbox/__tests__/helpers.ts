import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { request } from "undici"
import { type Sandbox, type SandboxConfig, startSandbox } from "../src"

/** A sandbox on a free port with controls on, fast retries and no background expiry sweep. */
export function start(config: Partial<SandboxConfig> = {}): Promise<Sandbox> {
  return startSandbox(
    {
      port: 0,
      controls: true,
      callbackRetryIntervalMs: 5,
      callbackTimeoutMs: 2_000,
      expirySweepIntervalMs: 0,
      ...config,
    },
    { env: {}, log: () => undefined }
  )
}

export function basicAuth(sandbox: Sandbox, user = sandbox.config.accountId, password = sandbox.config.apiKey): string {
  return "Basic " + Buffer.from(`${user}:${password}`).toString("base64")
}

export interface HttpResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any
}

export interface CallOptions {
  /** JSON body (serialised with JSON.stringify) */
  json?: unknown
  /** Form fields, sent as application/x-www-form-urlencoded */
  form?: Record<string, string> | [string, string][]
  /** Raw body */
  raw?: string
  /** true (default for /api) = valid Basic auth; false = none; string = this Authorization header */
  auth?: boolean | string
  headers?: Record<string, string>
}

/** One HTTP exchange with the sandbox (redirects are not followed). */
export async function call(
  sandbox: Sandbox,
  method: string,
  path: string,
  options: CallOptions = {}
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers }
  const auth = options.auth ?? path.startsWith("/api")
  if (auth === true) headers.authorization = basicAuth(sandbox)
  else if (typeof auth === "string") headers.authorization = auth
  let body: string | undefined
  if (options.json !== undefined) {
    body = JSON.stringify(options.json)
    headers["content-type"] = "application/json"
  } else if (options.form !== undefined) {
    body = new URLSearchParams(options.form).toString()
    headers["content-type"] = "application/x-www-form-urlencoded"
  } else if (options.raw !== undefined) {
    body = options.raw
  }
  const res = await request(sandbox.url + path, { method: method as "GET", headers, body })
  const text = await res.body.text()
  let json: unknown = undefined
  if (String(res.headers["content-type"] ?? "").includes("json") && text !== "") json = JSON.parse(text)
  return { status: res.statusCode, headers: res.headers, text, json }
}

/** The JSON:API body of a payment invoice request with sensible defaults. */
export function invoiceBody(attributes: Record<string, unknown> = {}) {
  return {
    data: {
      type: "payment-invoices",
      attributes: {
        reference_id: `order_${Math.random().toString(36).slice(2)}`,
        service: "payment_card_usd_hpp",
        currency: "USD",
        amount: 49.9,
        test_mode: true,
        description: "Order #1042",
        ...attributes,
      },
    },
  }
}

/** Creates a payment invoice through the Private API and returns its JSON:API document. */
export async function createInvoice(sandbox: Sandbox, attributes: Record<string, unknown> = {}) {
  const res = await call(sandbox, "POST", "/api/payment-invoices", { json: invoiceBody(attributes) })
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`)
  return res.json
}

/** Pays on the HPP with a card, as a browser form post; returns the answer (303 to 3DS or the return URL). */
export function submitCard(sandbox: Sandbox, invoiceId: string, cardNumber: string, expiry = "12/30") {
  return call(sandbox, "POST", "/hpp/pay", {
    form: { cpi: invoiceId, card_number: cardNumber, card_expiry: expiry, card_cvv: "123", card_holder: "JANE DOE" },
  })
}

/** Path + query of an absolute URL on the sandbox. */
export function localPath(location: string): string {
  const url = new URL(location)
  return url.pathname + url.search
}

export interface ReceivedCallback {
  headers: IncomingHttpHeaders
  body: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any
}

/**
 * A real HTTP server that records callbacks. `answer` decides the status for each request (default 200);
 * "hang" never answers (for timeouts); "destroy" closes the connection.
 */
export class CallbackReceiver {
  readonly received: ReceivedCallback[] = []
  answer: (n: number, cb: ReceivedCallback) => number | "hang" | "destroy" = () => 200
  private server: Server | null = null
  private port = 0

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/paycore`
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on("data", (c: Buffer) => chunks.push(c))
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8")
        const cb: ReceivedCallback = { headers: req.headers, body, json: JSON.parse(body) }
        this.received.push(cb)
        const answer = this.answer(this.received.length, cb)
        if (answer === "hang") return
        if (answer === "destroy") return req.socket.destroy()
        res.writeHead(answer, { "content-type": "text/plain" })
        res.end(answer === 200 ? "OK" : "nope")
      })
    })
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve))
    this.port = (this.server.address() as AddressInfo).port
    return this
  }

  statuses(): string[] {
    return this.received.map((c) => c.json.data.attributes.status)
  }

  async close(): Promise<void> {
    if (!this.server) return
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server!.close(() => resolve()))
  }
}
