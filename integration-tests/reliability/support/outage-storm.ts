// A callback storm with an outage in its middle (postgres-restart.spec.ts, two-instances-storm.spec.ts): the test
// acts as PayCore, retrying every attempt not answered 200 on PayCore's linear schedule, and records every attempt
// (its own and the sandbox's) with its answer, the time of the answer and the phase of the outage it fell in.
import { EventEmitter } from "node:events"
import { Pool } from "undici"
import type { Sandbox } from "../../../sandbox/src"
import { deliverCallback, type Delivery, inParallel } from "../../helpers/storm"

export type Phase = "before" | "down" | "after"

/** One delivery attempt and what it got: an HTTP status, or no answer (connection refused or reset). */
export type Attempt = {
  from: "test" | "sandbox"
  invoiceId: string
  paid: boolean
  answer: string
  at: number
  phase: Phase
}

export const countBy = (items: string[]) =>
  items.reduce<Record<string, number>>((counts, key) => ({ ...counts, [key]: (counts[key] ?? 0) + 1 }), {})

export class AttemptLog {
  readonly attempts: Attempt[] = []
  phase: Phase = "before"
  private readonly events = new EventEmitter()

  record(attempt: Omit<Attempt, "at" | "phase">) {
    this.attempts.push({ ...attempt, at: Date.now(), phase: this.phase })
    this.events.emit("attempt")
  }

  /** Records the sandbox's own delivery attempts; returns the unsubscribe function. */
  recordSandbox(sandbox: Sandbox) {
    return sandbox.onCallback((entry) => {
      if (entry.outcome === "suppressed") return
      const answer = entry.responseStatus === null ? `no answer (${entry.error})` : String(entry.responseStatus)
      this.record({ from: "sandbox", invoiceId: entry.invoiceId, paid: entry.status === "processed", answer })
    })
  }

  /** Resolves once `done()` holds after some answer, or after `capMs`. */
  whenAnswers(done: () => boolean, capMs = 10 * 60_000) {
    return new Promise<void>((resolve) => {
      const check = () => {
        if (!done()) return
        this.events.off("attempt", check)
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(() => {
        this.events.off("attempt", check)
        resolve()
      }, capMs)
      this.events.on("attempt", check)
      check()
    })
  }

  count(filter: (attempt: Attempt) => boolean) {
    return this.attempts.filter(filter).length
  }

  /** `{"200": n, "503": n, …}` of one phase, as JSON. */
  answersIn(phase: Phase) {
    return JSON.stringify(countBy(this.attempts.filter((a) => a.phase === phase).map((a) => a.answer)))
  }

  /** Attempts answered with neither 200, a 5xx nor no answer (all of which make PayCore send it again). */
  notRetryable() {
    return this.attempts.filter((a) => !/^(200|5\d\d|no answer)/.test(a.answer))
  }
}

/**
 * The test as PayCore: each delivery is sent (alternately to `urls`) until it is answered 200, retry n coming
 * n × `retryIntervalMs` after attempt n. Resolves with, per delivery, whether it was answered 200 at last.
 */
export async function deliverUntilAnswered(
  log: AttemptLog,
  urls: string[],
  deliveries: Delivery[],
  options: { concurrency: number; retryIntervalMs: number; maxAttempts: number }
): Promise<boolean[]> {
  const pools = urls.map((url) => new Pool(url, { connections: options.concurrency }))
  try {
    return await inParallel(deliveries, options.concurrency, async (delivery, index) => {
      const { data } = JSON.parse(delivery.body) as { data: { id: string; attributes: { status: string } } }
      const paid = data.attributes.status === "processed"
      for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
        const pool = pools[(index + attempt) % pools.length]
        const answer = await deliverCallback(pool, delivery, 2 * 60_000).then(
          String,
          (error: Error & { code?: string; cause?: { code?: string } }) =>
            `no answer (${error.code ?? error.cause?.code ?? error.message})`
        )
        log.record({ from: "test", invoiceId: data.id, paid, answer })
        if (answer === "200") return true
        await new Promise((resolve) => setTimeout(resolve, attempt * options.retryIntervalMs))
      }
      return false
    })
  } finally {
    await Promise.all(pools.map((pool) => pool.close()))
  }
}

/**
 * The 200s for paid states answered before their cart's order and capture were in the database, or (a cart Medusa
 * could not complete after the capture) before Medusa's refund of the payment was.
 */
export function answeredBeforeApplied(
  log: AttemptLog,
  cartOf: Map<string, string>,
  times: Map<string, { order_created_at: Date | null; captured_at: Date | null; refunded_at?: Date | null }>
) {
  return log.attempts
    .filter((a) => a.paid && a.answer === "200")
    .map((a) => ({ ...a, cart: times.get(cartOf.get(a.invoiceId)!) }))
    .filter(({ at, cart }) => {
      if (cart && !cart.order_created_at && cart.captured_at && cart.refunded_at) return cart.refunded_at.getTime() > at
      if (!cart?.order_created_at || !cart.captured_at) return true
      return cart.order_created_at.getTime() > at || cart.captured_at.getTime() > at
    })
}
