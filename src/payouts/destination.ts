import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto"
import type { DestinationFields } from "./field-rules"

export { maskDestination, maskDestinationValue, normalizeDestination, type DestinationFields } from "./field-rules"

/**
 * HMAC-SHA256 of the full destination (keys sorted; a card's expiry included), keyed with a key derived (HKDF) from the app's secret. It lets
 * the approving admin's re-entered fields be compared with the creator's without storing them; without the app's
 * secret it cannot be brute-forced from the masked digits.
 */
export function destinationFingerprint(fields: DestinationFields, appSecret: string): string {
  const key = Buffer.from(hkdfSync("sha256", appSecret, "medusa-payment-paycore", "payout destination v1", 32))
  const canonical = JSON.stringify(
    Object.keys(fields)
      .sort()
      .map((name) => [name, fields[name]])
  )
  return createHmac("sha256", key).update(canonical).digest("base64")
}

export function fingerprintsMatch(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

// ---------------------------------------------------------------------------------------------------------------
// Sealed destinations: how full fields travel through a workflow
// ---------------------------------------------------------------------------------------------------------------

/**
 * Medusa's workflow engines write a running workflow's input and step results to the database
 * (`workflow_execution`) or Redis. The full destination must not be stored, so it enters a workflow sealed:
 * AES-256-GCM with a random key that lives only in this process's memory and is never written anywhere. The
 * workflow's steps run in the process that started it and open it there; a stored copy cannot be read by anyone.
 */
const PROCESS_KEY = randomBytes(32)
const SEAL_VERSION = "pcsd1"

export function sealPayoutDestination(fields: Record<string, string>): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv("aes-256-gcm", PROCESS_KEY, iv)
  const body = Buffer.concat([cipher.update(JSON.stringify(fields), "utf8"), cipher.final()])
  return [
    SEAL_VERSION,
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    body.toString("base64url"),
  ].join(".")
}

/** Opens a destination sealed by this process; throws when it was sealed elsewhere (another process, a restart). */
export function openPayoutDestination(sealed: string): DestinationFields {
  const [version, iv, tag, body] = typeof sealed === "string" ? sealed.split(".") : []
  if (version !== SEAL_VERSION || !iv || !tag || !body) {
    throw new Error("the payout destination is not sealed with sealPayoutDestination()")
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", PROCESS_KEY, Buffer.from(iv, "base64url"))
    decipher.setAuthTag(Buffer.from(tag, "base64url"))
    const text = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8")
    return JSON.parse(text) as DestinationFields
  } catch {
    throw new Error("the payout destination was sealed by another server process (or before a restart); enter it again")
  }
}
