import { Agent, request } from "undici"
import type { SandboxConfig } from "./config"
import { newId } from "./ids"
import type { Store } from "./state"
import type { WorkTracker } from "./work"

import type { CallbackLogEntry } from "./callback-log"

export type { CallbackLogEntry }

/** A callback to deliver: the exact body and signature are fixed when the status changes. */
export interface CallbackMessage {
  invoiceId: string
  invoiceType: CallbackLogEntry["invoiceType"]
  status: string
  url: string
  body: string
  signature: string
}

/**
 * Callback fault modes (set through POST /_sandbox/callbacks/mode or setCallbackMode()). Counts apply to the next
 * N callbacks; `true` means "until cleared".
 */
export interface CallbackModeInput {
  /** Deliver each of the next N callbacks twice (two independent deliveries). */
  duplicate?: number | boolean
  /** Do not send the next N callbacks at all (they are logged as "suppressed" and can be resent). */
  suppress?: number | boolean
  /** Hold the next N callbacks before sending them (late delivery). */
  delay?: { ms: number; count?: number | boolean } | null
  /** Fail the next N delivery attempts without contacting the receiver (they are retried on the schedule). */
  failNext?: number
  /** Hold the next `count` callbacks, then send them in reverse or shuffled (seeded) order. */
  reorder?: { order: "reverse" | "shuffle"; count: number; seed?: number } | null
}

export interface CallbackModeState {
  duplicate: number | true
  suppress: number | true
  delay: { ms: number; count: number | true } | null
  failNext: number
  reorder: { order: "reverse" | "shuffle"; count: number; seed: number } | null
  /** Callbacks currently held by `reorder`. */
  held: number
}

interface Job {
  deliveryId: string
  message: CallbackMessage
  attempts: number
  duplicate: boolean
  resent: boolean
  /** Ends this job's unit of tracked work. */
  done: () => void
  /** cancelAll() generation the job belongs to; an older job is dropped when its attempt returns. */
  generation: number
}

type Listener = (entry: CallbackLogEntry) => void

const toCount = (v: number | boolean | undefined): number =>
  v === true ? Infinity : v === false || v === undefined ? 0 : v
const fromCount = (n: number): number | true => (n === Infinity ? true : n)

/**
 * Delivers callbacks like PayCore: POST with the signed raw body; only HTTP 200 counts as delivered; anything else
 * (other status, connection error, timeout) is retried on the linear schedule — the n-th retry n × interval after
 * the previous attempt — up to the maximum number of attempts. Deliveries go out one at a time, in the order
 * they became due, which keeps tests deterministic (PayCore itself promises no order; use the reorder mode).
 */
export class CallbackDispatcher {
  private readonly ready: Job[] = []
  private readonly timers = new Map<NodeJS.Timeout, Job>()
  private held: Job[] = []
  private readonly listeners = new Set<Listener>()
  private readonly agent = new Agent({ keepAliveTimeout: 1_000, connections: 8 })
  private inFlight: { job: Job; abort: AbortController } | null = null
  private pumping = false
  private closed = false
  private nextLogId: number
  private mode = CallbackDispatcher.normalMode()
  private generation = 0

  constructor(private readonly deps: { config: () => SandboxConfig; store: Store; tracker: WorkTracker }) {
    this.nextLogId = deps.store.callbackLog.reduce((max, e) => Math.max(max, e.id), 0) + 1
  }

  private static normalMode() {
    return {
      duplicate: 0,
      suppress: 0,
      delayMs: 0,
      delayCount: 0,
      failNext: 0,
      reorder: null as { order: "reverse" | "shuffle"; count: number; seed: number } | null,
    }
  }

  onCallback(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Queues a new callback message, applying the active fault modes. */
  send(message: CallbackMessage): void {
    if (this.closed) return
    if (this.mode.suppress > 0) {
      this.mode.suppress--
      this.log(newId("cb_"), message, {
        attempt: 0,
        outcome: "suppressed",
        responseStatus: null,
        responseBody: null,
        error: "suppressed by the sandbox callback mode",
        duplicate: false,
        resent: false,
        durationMs: 0,
        nextAttemptAt: null,
        nextAttemptInMs: null,
      })
      return
    }
    const job = this.newJob(message, false, false)
    const reorder = this.mode.reorder
    if (reorder) {
      this.held.push(job)
      if (this.held.length >= reorder.count) this.flush()
      return
    }
    this.dispatch(job)
  }

  /** Sends a logged callback again, as a new delivery (with its own retries), ignoring the fault modes. */
  resend(logId: number): CallbackLogEntry | undefined {
    const entry = this.deps.store.callbackLog.find((e) => e.id === logId)
    if (!entry || this.closed) return entry
    const { invoiceId, invoiceType, status, url, body, signature } = entry
    this.enqueue(this.newJob({ invoiceId, invoiceType, status, url, body, signature }, false, true), 0)
    return entry
  }

  /** Releases callbacks held by the reorder mode now, in the configured order, and ends that mode. */
  flush(): number {
    const reorder = this.mode.reorder
    const held = this.held
    this.held = []
    this.mode.reorder = null
    if (reorder?.order === "reverse") held.reverse()
    else if (reorder?.order === "shuffle") shuffle(held, reorder.seed)
    for (const job of held) this.dispatch(job)
    return held.length
  }

  setMode(input: CallbackModeInput): CallbackModeState {
    if (input.duplicate !== undefined) this.mode.duplicate = toCount(input.duplicate)
    if (input.suppress !== undefined) this.mode.suppress = toCount(input.suppress)
    if (input.failNext !== undefined) this.mode.failNext = input.failNext
    if (input.delay !== undefined) {
      this.mode.delayMs = input.delay?.ms ?? 0
      this.mode.delayCount = input.delay ? toCount(input.delay.count ?? true) : 0
    }
    if (input.reorder !== undefined) {
      if (input.reorder === null) this.flush()
      else this.mode.reorder = { order: input.reorder.order, count: input.reorder.count, seed: input.reorder.seed ?? 1 }
    }
    return this.getMode()
  }

  /** Back to normal delivery; held callbacks are released first. */
  clearMode(): CallbackModeState {
    this.flush()
    this.mode = CallbackDispatcher.normalMode()
    return this.getMode()
  }

  getMode(): CallbackModeState {
    const m = this.mode
    return {
      duplicate: fromCount(m.duplicate),
      suppress: fromCount(m.suppress),
      delay: m.delayCount > 0 ? { ms: m.delayMs, count: fromCount(m.delayCount) } : null,
      failNext: m.failNext,
      reorder: m.reorder ? { ...m.reorder } : null,
      held: this.held.length,
    }
  }

  /** Drops every queued, held, scheduled or in-flight delivery (used by reset and close). */
  cancelAll(): void {
    this.generation++
    for (const [timer, job] of this.timers) {
      clearTimeout(timer)
      job.done()
    }
    this.timers.clear()
    for (const job of this.ready.splice(0)) job.done()
    this.held = []
    this.inFlight?.abort.abort()
    this.mode = CallbackDispatcher.normalMode()
  }

  async close(): Promise<void> {
    this.closed = true
    this.cancelAll()
    await this.agent.destroy().catch(() => undefined)
  }

  private newJob(message: CallbackMessage, duplicate: boolean, resent: boolean): Job {
    return {
      deliveryId: newId("cb_"),
      message,
      attempts: 0,
      duplicate,
      resent,
      done: () => undefined,
      generation: this.generation,
    }
  }

  /** Applies the duplicate and delay modes, then queues. */
  private dispatch(job: Job): void {
    const jobs = [job]
    if (this.mode.duplicate > 0) {
      this.mode.duplicate--
      jobs.push(this.newJob(job.message, true, job.resent))
    }
    for (const j of jobs) {
      let delay = 0
      if (this.mode.delayCount > 0) {
        this.mode.delayCount--
        delay = this.mode.delayMs
      }
      this.enqueue(j, delay)
    }
  }

  private enqueue(job: Job, delayMs: number): void {
    job.done = this.deps.tracker.begin()
    if (delayMs > 0) this.schedule(job, delayMs)
    else this.makeReady(job)
  }

  private schedule(job: Job, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      this.makeReady(job)
    }, delayMs)
    // A forgotten retry must not keep a test process (or the CLI, once the server is closed) alive.
    timer.unref()
    this.timers.set(timer, job)
  }

  private makeReady(job: Job): void {
    this.ready.push(job)
    void this.pump()
  }

  private async pump(): Promise<void> {
    if (this.pumping) return
    this.pumping = true
    try {
      while (this.ready.length > 0 && !this.closed) {
        await this.attempt(this.ready.shift()!)
      }
    } finally {
      this.pumping = false
    }
  }

  private async attempt(job: Job): Promise<void> {
    const config = this.deps.config()
    const { message } = job
    job.attempts++
    const started = Date.now()
    let responseStatus: number | null = null
    let responseBody: string | null = null
    let error: string | null = null

    if (this.mode.failNext > 0) {
      this.mode.failNext--
      error = "simulated delivery failure (sandbox failNext mode)"
    } else {
      const abort = new AbortController()
      this.inFlight = { job, abort }
      const timeout = setTimeout(
        () => abort.abort(new Error(`timeout after ${config.callbackTimeoutMs} ms`)),
        config.callbackTimeoutMs
      )
      try {
        const res = await request(message.url, {
          method: "POST",
          dispatcher: this.agent,
          signal: abort.signal,
          headers: {
            "content-type": "application/json",
            "x-signature": message.signature,
            "user-agent": "PayCore-Sandbox",
          },
          body: message.body,
        })
        responseStatus = res.statusCode
        responseBody = (await res.body.text()).slice(0, 1_000)
      } catch (err) {
        error = describeError(abort.signal.aborted ? abort.signal.reason : err)
      } finally {
        clearTimeout(timeout)
        this.inFlight = null
      }
    }

    if (this.closed || job.generation !== this.generation) {
      // Cancelled (reset or close) while the attempt was in flight: no log entry, no retry.
      job.done()
      return
    }
    const delivered = responseStatus === 200
    const retry = !delivered && job.attempts < config.callbackMaxAttempts
    const delay = job.attempts * config.callbackRetryIntervalMs
    this.log(job.deliveryId, message, {
      attempt: job.attempts,
      outcome: delivered ? "delivered" : "failed",
      responseStatus,
      responseBody,
      error,
      duplicate: job.duplicate,
      resent: job.resent,
      durationMs: Date.now() - started,
      nextAttemptAt: retry ? new Date(Date.now() + delay).toISOString() : null,
      nextAttemptInMs: retry ? delay : null,
    })
    if (retry) this.schedule(job, delay)
    else job.done()
  }

  private log(
    deliveryId: string,
    message: CallbackMessage,
    details: Omit<
      CallbackLogEntry,
      "id" | "deliveryId" | "invoiceId" | "invoiceType" | "status" | "url" | "signature" | "body" | "time"
    >
  ): void {
    const entry: CallbackLogEntry = {
      id: this.nextLogId++,
      deliveryId,
      invoiceId: message.invoiceId,
      invoiceType: message.invoiceType,
      status: message.status,
      url: message.url,
      signature: message.signature,
      body: message.body,
      time: new Date().toISOString(),
      ...details,
    }
    this.deps.store.appendCallbackLog(entry)
    for (const listener of this.listeners) {
      try {
        listener(entry)
      } catch {
        // A throwing test listener must not break delivery.
      }
    }
  }
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code
    const cause = (err as { cause?: { code?: string } }).cause?.code
    return [code ?? cause, err.message].filter(Boolean).join(": ")
  }
  return String(err)
}

/** Deterministic Fisher–Yates shuffle (mulberry32 PRNG), so a seed reproduces an order. */
function shuffle<T>(items: T[], seed: number): void {
  let state = seed >>> 0
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j], items[i]]
  }
}
