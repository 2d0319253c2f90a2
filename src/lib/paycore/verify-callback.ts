import { parsePaycoreCallback, verifyPaycoreSignature, type PaycoreCallback } from "./index"

export type PaycoreMode = "test" | "live"

/** The mode of a provider, payout or invoice from its `testMode` / `test_mode` flag. */
export function modeOf(testMode: boolean): PaycoreMode {
  return testMode ? "test" : "live"
}

export type CallbackRejection = {
  ok: false
  /** 401 for anything about the signature; 400 for a signed body we cannot read. */
  status: 400 | 401
  code: "missing_signature" | "invalid_signature" | "wrong_mode" | "malformed_body"
  message: string
}

/**
 * Genuinely signed, but about something other than a payment or payout invoice (PayCore also sends, e.g., `refunds`
 * callbacks): acknowledged, never applied, so PayCore does not retry it up to its 100 attempts.
 */
export type CallbackOfOtherType = { ok: "other_type"; mode: PaycoreMode; type: string }

export type CallbackVerification =
  { ok: true; mode: PaycoreMode; callback: PaycoreCallback } | CallbackOfOtherType | CallbackRejection

const INVOICE_TYPES = ["payment-invoices", "payout-invoices"]

/**
 * Checks a PayCore callback before anything else is done with it: the `X-Signature` over the exact raw
 * bytes, with the private key of the mode the body claims (test callbacks are signed with sk_test, live ones
 * with sk_live), and only then its shape. Nothing here logs or returns a key.
 */
export function verifyPaycoreCallback(
  raw: Buffer,
  signature: unknown,
  keys: { test?: string; live?: string }
): CallbackVerification {
  if (typeof signature !== "string" || signature.trim() === "") {
    return { ok: false, status: 401, code: "missing_signature", message: "X-Signature header is missing" }
  }
  let mode: PaycoreMode | undefined
  if (keys.test && verifyPaycoreSignature(raw, signature, keys.test)) mode = "test"
  else if (keys.live && verifyPaycoreSignature(raw, signature, keys.live)) mode = "live"
  if (!mode) {
    return {
      ok: false,
      status: 401,
      code: "invalid_signature",
      message: "X-Signature does not match the body for any configured PayCore private key",
    }
  }

  let body: unknown
  try {
    body = JSON.parse(raw.toString("utf8"))
  } catch {
    return { ok: false, status: 400, code: "malformed_body", message: "the callback body is not JSON" }
  }
  const type = (body as { data?: { type?: unknown } } | null)?.data?.type
  if (typeof type === "string" && !INVOICE_TYPES.includes(type)) {
    // Only the type's name leaves this function (for a log line), cut to what a resource type looks like.
    return { ok: "other_type", mode, type: type.replace(/[^A-Za-z0-9_-]/g, "?").slice(0, 50) }
  }
  let callback: PaycoreCallback
  try {
    callback = parsePaycoreCallback(body)
  } catch {
    return {
      ok: false,
      status: 400,
      code: "malformed_body",
      message: "the callback body is not a PayCore payment or payout invoice",
    }
  }

  // PayCore signs each callback with the key of the mode the operation was created in; a test invoice
  // signed with the live key (or the reverse) was not produced by PayCore as configured. Some bodies carry
  // no test_mode at all (PayCore's published payout callback): then the key that verified tells the mode.
  const claimed = callback.data.attributes.test_mode
  const bodyMode: PaycoreMode = claimed === undefined ? mode : modeOf(claimed)
  if (bodyMode !== mode) {
    return {
      ok: false,
      status: 401,
      code: "wrong_mode",
      message: `the callback is for a ${bodyMode} invoice but is signed with the ${mode} key`,
    }
  }
  return { ok: true, mode, callback }
}

/** Medusa hands the raw body over as a Buffer, a string, or (after a Redis round trip) `{type:"Buffer",data}`. */
export function rawBodyToBuffer(raw: unknown): Buffer | null {
  if (Buffer.isBuffer(raw)) return raw
  if (typeof raw === "string") return Buffer.from(raw, "utf8")
  if (raw && typeof raw === "object" && (raw as any).type === "Buffer" && Array.isArray((raw as any).data)) {
    return Buffer.from((raw as any).data)
  }
  return null
}

/** The signature header from Node's lower-cased headers (first value if repeated). */
export function signatureHeader(headers: Record<string, unknown> | undefined): unknown {
  const value = headers?.["x-signature"]
  return Array.isArray(value) ? value[0] : value
}
