import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { AsyncLocalStorage } from "node:async_hooks"
import { startTiming } from "../lib/timings"

/**
 * Lock holders per process. Medusa's Postgres locking provider keeps a database transaction (a pool
 * connection) open while it waits for and holds a lock, and the work inside needs connections of its own:
 * unbounded, a burst of callbacks would take the whole pool (10 by default) and wait on each other forever. One,
 * because Medusa's payment workflow is mostly JavaScript on the process's one thread: a second at once only makes
 * both slower, and a burst's slowest answers with it (`npm run bench`, burst: p99 about 2.2 s with two, 1 to 1.3 s
 * with one).
 */
const MAX_CONCURRENT_HOLDERS = 1
/** Set inside a holder: a lock taken inside another (a payout and its invoice) needs no second slot. */
const holdingSlot = new AsyncLocalStorage<{ holding: boolean }>()

/** How long a job may wait before it starts; past a limit it gets BusyError and nothing was run. */
export type LockWaits = {
  /** For a job of the same key running in this process, in ms. Default: until it ends. */
  sameKeyMs?: number
  /** For one of this process's lock slots, in ms. Default: until one is free. */
  slotMs?: number
  /** For another server instance holding Medusa's lock on the key, in whole seconds (Medusa's minimum is 1). */
  lockSeconds?: number
}

/** Reconciliation, admin actions and payouts wait their turn. */
export const PATIENT_WAITS: LockWaits = { lockSeconds: 30 }
/**
 * A callback is answered fast, whatever the burst: PayCore counts a callback as failed after 10 s (test) or 20 s
 * (live) and sends it again, so "busy, send it again" (503) beats holding its connection. A duplicate of a callback
 * being applied right now waits at most 250 ms for it.
 */
export const CALLBACK_WAITS: LockWaits = { sameKeyMs: 250, slotMs: 100, lockSeconds: 1 }

/** Thrown when a job could not start within its waits (or its key's queue is full): nothing was run. */
export class BusyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "BusyError"
  }
}

let holders = 0
const slotWaiters: Array<() => void> = []

async function takeSlot(maxWaitMs: number | undefined): Promise<void> {
  if (holders < MAX_CONCURRENT_HOLDERS) {
    holders += 1
    return
  }
  let granted!: () => void
  const turn = new Promise<void>((resolve) => (granted = resolve))
  slotWaiters.push(granted)
  if (await within(turn, maxWaitMs)) return
  const index = slotWaiters.indexOf(granted)
  if (index !== -1) slotWaiters.splice(index, 1)
  else giveSlot() // granted in the same tick as the timeout: hand it on
  throw new BusyError(`all ${MAX_CONCURRENT_HOLDERS} lock slots stayed busy for ${maxWaitMs} ms`)
}

function giveSlot(): void {
  const next = slotWaiters.shift()
  if (next) next()
  else holders -= 1
}

/** Whether `promise` settled within `ms` (always, without a limit). */
async function within(promise: Promise<unknown>, ms: number | undefined): Promise<boolean> {
  if (ms === undefined) {
    await promise
    return true
  }
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)))
  try {
    return await Promise.race([promise.then(() => true as const), timedOut])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Runs `job` while holding Medusa's lock on `key`. The lock is what makes several server instances behave
 * like one (configure the locking module's Postgres or Redis provider in production); the in-process queue
 * and slot limit in front of it only keep this process from spending database connections on waiting.
 */
export async function withInvoiceLock<T>(
  container: MedusaContainer,
  key: string,
  job: () => Promise<T>,
  waits: LockWaits = PATIENT_WAITS
): Promise<T> {
  const waited = startTiming("lock_wait")
  return inProcessQueue(
    key,
    async () => {
      // Work that outlives its holder (an event subscriber started inside) sees `holding: false` and takes a slot.
      const nested = holdingSlot.getStore()?.holding === true
      if (!nested) await takeSlot(waits.slotMs)
      const holder = { holding: true }
      try {
        const locking = container.resolve(Modules.LOCKING)
        const started = () => {
          waited()
          return job()
        }
        return await holdingSlot.run(holder, () =>
          locking.execute(key, started, { timeout: waits.lockSeconds ?? PATIENT_WAITS.lockSeconds })
        )
      } catch (error) {
        // Medusa's providers time out with this message before the job runs.
        if ((error as Error)?.message === "Timed-out acquiring lock.") {
          throw new BusyError(`another server instance held ${key} for ${waits.lockSeconds} s`)
        }
        throw error
      } finally {
        holder.holding = false
        if (!nested) giveSlot()
      }
    },
    waits.sameKeyMs
  )
}

/**
 * How many jobs may wait for one key in this process. PayCore sends a callback again when it gets no 200, so a
 * burst beyond this is answered "retry later" at once instead of holding memory and connections.
 */
export const MAX_QUEUED_PER_KEY = 32
const queued = new Map<string, number>()
/** Per key, the job running now: it settles once that job has ended and left the map. */
const running = new Map<string, Promise<void>>()

/** Thrown when a key already has MAX_QUEUED_PER_KEY jobs waiting: nothing was run. */
export class QueueFullError extends BusyError {
  constructor(key: string) {
    super(`too many requests are waiting for ${key}; try again later`)
    this.name = "QueueFullError"
  }
}

/**
 * Runs jobs with the same key one at a time in this process (also for bookkeeping that needs no shared lock). With
 * `maxWaitMs`, a job whose key stays busy that long is refused with BusyError instead of waiting on.
 */
export async function inProcessQueue<T>(key: string, job: () => Promise<T>, maxWaitMs?: number): Promise<T> {
  const waiting = queued.get(key) ?? 0
  if (waiting >= MAX_QUEUED_PER_KEY) throw new QueueFullError(key)
  queued.set(key, waiting + 1)
  let ended!: () => void
  try {
    const deadline = maxWaitMs === undefined ? undefined : Date.now() + maxWaitMs
    for (let current = running.get(key); current; current = running.get(key)) {
      const left = deadline === undefined ? undefined : Math.max(0, deadline - Date.now())
      if (!(await within(current, left))) throw new BusyError(`${key} stayed busy for ${maxWaitMs} ms`)
    }
    // No await between the loop's last look and this line: the key is ours.
    running.set(key, new Promise<void>((resolve) => (ended = resolve)))
  } catch (error) {
    leave(key)
    throw error
  }
  try {
    return await job()
  } finally {
    running.delete(key)
    leave(key)
    ended()
  }
}

function leave(key: string) {
  const left = (queued.get(key) ?? 1) - 1
  if (left > 0) queued.set(key, left)
  else queued.delete(key)
}
