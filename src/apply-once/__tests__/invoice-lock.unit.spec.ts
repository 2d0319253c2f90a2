import { inProcessQueue, MAX_QUEUED_PER_KEY, QueueFullError } from "../invoice-lock"

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
