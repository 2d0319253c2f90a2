import { refusalLookupAllowed, settleRefusals, warnWrongModeOnce } from "../refusals"

describe("refused callbacks stay cheap", () => {
  it("allows at most 60 database look-ups a minute in all, even for a fresh invoice id each time", () => {
    const start = 1_000_000_000
    const allowed = Array.from({ length: 100 }, (_, i) => refusalLookupAllowed(`cpi_Fresh${i}`, start + i)).filter(
      Boolean
    )
    expect(allowed).toHaveLength(60)
    expect(refusalLookupAllowed("cpi_NextMinute", start + 60_000)).toBe(true)
  })

  it("never looks up an invoice again once its refusal log is full or it is not ours", () => {
    const start = 2_000_000_000
    settleRefusals("cpi_Full01")
    expect(refusalLookupAllowed("cpi_Full01", start)).toBe(false)
    expect(refusalLookupAllowed("cpi_Other01", start)).toBe(true)
  })

  it("warns once per invoice about callbacks of the other mode, however often PayCore resends them", () => {
    const lines: string[] = []
    const logger = { warn: (line: string) => lines.push(line) }
    for (let i = 0; i < 5; i++) warnWrongModeOnce(logger, "cpi_WrongMode01", "a test callback for a live session")
    warnWrongModeOnce(logger, "cpi_WrongMode02", "another invoice")
    expect(lines).toEqual(["a test callback for a live session", "another invoice"])
  })
})
