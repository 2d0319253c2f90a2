import { PENDING_RETRY_AFTER_MS, readReturnParams, RETRY_AFTER_MS, returnFromCart } from "../return-state"

const PROVIDER = "pp_paycore_paycore"

function cartWith(status: string, data: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    id: "cart_1",
    ...extra,
    payment_collection: {
      id: "pay_col_1",
      payment_sessions: [
        { id: "ps_other", provider_id: "pp_system_default", status: "pending", data: {} },
        { id: "ps_1", provider_id: PROVIDER, status, data },
      ],
    },
  }
}

describe("readReturnParams", () => {
  it("reads the cart id and PayCore's result hint from the return URL", () => {
    expect(readReturnParams("https://shop.example/checkout/paycore?cart_id=cart_1&paycore_result=fail")).toEqual({
      cartId: "cart_1",
      paycoreResult: "fail",
    })
  })

  it("ignores a result PayCore does not send and reports a missing cart id as null", () => {
    expect(readReturnParams(new URL("https://shop.example/r?paycore_result=paid"))).toEqual({
      cartId: null,
      paycoreResult: null,
    })
  })
})

describe("returnFromCart: what the return page shows for a cart that did not complete", () => {
  it("a declined payment is failed with PayCore's resolution and the plugin's message for it", () => {
    const cart = cartWith("error", {
      paycore_status: "process_failed",
      paycore_resolution: "insufficient_funds",
      paycore_resolution_message: "The card has insufficient funds.",
    })
    expect(returnFromCart(cart, PROVIDER)).toEqual({
      state: "failed",
      reason: "declined",
      resolution: "insufficient_funds",
      message: "The card has insufficient funds.",
    })
  })

  it("a failure without a resolution still says PayCore could not take the payment", () => {
    expect(returnFromCart(cartWith("error", { paycore_status: "process_failed" }), PROVIDER)).toMatchObject({
      state: "failed",
      reason: "declined",
      resolution: null,
      message: "PayCore could not take the payment.",
    })
  })

  it.each([
    ["canceled", { paycore_status: "terminated" }, "canceled", "The payment was canceled on PayCore's page."],
    ["canceled", { paycore_status: "expired" }, "expired", "The payment page expired before the payment was made."],
    ["error", { paycore_status: "terminated" }, "canceled", "The payment was canceled on PayCore's page."],
  ])("a %s session with %j is failed as %s", (status, data, reason, message) => {
    expect(returnFromCart(cartWith(status, data), PROVIDER)).toEqual({
      state: "failed",
      reason,
      resolution: null,
      message,
    })
  })

  it("a payment the plugin refused to match to the cart is failed as a mismatch, naming the problem", () => {
    const answer = returnFromCart(cartWith("error", { paycore_problem: "amount_mismatch" }), PROVIDER)
    expect(answer).toMatchObject({ state: "failed", reason: "mismatch", resolution: "amount_mismatch" })
    expect(answer.state === "failed" && answer.message).toMatch(/does not match this order/)
  })

  it("the session Medusa opened after refunding the payment (the cart could not become an order) is failed as refunded until it is paid", () => {
    const refunded = { paycore_previous_payment: "refunded", paycore_status: "created" }
    const answer = returnFromCart(cartWith("pending", refunded), PROVIDER)
    expect(answer).toMatchObject({ state: "failed", reason: "refunded", resolution: null })
    expect(answer.state === "failed" && answer.message).toMatch(/^Your payment was refunded/)
    // The customer pays that session: its PayCore status moves on, and the usual answers apply.
    expect(returnFromCart(cartWith("pending", { ...refunded, paycore_status: "processing" }), PROVIDER)).toMatchObject({
      state: "pending",
    })
  })

  it("a cart without a PayCore session is failed: no payment was started", () => {
    const cart = { id: "cart_1", payment_collection: { id: "c", payment_sessions: [] } }
    expect(returnFromCart(cart, PROVIDER)).toMatchObject({ state: "failed", reason: "no_session" })
    expect(returnFromCart({ id: "cart_1" }, "pp_paycore_other")).toMatchObject({ reason: "no_session" })
  })

  it.each(["pending", "requires_more"])("a %s session is pending: ask again later", (status) => {
    expect(returnFromCart(cartWith(status, { paycore_status: "process_pending" }), PROVIDER)).toEqual({
      state: "pending",
      retryAfterMs: PENDING_RETRY_AFTER_MS,
    })
  })

  it.each(["authorized", "captured"])("an %s session is paid: the order is on its way, ask again", (status) => {
    expect(returnFromCart(cartWith(status, { paycore_status: "processed" }), PROVIDER)).toEqual({
      state: "retry",
      retryAfterMs: RETRY_AFTER_MS,
    })
  })

  it("a cart completed meanwhile is asked again at once (completing again answers with the order)", () => {
    const cart = cartWith("authorized", {}, { completed_at: "2026-12-06T10:00:00.000Z" })
    expect(returnFromCart(cart, PROVIDER)).toEqual({ state: "retry", retryAfterMs: 0 })
  })

  it("reads the newest PayCore session of the cart, not an earlier failed one", () => {
    const cart = cartWith("pending", { paycore_status: "created" })
    cart.payment_collection.payment_sessions.splice(1, 0, {
      id: "ps_0",
      provider_id: PROVIDER,
      status: "error",
      data: { paycore_resolution: "issuer_decline" },
    })
    expect(returnFromCart(cart, PROVIDER).state).toBe("pending")
  })
})
