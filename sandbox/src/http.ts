import type { IncomingHttpHeaders } from "node:http"
import { ApiError, apiErrors } from "./errors"
import { phpJsonEncode } from "./php-json"

export interface SandboxRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: Buffer
  params: Record<string, string>
  requestId: string
  remoteAddress: string | null
}

/** Handlers return the answer instead of writing it, so that fault injection can replace or drop it. */
export interface SandboxResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export type Handler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>

interface Route {
  method: string
  regex: RegExp
  names: string[]
  handler: Handler
}

/** A minimal method + path router; `:name` matches one path segment. */
export class Router {
  private readonly routes: Route[] = []

  add(method: string, pattern: string, handler: Handler): this {
    const names: string[] = []
    const source = pattern
      .split("/")
      .map((segment) => {
        if (segment.startsWith(":")) {
          names.push(segment.slice(1))
          return "([^/]+)"
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      })
      .join("/")
    this.routes.push({ method, regex: new RegExp(`^${source}$`), names, handler })
    return this
  }

  /** The handler for a request, or "method" when only the method differs, or undefined. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | "method" | undefined {
    let pathMatched = false
    for (const route of this.routes) {
      const m = route.regex.exec(path)
      if (!m) continue
      pathMatched = true
      if (route.method !== method) continue
      const params: Record<string, string> = {}
      try {
        route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])))
      } catch {
        return undefined // malformed %-escape: no such resource
      }
      return { handler: route.handler, params }
    }
    return pathMatched ? "method" : undefined
  }
}

/** A JSON answer written the way PayCore's PHP backend writes it (escaped slashes, `[]` for empty objects). */
export function phpJson(status: number, value: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { "content-type": "application/json", ...headers }, body: phpJsonEncode(value) }
}

/** A plain JSON answer, for the sandbox's own /_sandbox/ routes. */
export function plainJson(status: number, value: unknown): SandboxResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(value, null, 2),
  }
}

export function html(status: number, text: string): SandboxResponse {
  return { status, headers: { "content-type": "text/html; charset=utf-8" }, body: text }
}

export function redirect(status: 302 | 303, location: string): SandboxResponse {
  return {
    status,
    headers: { location, "content-type": "text/plain; charset=utf-8" },
    body: `Redirecting to ${location}\n`,
  }
}

export function emptyResponse(status: number): SandboxResponse {
  return { status, headers: {}, body: "" }
}

/** Parses a JSON body; an empty or malformed body is a 422 like any other invalid input. */
export function readJson(req: SandboxRequest): unknown {
  const text = req.body.toString("utf8")
  if (text.trim() === "") throw apiErrors.invalid("data", "required", "The request body is empty")
  try {
    return JSON.parse(text)
  } catch {
    throw new ApiError(422, "validation_error", [
      { code: "invalid_json", message: "The request body is not valid JSON" },
    ])
  }
}

function isFormBody(req: SandboxRequest): boolean {
  return String(req.headers["content-type"] ?? "")
    .toLowerCase()
    .startsWith("application/x-www-form-urlencoded")
}

/** Form fields as ordered pairs (duplicates kept, for `a[]=1&a[]=2`). */
export function readForm(req: SandboxRequest): [string, string][] {
  if (!isFormBody(req) && req.body.length > 0) {
    throw apiErrors.invalid("body", "invalid_content_type", "Expected an application/x-www-form-urlencoded body")
  }
  return [...new URLSearchParams(req.body.toString("utf8")).entries()]
}

type Nested = { [key: string]: Nested | string }

/**
 * Turns bracketed form/query keys into nested objects the way PHP and `qs` do: `customer[address][city]=Kyiv`
 * → `{customer:{address:{city:"Kyiv"}}}`; objects whose keys are all 0..n-1 become arrays; `a[]=x` appends.
 */
export function parseNestedParams(pairs: Iterable<[string, string]>): Record<string, unknown> {
  const root: Nested = {}
  for (const [rawKey, value] of pairs) {
    const path = splitKey(rawKey)
    if (path.length === 0) continue
    let node: Nested = root
    for (let i = 0; i < path.length; i++) {
      let key = path[i]
      if (key === "") key = String(Object.keys(node).length)
      if (i === path.length - 1) {
        node[key] = value
      } else {
        const next = node[key]
        if (typeof next !== "object") node[key] = {}
        node = node[key] as Nested
      }
    }
  }
  return listify(root) as Record<string, unknown>
}

function splitKey(key: string): string[] {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key)
  if (!m) return [key]
  const rest = [...m[2].matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1])
  return [m[1], ...rest]
}

function listify(node: Nested | string): unknown {
  if (typeof node === "string") return node
  const keys = Object.keys(node)
  const converted = Object.fromEntries(keys.map((k) => [k, listify(node[k])]))
  const isList = keys.length > 0 && keys.every((k, i) => k === String(i))
  return isList ? keys.map((k) => converted[k]) : converted
}
