/**
 * Counts pending asynchronous work (queued or in-flight callbacks, retry timers, deferred status changes) so that
 * tests can `await sandbox.callbacksIdle()` instead of sleeping.
 */
export class WorkTracker {
  private pending = 0
  private waiters: (() => void)[] = []

  /** Registers one unit of work; call the returned function exactly once when it is done. */
  begin(): () => void {
    this.pending++
    let ended = false
    return () => {
      if (ended) return
      ended = true
      this.pending--
      if (this.pending === 0) this.release()
    }
  }

  get busy(): boolean {
    return this.pending > 0
  }

  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  private release(): void {
    // Resolve on a later tick: work that ends often starts follow-up work synchronously (a retry, a callback).
    setImmediate(() => {
      if (this.pending > 0) return
      const waiters = this.waiters
      this.waiters = []
      for (const w of waiters) w()
    })
  }
}

/** Unix-seconds clock with an offset that tests can advance (to reach an invoice's `expires`). */
export class Clock {
  private offsetMs = 0

  nowMs(): number {
    return Date.now() + this.offsetMs
  }

  /** Unix seconds, the unit of PayCore's `created`, `updated`, `processed`, `expires`. */
  now(): number {
    return Math.floor(this.nowMs() / 1000)
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000
  }

  reset(): void {
    this.offsetMs = 0
  }
}
