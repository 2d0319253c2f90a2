/**
 * HTTP fault injection for the PayCore routes (not for /_sandbox/): the next N requests matching a method and a
 * path pattern get an error status, a slow answer or a dropped connection. With `phase: "after"` the request is
 * applied first (invoice created, refund made, callbacks queued) and only the answer is lost — the "outcome
 * unknown" case a client must resolve by looking the object up.
 */

export type FaultKind = "status" | "delay" | "drop"

export interface FaultRuleInput {
  /** HTTP method, or "*" (default) for any. */
  method?: string
  /** Path pattern matched against the path without query; `*` matches any characters, e.g. `/api/payment-invoices/*`. */
  path: string
  /** How many matching requests to affect (default 1). */
  times?: number
  /** status: answer `status` (default 502) with a PayCore-style error body; delay: answer normally after `delayMs`; drop: destroy the socket without answering. */
  kind: FaultKind
  status?: number
  delayMs?: number
  /**
   * before (default): the request is not applied (delay: waits, then is applied); after: it is applied, then the
   * answer is replaced, dropped or (delay) sent late.
   */
  phase?: "before" | "after"
}

export interface FaultRule {
  id: number
  method: string
  path: string
  remaining: number
  kind: FaultKind
  status: number
  delayMs: number
  phase: "before" | "after"
}

export class FaultInjector {
  private rules: FaultRule[] = []
  private nextId = 1

  add(input: FaultRuleInput): FaultRule {
    const kind = input.kind
    if (!["status", "delay", "drop"].includes(kind)) throw new Error(`unknown fault kind "${String(kind)}"`)
    if (typeof input.path !== "string" || !input.path.startsWith("/")) throw new Error("fault path must start with /")
    const times = input.times ?? 1
    if (!Number.isInteger(times) || times < 1) throw new Error("times must be a positive integer")
    const status = input.status ?? 502
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new Error("status must be 400-599")
    const delayMs = input.delayMs ?? 0
    if (kind === "delay" && (!Number.isFinite(delayMs) || delayMs <= 0))
      throw new Error("delay faults need delayMs > 0")
    const phase = input.phase ?? "before"
    if (phase !== "before" && phase !== "after") throw new Error('phase must be "before" or "after"')
    const rule: FaultRule = {
      id: this.nextId++,
      method: (input.method ?? "*").toUpperCase(),
      path: input.path,
      remaining: times,
      kind,
      status,
      delayMs,
      phase,
    }
    this.rules.push(rule)
    return { ...rule }
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }))
  }

  clear(): void {
    this.rules = []
  }

  /** The first rule matching the request, consumed by one use. */
  take(method: string, path: string): FaultRule | undefined {
    const rule = this.rules.find((r) => (r.method === "*" || r.method === method) && globMatch(r.path, path))
    if (!rule) return undefined
    rule.remaining--
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule)
    return { ...rule }
  }
}

function globMatch(pattern: string, path: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*")
  return new RegExp(`^${source}$`).test(path)
}
