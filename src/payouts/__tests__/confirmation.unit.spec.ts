import { CONFIRMATION_GRACE_MS, confirmationRefusal, isAwaitingConfirmation } from "../confirmation"

describe("when a payout waits for its confirmation at PayCore", () => {
  const now = new Date("2026-12-05T12:00:00Z")
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString()
  const created = { status: "created", invoice_id: "cpoi_1", paycore_updated_at: ago(1_000) }

  it("waits at once when it was sent to be confirmed in the admin", () => {
    expect(isAwaitingConfirmation({ ...created, confirmation: "confirm_in_admin" }, now)).toBe(true)
  })

  it("is not waiting right after an auto-processed send, but is once PayCore keeps it created past the grace time", () => {
    expect(isAwaitingConfirmation({ ...created, confirmation: "auto_process" }, now)).toBe(false)
    const stale = { ...created, confirmation: "auto_process", paycore_updated_at: ago(CONFIRMATION_GRACE_MS) }
    expect(isAwaitingConfirmation(stale, now)).toBe(true)
  })

  it("never waits before PayCore has the payout, or once it moved past created", () => {
    const manual = { ...created, confirmation: "confirm_in_admin" }
    expect(isAwaitingConfirmation({ ...manual, invoice_id: null }, now)).toBe(false)
    expect(isAwaitingConfirmation({ ...manual, status: "processing" }, now)).toBe(false)
    expect(isAwaitingConfirmation({ ...manual, status: "pending_approval" }, now)).toBe(false)
  })
})

describe("who may confirm a payout", () => {
  const admin = (id: string) => ({ actor_type: "user", actor_id: id })

  it("refuses a secret API key whatever the settings", () => {
    const key = { actor_type: "api-key", actor_id: "apk_1" }
    expect(confirmationRefusal({ created_by: "user_a" }, key, false)).toMatch(/logged-in admin user/)
    expect(confirmationRefusal({ created_by: "user_a" }, undefined, false)).toMatch(/logged-in admin user/)
  })

  it("lets the creator confirm while approvals are off", () => {
    expect(confirmationRefusal({ created_by: "user_a" }, admin("user_a"), false)).toBeNull()
  })

  it("needs another admin than the creator while approvals are on, and a recorded creator", () => {
    expect(confirmationRefusal({ created_by: "user_a" }, admin("user_a"), true)).toMatch(/another admin must/)
    expect(confirmationRefusal({ created_by: null }, admin("user_b"), true)).toMatch(/no recorded creator/)
    expect(confirmationRefusal({ created_by: "user_a" }, admin("user_b"), true)).toBeNull()
  })
})
