import type { SandboxActions } from "./actions"
import type { CallbackModeInput } from "./callbacks"
import type { SandboxConfig } from "./config"
import { apiErrors } from "./errors"
import type { FaultRuleInput } from "./faults"
import { type Router, type SandboxRequest, emptyResponse, plainJson } from "./http"
import type { SaveCardTokenInput } from "./tokens"

/**
 * Test controls under /_sandbox/ (registered only when `controls` is on). JSON in, JSON out; camelCase keys like
 * the programmatic API. Every route is listed in README "Controls".
 */
export function registerControls(router: Router, actions: SandboxActions): void {
  const body = (req: SandboxRequest): Record<string, unknown> => {
    const text = req.body.toString("utf8").trim()
    if (text === "") return {}
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      throw apiErrors.invalid("body", "invalid_json", "The request body is not valid JSON")
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw apiErrors.invalid("body", "invalid", "The request body must be a JSON object")
    }
    return value as Record<string, unknown>
  }
  const ok = (value: unknown) => plainJson(200, value)
  const optionalNumber = (value: unknown, field: string): number | undefined => {
    if (value === undefined || value === null) return undefined
    if (typeof value !== "number") throw apiErrors.invalid(field, "invalid_type", `${field} must be a number`)
    return value
  }
  const optionalString = (value: unknown, field: string): string | undefined => {
    if (value === undefined || value === null) return undefined
    if (typeof value !== "string" || value === "")
      throw apiErrors.invalid(field, "invalid_type", `${field} must be a string`)
    return value
  }

  router.add("GET", "/_sandbox/state", () => ok(actions.summary()))
  router.add("POST", "/_sandbox/reset", () => {
    actions.reset()
    return ok({ reset: true })
  })
  router.add("GET", "/_sandbox/config", () => ok(actions.updateConfig({})))
  router.add("PATCH", "/_sandbox/config", (req) => ok(actions.updateConfig(body(req) as Partial<SandboxConfig>)))
  router.add("POST", "/_sandbox/profile", (req) => ok(actions.applyProfile(body(req).name)))
  router.add("POST", "/_sandbox/clock", (req) => {
    const seconds = optionalNumber(body(req).advanceSeconds, "advanceSeconds")
    if (seconds === undefined) throw apiErrors.invalid("advanceSeconds", "required", "advanceSeconds is required")
    return ok({ now: actions.advanceClock(seconds) })
  })

  router.add("GET", "/_sandbox/invoices/:id", (req) => ok(actions.getInvoiceState(req.params.id)))

  const payment = (action: string, run: (id: string, b: Record<string, unknown>) => unknown) =>
    router.add("POST", `/_sandbox/payment-invoices/:id/${action}`, (req) => ok(run(req.params.id, body(req))))
  payment("pay", (id, b) =>
    actions.payInvoice(id, { processedAmount: optionalNumber(b.processedAmount, "processedAmount") })
  )
  payment("fail", (id, b) => actions.failInvoice(id, { resolution: optionalString(b.resolution, "resolution") }))
  payment("expire", (id) => actions.expireInvoice(id))
  payment("terminate", (id) => actions.terminateInvoice(id))
  payment("processing", (id) => actions.setInvoiceProcessing(id))
  payment("pending", (id, b) =>
    actions.setInvoicePending(id, { resolution: optionalString(b.resolution, "resolution") })
  )
  payment("chargeback", (id, b) => actions.chargeBack(id, { amount: optionalNumber(b.amount, "amount") }))
  payment("dashboard-refund", (id, b) => actions.refundAtDashboard(id, { amount: optionalNumber(b.amount, "amount") }))

  router.add("POST", "/_sandbox/payout-invoices/:id/process", (req) => ok(actions.processPayout(req.params.id)))
  router.add("POST", "/_sandbox/payout-invoices/:id/fail", (req) =>
    ok(actions.failPayout(req.params.id, { resolution: optionalString(body(req).resolution, "resolution") }))
  )
  router.add("POST", "/_sandbox/payout-invoices/:id/cancel", (req) => ok(actions.cancelPayout(req.params.id)))

  router.add("POST", "/_sandbox/refunds/:id/complete", (req) => ok({ data: actions.completeRefund(req.params.id) }))
  router.add("POST", "/_sandbox/refunds/:id/fail", (req) => ok({ data: actions.failRefund(req.params.id) }))

  const optionalBoolean = (value: unknown, field: string): boolean | undefined => {
    if (value === undefined || value === null) return undefined
    if (typeof value !== "boolean") throw apiErrors.invalid(field, "invalid_type", `${field} must be a boolean`)
    return value
  }
  const modeQuery = (req: SandboxRequest): boolean | undefined => {
    const text = req.query.get("testMode") ?? req.query.get("mode")
    if (text === null || text === "") return undefined
    if (text === "true" || text === "test") return true
    if (text === "false" || text === "live") return false
    throw apiErrors.invalid("testMode", "invalid", "testMode must be true or false (mode: test or live)")
  }
  router.add("GET", "/_sandbox/tokens", (req) =>
    ok({
      tokens: actions.listTokens({
        customerReferenceId: req.query.get("customerReferenceId") ?? undefined,
        testMode: modeQuery(req),
      }),
    })
  )
  router.add("POST", "/_sandbox/tokens", (req) =>
    plainJson(201, actions.saveCardToken(body(req) as unknown as SaveCardTokenInput))
  )
  router.add("POST", "/_sandbox/tokens/revoke", (req) => {
    const b = body(req)
    return ok({
      revoked: actions.revokeTokens({
        token: optionalString(b.token, "token"),
        customerReferenceId: optionalString(b.customerReferenceId, "customerReferenceId"),
        testMode: optionalBoolean(b.testMode, "testMode"),
      }),
    })
  })
  router.add("POST", "/_sandbox/tokens/expire", (req) => {
    const token = optionalString(body(req).token, "token")
    if (token === undefined) throw apiErrors.invalid("token", "required", "token is required")
    return ok(actions.expireToken(token))
  })

  router.add("GET", "/_sandbox/faults", () => ok({ faults: actions.listFaults() }))
  router.add("POST", "/_sandbox/faults", (req) =>
    plainJson(201, actions.addFault(body(req) as unknown as FaultRuleInput))
  )
  router.add("DELETE", "/_sandbox/faults", () => {
    actions.clearFaults()
    return emptyResponse(204)
  })

  router.add("GET", "/_sandbox/callbacks", (req) =>
    ok({
      callbacks: actions.callbackLog({
        invoiceId: req.query.get("invoiceId") ?? req.query.get("invoice_id") ?? undefined,
        status: req.query.get("status") ?? undefined,
      }),
    })
  )
  router.add("GET", "/_sandbox/callbacks/mode", () => ok(actions.getCallbackMode()))
  router.add("POST", "/_sandbox/callbacks/mode", (req) => ok(actions.setCallbackMode(parseMode(body(req)))))
  router.add("DELETE", "/_sandbox/callbacks/mode", () => ok(actions.clearCallbackMode()))
  router.add("POST", "/_sandbox/callbacks/flush", () => ok({ released: actions.flushCallbacks() }))
  router.add("POST", "/_sandbox/callbacks/:logId/resend", (req) => {
    const logId = Number(req.params.logId)
    if (!Number.isInteger(logId)) throw apiErrors.notFound("Callback log entry not found")
    return ok(actions.resendCallback(logId))
  })
}

/** Validates the callback mode body (counts: a non-negative integer, or true = until cleared). */
function parseMode(b: Record<string, unknown>): CallbackModeInput {
  const count = (v: unknown, field: string): number | boolean | undefined => {
    if (v === undefined) return undefined
    if (typeof v === "boolean" || (typeof v === "number" && Number.isInteger(v) && v >= 0)) return v
    throw apiErrors.invalid(field, "invalid", `${field} must be a non-negative integer or a boolean`)
  }
  const mode: CallbackModeInput = {}
  const duplicate = count(b.duplicate, "duplicate")
  if (duplicate !== undefined) mode.duplicate = duplicate
  const suppress = count(b.suppress, "suppress")
  if (suppress !== undefined) mode.suppress = suppress
  if (b.failNext !== undefined) {
    const n = count(b.failNext, "failNext")
    if (typeof n !== "number") throw apiErrors.invalid("failNext", "invalid", "failNext must be a non-negative integer")
    mode.failNext = n
  }
  if (b.delay !== undefined) {
    if (b.delay === null) mode.delay = null
    else {
      const d = b.delay as { ms?: unknown; count?: unknown }
      if (typeof d.ms !== "number" || d.ms < 0)
        throw apiErrors.invalid("delay.ms", "invalid", "delay.ms must be a number >= 0")
      mode.delay = { ms: d.ms, count: count(d.count, "delay.count") ?? true }
    }
  }
  if (b.reorder !== undefined) {
    if (b.reorder === null) mode.reorder = null
    else {
      const r = b.reorder as { order?: unknown; count?: unknown; seed?: unknown }
      if (r.order !== "reverse" && r.order !== "shuffle")
        throw apiErrors.invalid("reorder.order", "invalid", 'reorder.order must be "reverse" or "shuffle"')
      if (typeof r.count !== "number" || !Number.isInteger(r.count) || r.count < 2) {
        throw apiErrors.invalid("reorder.count", "invalid", "reorder.count must be an integer >= 2")
      }
      mode.reorder = { order: r.order, count: r.count, seed: typeof r.seed === "number" ? r.seed : undefined }
    }
  }
  return mode
}
