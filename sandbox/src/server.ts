import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http"
import type { Socket } from "node:net"
import { SandboxActions } from "./actions"
import { registerControls } from "./controls"
import type { SandboxCore } from "./core"
import { ApiError, apiErrors, errorBody } from "./errors"
import { registerHpp } from "./hpp"
import { type SandboxRequest, type SandboxResponse, Router, phpJson } from "./http"
import { newId, ID_PREFIX } from "./ids"
import { registerPrivateApi } from "./private-api"
import { registerPublicApi } from "./public-api"

const MAX_BODY_BYTES = 1024 * 1024

export interface SandboxServer {
  server: Server
  actions: SandboxActions
  /** Destroys open sockets (keep-alive clients, delayed answers) so that close() does not wait for them. */
  destroySockets(): void
  /** Cancels answers waiting in a delay fault. */
  cancelDelays(): void
}

/**
 * The HTTP server: body reading, routing, fault injection, error answers. `/_sandbox/` routes exist only with
 * `controls` on; without it they answer 404 like any unknown path.
 */
export function createSandboxServer(core: SandboxCore, log: (line: string) => void): SandboxServer {
  const router = new Router()
  const actions = new SandboxActions(core)
  registerPrivateApi(router, core)
  registerPublicApi(router, core)
  registerHpp(router, core)
  if (core.config.controls) registerControls(router, actions)

  let closing = false
  const sockets = new Set<Socket>()
  const delays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>()

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const entry = { timer: setTimeout(() => done(), ms), resolve: () => done() }
      const done = () => {
        clearTimeout(entry.timer)
        delays.delete(entry)
        resolve()
      }
      delays.add(entry)
    })

  const server = createServer((req, res) => {
    void handle(req, res)
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now()
    const requestId = newId(ID_PREFIX.request)
    const url = new URL(req.url ?? "/", "http://sandbox.local")
    const method = (req.method ?? "GET").toUpperCase()
    const path = url.pathname
    let body: Buffer
    try {
      body = await readBody(req)
    } catch {
      return write(
        res,
        phpJson(
          413,
          errorBody(
            core.config.errorFormat,
            apiErrors.invalid("body", "too_large", "Request body too large"),
            requestId
          )
        ),
        requestId
      )
    }
    const request: SandboxRequest = {
      method,
      path,
      query: url.searchParams,
      headers: req.headers,
      body,
      params: {},
      requestId,
      remoteAddress: req.socket.remoteAddress ?? null,
    }

    // Faults apply to PayCore's routes only, never to the controls that set them up.
    const fault = path.startsWith("/_sandbox/") ? undefined : core.faults.take(method, path)
    if (fault?.kind === "delay" && fault.phase === "before") {
      await sleep(fault.delayMs)
      if (closing) return drop(req)
    }
    if (fault && fault.phase === "before" && fault.kind !== "delay") {
      logLine(fault.kind === "drop" ? "dropped" : fault.status)
      return fault.kind === "drop" ? drop(req) : write(res, faultResponse(fault.status, requestId), requestId)
    }

    let response = await route(request)
    if (fault?.kind === "delay" && fault.phase === "after") {
      // Applied (and its callbacks queued) now; only the answer is late.
      await sleep(fault.delayMs)
      if (closing) return drop(req)
    }
    if (fault && fault.phase === "after" && fault.kind !== "delay") {
      logLine(fault.kind === "drop" ? "applied+dropped" : `applied+${fault.status}`)
      return fault.kind === "drop" ? drop(req) : write(res, faultResponse(fault.status, requestId), requestId)
    }
    logLine(response.status)
    write(res, response, requestId)

    function logLine(status: number | string) {
      // Method, path and status only: query strings, headers and bodies may carry keys and card data.
      if (core.config.logRequests) log(`${method} ${path} ${status} ${Date.now() - started}ms`)
    }
  }

  async function route(request: SandboxRequest): Promise<SandboxResponse> {
    const match = router.match(request.method, request.path)
    try {
      if (match === undefined) throw apiErrors.notFound(`No route for ${request.method} ${request.path}`)
      if (match === "method")
        throw new ApiError(405, "method_not_allowed", [
          { code: "method_not_allowed", message: `${request.method} is not allowed here` },
        ])
      request.params = match.params
      return await match.handler(request)
    } catch (err) {
      if (err instanceof ApiError) {
        return phpJson(err.status, errorBody(core.config.errorFormat, err, request.requestId), err.headers)
      }
      log(`internal error on ${request.method} ${request.path}: ${(err as Error).stack ?? String(err)}`)
      return phpJson(
        500,
        errorBody(
          core.config.errorFormat,
          new ApiError(500, "internal_error", [{ code: "internal_error", message: "Internal sandbox error" }]),
          request.requestId
        )
      )
    }
  }

  function faultResponse(status: number, requestId: string): SandboxResponse {
    const type = status === 429 ? "too_many_requests" : status === 502 ? "bad_gateway" : "server_error"
    return phpJson(
      status,
      errorBody(
        core.config.errorFormat,
        new ApiError(status, type, [{ code: type, message: `Injected fault: HTTP ${status}` }]),
        requestId
      )
    )
  }

  return {
    server,
    actions,
    destroySockets: () => {
      for (const socket of sockets) socket.destroy()
    },
    cancelDelays: () => {
      closing = true
      for (const d of [...delays]) d.resolve()
    },
  }
}

function write(res: ServerResponse, response: SandboxResponse, requestId: string): void {
  if (res.destroyed) return
  res.writeHead(response.status, {
    ...response.headers,
    "x-request-id": requestId,
    "content-length": Buffer.byteLength(response.body),
  })
  res.end(response.body)
}

/** Ends the connection without any answer, like a proxy that died mid-request. */
function drop(req: IncomingMessage): void {
  req.socket.destroy()
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new Error("body too large"))
        req.resume()
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })
}
