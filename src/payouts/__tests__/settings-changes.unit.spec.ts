import { planSettingsChange } from "../settings-changes"

const current = {
  enabled: true,
  require_approval: true,
  currencies: {
    USD: { services: ["payment_card_usd"], default_service: "payment_card_usd", min_amount: 5, max_amount: null },
  },
  pending_change: null,
  change_log: [],
}

describe("changes of the payout settings", () => {
  it("logs nothing for currencies that only come back with their keys in another order", () => {
    const reordered = {
      USD: { max_amount: null, min_amount: 5, default_service: "payment_card_usd", services: ["payment_card_usd"] },
    }
    const { values } = planSettingsChange(current, { currencies: reordered }, "user_a")
    expect(values.change_log).toEqual([])
  })

  it("keeps approvals on and asks a second admin when one admin switches them off", () => {
    const { values, pending } = planSettingsChange(current, { require_approval: false, enabled: false }, "user_a")
    expect(values.require_approval).toBeUndefined()
    expect(values.enabled).toBe(false)
    expect(pending).toMatchObject({ require_approval: false, requested_by: "user_a" })
    expect((values.change_log as any[]).map((entry) => entry.kind)).toEqual(["applied", "requested"])
  })

  it("withdraws a pending switch-off when approvals are saved on again", () => {
    const waiting = {
      ...current,
      pending_change: { require_approval: false as const, requested_by: "user_a", requested_at: "t" },
    }
    const { values, pending } = planSettingsChange(waiting, { require_approval: true }, "user_b")
    expect(pending).toBeNull()
    expect((values.change_log as any[])[0]).toMatchObject({ kind: "withdrawn", by: "user_b" })
  })
})
