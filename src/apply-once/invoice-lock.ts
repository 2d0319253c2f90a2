import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/** Seconds to wait for another server instance to finish with the same invoice. */
const LOCK_TIMEOUT_SECONDS = 30
/**
 * Lock holders per process. Medusa's Postgres locking provider keeps a database transaction (a pool
 * connection) open while it waits for and holds a lock, and the work inside needs connections of its own:
 * unbounded, a burst of callbacks would take the whole pool (10 by default) and wait on each other forever.
 */
const MAX_CONCURRENT_HOLDERS = 3

let holders = 0
const waiting: Array<() => void> = []
/** Per invoice, the tail of the in-process queue: duplicates of one callback wait here, not on a connection. */
const tails = new Map<string, Promise<unknown>>()

async function takeSlot(): Promise<void> {
  if (holders < MAX_CONCURRENT_HOLDERS) {
    holders += 1
    return
  }
  await new Promise<void>((resolve) => waiting.push(resolve))
}

function giveSlot(): void {
  const next = waiting.shift()
  if (next) next()
  else holders -= 1
}

/**
 * Runs `job` while holding Medusa's lock on `key`. The lock is what makes several server instances behave
 * like one (configure the locking module's Postgres or Redis provider in production); the in-process queue
 * and slot limit in front of it only keep this process from spending database connections on waiting.
 */
export async function withInvoiceLock<T>(container: MedusaContainer, key: string, job: () => Promise<T>): Promise<T> {
  return inProcessQueue(key, async () => {
    await takeSlot()
    try {
      const locking = container.resolve(Modules.LOCKING)
      return await locking.execute(key, job, { timeout: LOCK_TIMEOUT_SECONDS })
    } finally {
      giveSlot()
    }
  })
}

/**
 * How many jobs may wait for one key in this process. PayCore sends a callback again when it gets no 200, so a
 * burst beyond this is answered "retry later" at once instead of holding memory and connections.
 */
export const MAX_QUEUED_PER_KEY = 32
const queued = new Map<string, number>()

/** Thrown when a key already has MAX_QUEUED_PER_KEY jobs waiting: nothing was run. */
export class QueueFullError extends Error {
  constructor(key: string) {
    super(`too many requests are waiting for ${key}; try again later`)
    this.name = "QueueFullError"
  }
}

/** Runs jobs with the same key one after another in this process (for bookkeeping that needs no shared lock). */
export async function inProcessQueue<T>(key: string, job: () => Promise<T>): Promise<T> {
  const waiting = queued.get(key) ?? 0
  if (waiting >= MAX_QUEUED_PER_KEY) throw new QueueFullError(key)
  queued.set(key, waiting + 1)
  const previous = tails.get(key) ?? Promise.resolve()
  const run = previous.catch(() => undefined).then(job)
  tails.set(key, run)
  try {
    return await run
  } finally {
    if (tails.get(key) === run) tails.delete(key)
    const left = (queued.get(key) ?? 1) - 1
    if (left > 0) queued.set(key, left)
    else queued.delete(key)
  }
}
