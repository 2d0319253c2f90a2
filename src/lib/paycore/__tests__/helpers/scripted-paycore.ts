import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

/**
 * A tiny stand-in for PayCore over real HTTP, for client tests.
 *
 * Each route ("METHOD /path") answers with a scripted sequence of steps; the last
 * step repeats once the script runs out. Steps can answer, fail, drop the socket or
 * never answer, and can first "apply" a create to an in-memory store, which the
 * list/get steps read — enough to reproduce "PayCore applied it but the answer was
 * lost". Every request and every TCP connection is counted.
 */

export interface RecordedRequest {
  method: string
  /** Path without the query string. */
  path: string
  query: URLSearchParams
  headers: IncomingMessage["headers"]
  raw: string
  body: any
}

export interface StepContext {
  request: RecordedRequest
  response: ServerResponse
  store: PaycoreStore
}

export type Step = (context: StepContext) => void

export interface PaycoreStore {
  invoices: any[]
  payouts: any[]
  refunds: any[]
}

let sequence = 0
const nextId = (prefix: string) => `${prefix}_${(++sequence).toString(36).padStart(8, "0")}`

export function paymentInvoiceResource(attributes: Record<string, unknown>, id = nextId("cpi")) {
  return {
    type: "payment-invoices",
    id,
    attributes: {
      status: "created",
      resolution: "ok",
      processed_amount: null,
      refunded_amount: null,
      metadata: [],
      flow_data: [],
      created: 1_700_000_000,
      updated: 1_700_000_000,
      ...attributes,
    },
    links: { self: `/api/payment-invoices/${id}` },
  }
}

export function payoutInvoiceResource(attributes: Record<string, unknown>, id = nextId("cpoi")) {
  const { fields: _fields, ...rest } = attributes
  return { type: "payout-invoices", id, attributes: { status: "created", fee: 0, fields: [], payouts: [], ...rest } }
}

export function refundResource(attributes: Record<string, unknown>, id = nextId("ref")) {
  return {
    type: "refunds",
    id,
    attributes: {
      status: "processed",
      original_id: null,
      fee: 0,
      currency: "USD",
      created: 1_700_000_100,
      ...attributes,
    },
    links: { self: `/refunds/${id}` },
  }
}

// ---------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
) {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  })
  response.end(text)
}

export const answer =
  (status: number, body: unknown, headers?: Record<string, string>): Step =>
  ({ response }) =>
    sendJson(response, status, body, headers)

export const answerText =
  (status: number, text: string): Step =>
  ({ response }) => {
    response.writeHead(status, { "content-type": "text/html" })
    response.end(text)
  }

/** Closes the TCP connection without answering. */
export const drop =
  (): Step =>
  ({ response }) => {
    response.socket?.destroy()
  }

/** Never answers (the client's timeout must fire). */
export const hang = (): Step => () => undefined

/** Applies a payment invoice create to the store and returns the stored resource. */
function applyPaymentInvoice({ request, store }: StepContext) {
  const resource = paymentInvoiceResource(request.body.data.attributes)
  store.invoices.push(resource)
  return resource
}

function applyPayoutInvoice({ request, store }: StepContext) {
  const resource = payoutInvoiceResource(request.body.data.attributes)
  store.payouts.push(resource)
  return resource
}

function applyRefund({ request, store }: StepContext) {
  const { invoiceId, amount, reference_id, description } = request.body.data.attributes
  const resource = refundResource({ invoice_id: invoiceId, amount, reference_id, description })
  store.refunds.push(resource)
  return resource
}

const appliers = { invoice: applyPaymentInvoice, payout: applyPayoutInvoice, refund: applyRefund }
type Applied = keyof typeof appliers

/** Applies the create, then answers 201 with it. */
export const create =
  (kind: Applied): Step =>
  (context) =>
    sendJson(context.response, 201, { data: appliers[kind](context) })

/** Applies the create, then drops the connection: "applied but the answer was lost". */
export const createThenDrop =
  (kind: Applied): Step =>
  (context) => {
    appliers[kind](context)
    context.response.socket?.destroy()
  }

/** Applies the create, then never answers. */
export const createThenHang =
  (kind: Applied): Step =>
  (context) => {
    appliers[kind](context)
  }

/** Applies the create, then answers with an error status anyway. */
export const createThenFail =
  (kind: Applied, status: number, body: unknown = { message: "Bad gateway" }): Step =>
  (context) => {
    appliers[kind](context)
    sendJson(context.response, status, body)
  }

/** Answers a `filter[reference_id]` list from the store. */
export const listByReference =
  (kind: "invoice" | "payout"): Step =>
  ({ request, response, store }) => {
    const reference = request.query.get("filter[reference_id]")
    const source = kind === "invoice" ? store.invoices : store.payouts
    sendJson(response, 200, { data: source.filter((resource) => resource.attributes.reference_id === reference) })
  }

/** Answers a GET of one payment invoice from the store, optionally listing its refunds in `included`. */
export const getInvoice =
  (options: { includeRefunds: boolean }): Step =>
  ({ request, response, store }) => {
    const id = request.path.split("/").pop()
    const invoice =
      store.invoices.find((resource) => resource.id === id) ??
      paymentInvoiceResource({ currency: "USD", amount: 10, status: "processed" }, id)
    const included = options.includeRefunds ? store.refunds.filter((refund) => refund.attributes.invoice_id === id) : []
    sendJson(response, 200, { data: invoice, included })
  }

// ---------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------

export class ScriptedPaycore {
  readonly requests: RecordedRequest[] = []
  readonly store: PaycoreStore = { invoices: [], payouts: [], refunds: [] }
  connections = 0
  #routes = new Map<string, Step[]>()
  #server: Server
  #url = ""

  constructor() {
    this.#server = createServer((request, response) => this.#handle(request, response))
    this.#server.on("connection", () => {
      this.connections++
    })
  }

  get url(): string {
    return this.#url
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve))
    const { port } = this.#server.address() as AddressInfo
    this.#url = `http://127.0.0.1:${port}`
    return this
  }

  /** Scripts a route, e.g. `script("POST /api/payment-invoices", answer(502, {}), create("invoice"))`. */
  script(route: string, ...steps: Step[]): this {
    this.#routes.set(route, steps)
    return this
  }

  /** Requests received for a route ("METHOD /path"). */
  count(route: string): number {
    return this.requests.filter((request) => `${request.method} ${request.path}` === route).length
  }

  reset(): void {
    this.requests.length = 0
    this.store.invoices.length = 0
    this.store.payouts.length = 0
    this.store.refunds.length = 0
    this.#routes.clear()
    this.connections = 0
    // Start every test on fresh connections so connection counts are per test.
    this.#server.closeAllConnections()
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  #handle(incoming: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = []
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk))
    incoming.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8")
      const url = new URL(incoming.url ?? "/", "http://localhost")
      let body: any
      try {
        body = raw ? JSON.parse(raw) : undefined
      } catch {
        body = undefined
      }
      const request: RecordedRequest = {
        method: incoming.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        raw,
        body,
      }
      this.requests.push(request)
      const steps = this.#routes.get(`${request.method} ${request.path}`)
      if (!steps || steps.length === 0) {
        sendJson(response, 404, { error: `no script for ${request.method} ${request.path}` })
        return
      }
      const step = steps.length > 1 ? steps.shift()! : steps[0]
      step({ request, response, store: this.store })
    })
  }
}
