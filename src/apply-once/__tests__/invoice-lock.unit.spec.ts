import {
  BusyError,
  CALLBACK_WAITS,
  inProcessQueue,
  MAX_QUEUED_PER_KEY,
  QueueFullError,
  withInvoiceLock,
} from "../invoice-lock"

describe("the per-invoice queue", () => {
  it("runs jobs of one key one after another, in order", async () => {
    const order: number[] = []
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const first = inProcessQueue("k-order", async () => {
      await gate
      order.push(1)
    })
    const second = inProcessQueue("k-order", async () => {
      order.push(2)
    })
    release()
    await Promise.all([first, second])
    expect(order).toEqual([1, 2])
  })

  it("refuses a job at once when the key already has the maximum waiting, and takes jobs again after", async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const waiting = Array.from({ length: MAX_QUEUED_PER_KEY }, () => inProcessQueue("k-full", () => gate))
    let ran = false
    await expect(inProcessQueue("k-full", async () => void (ran = true))).rejects.toBeInstanceOf(QueueFullError)
    expect(ran).toBe(false)
    await expect(inProcessQueue("k-other", async () => "other keys are not affected")).resolves.toBeDefined()
    release()
    await Promise.all(waiting)
    await expect(inProcessQueue("k-full", async () => "runs again")).resolves.toBe("runs again")
  })
})

describe("bounded waits (callbacks)", () => {
  const gate = () => {
    let open!: () => void
    const closed = new Promise<void>((resolve) => (open = resolve))
    return { closed, open }
  }
  /** Medusa's locking module as its in-memory provider behaves when free: it runs the job. */
  const freeLocking = { resolve: () => ({ execute: (_key: string, job: () => Promise<unknown>) => job() }) } as any

  it("refuses a job with BusyError, without running it, when its key stays busy longer than sameKeyMs", async () => {
    const first = gate()
    const running = inProcessQueue("k-busy", () => first.closed)
    let ran = false
    const started = Date.now()
    await expect(inProcessQueue("k-busy", async () => void (ran = true), 50)).rejects.toBeInstanceOf(BusyError)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(ran).toBe(false)
    first.open()
    await running
    await expect(inProcessQueue("k-busy", async () => "free again", 50)).resolves.toBe("free again")
  })

  it("runs a waiting job once the key frees within sameKeyMs, after the job before it", async () => {
    const first = gate()
    const order: string[] = []
    const running = inProcessQueue("k-frees", async () => {
      await first.closed
      order.push("first")
    })
    const waiting = inProcessQueue("k-frees", async () => void order.push("duplicate"), 5_000)
    first.open()
    await Promise.all([running, waiting])
    expect(order).toEqual(["first", "duplicate"])
  })

  it("keeps several waiters of one key in their order of arrival", async () => {
    const first = gate()
    const order: number[] = []
    const jobs = [inProcessQueue("k-fifo", () => first.closed)]
    for (const n of [1, 2, 3]) jobs.push(inProcessQueue("k-fifo", async () => void order.push(n), 5_000))
    first.open()
    await Promise.all(jobs)
    expect(order).toEqual([1, 2, 3])
  })

  it("refuses a job with BusyError when every lock slot stays busy longer than slotMs, and frees its place", async () => {
    const held = gate()
    const holders = [1, 2].map((n) => withInvoiceLock(freeLocking, `k-slot-${n}`, () => held.closed))
    await new Promise((resolve) => setImmediate(resolve))
    let ran = false
    await expect(
      withInvoiceLock(freeLocking, "k-slot-4", async () => void (ran = true), { ...CALLBACK_WAITS, slotMs: 50 })
    ).rejects.toBeInstanceOf(BusyError)
    expect(ran).toBe(false)
    held.open()
    await Promise.all(holders)
    await expect(withInvoiceLock(freeLocking, "k-slot-4", async () => "a slot again", CALLBACK_WAITS)).resolves.toBe(
      "a slot again"
    )
  })

  it("takes a lock inside another (a payout, then its invoice) without waiting for a second slot", async () => {
    const inner = withInvoiceLock(freeLocking, "k-outer", () =>
      withInvoiceLock(freeLocking, "k-inner", async () => "both held", { ...CALLBACK_WAITS, slotMs: 50 })
    )
    await expect(inner).resolves.toBe("both held")
  })

  it("turns Medusa's lock timeout (another server instance holds the key) into BusyError", async () => {
    const heldElsewhere = {
      resolve: () => ({
        execute: async () => {
          throw new Error("Timed-out acquiring lock.")
        },
      }),
    } as any
    await expect(withInvoiceLock(heldElsewhere, "k-elsewhere", async () => "never", CALLBACK_WAITS)).rejects.toThrow(
      BusyError
    )
  })
})
