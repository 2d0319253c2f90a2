import { staleLockCleanupApplies } from "../stale-cart-lock"

describe("removing Medusa's expired cart locks", () => {
  it.each(["2.21.0", "2.21.2", "2.21.17"])("applies on Medusa %s, the version it was tested with", (version) => {
    expect(staleLockCleanupApplies(version)).toBe(true)
  })

  it.each(["2.22.0", "2.20.9", "3.0.0", "2.21.2-snapshot", undefined])(
    "leaves the rows alone on Medusa %p",
    (version) => {
      expect(staleLockCleanupApplies(version)).toBe(false)
    }
  )
})
