import { shownSettingsHistory, settingsChangeWords, settingsEntryText } from "../paycore-settings-history"

const USD = { services: ["payment_card_usd"], default_service: null, min_amount: null, max_amount: null }

describe("payout settings history in words", () => {
  it("names each changed setting with its old and new value", () => {
    expect(
      settingsChangeWords({
        enabled: { from: false, to: true },
        require_approval: { from: false, to: true },
      })
    ).toEqual(["Payouts: off → on", "Approvals: off → on"])
  })

  it("says which currencies were added, removed or changed", () => {
    expect(
      settingsChangeWords({
        currencies: { from: { USD, GBP: USD }, to: { USD: { ...USD, max_amount: 100 }, EUR: USD } },
      })
    ).toEqual(["Currencies changed (EUR added, GBP removed, USD changed)"])
    // The same rules with their keys in another order (as the database may return them) are no change.
    const reordered = { max_amount: null, min_amount: null, services: ["payment_card_usd"], default_service: null }
    expect(settingsChangeWords({ currencies: { from: { USD }, to: { USD: reordered } } })).toEqual([])
  })

  it("describes each kind of entry", () => {
    const off = { require_approval: { from: true, to: false } }
    expect(settingsEntryText({ kind: "applied", changes: { enabled: { from: true, to: false } } })).toBe(
      "Payouts: on → off"
    )
    expect(settingsEntryText({ kind: "confirmed", changes: off })).toBe("Approvals: on → off")
    expect(settingsEntryText({ kind: "requested", changes: off })).toBe("asked to switch approvals off")
    expect(settingsEntryText({ kind: "withdrawn", changes: { require_approval: { from: true, to: true } } })).toBe(
      "withdrew the request to switch approvals off"
    )
    expect(settingsEntryText({ kind: "applied", changes: {} })).toBe("saved the settings unchanged")
  })

  it("lists the 10 newest entries that changed something", () => {
    const entry = (at: number, changes: Record<string, { from: unknown; to: unknown }>) => ({
      at: new Date(Date.UTC(2026, 0, 1, 0, at)).toISOString(),
      by: "user_1",
      kind: "applied" as const,
      changes,
    })
    const unchanged = entry(0, { currencies: { from: { USD }, to: { USD: { ...USD } } } })
    const entries = [
      unchanged,
      ...Array.from({ length: 12 }, (_, index) => entry(index + 1, { enabled: { from: false, to: true } })),
    ]
    const shown = shownSettingsHistory(entries)
    expect(shown).toHaveLength(10)
    expect(shown).not.toContain(unchanged)
    expect(shown[0]).toBe(entries[1])
  })
})
