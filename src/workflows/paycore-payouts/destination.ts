import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto"
import { maskCardNumber, maskCardNumbersInText } from "../../lib/paycore"

/**
 * A payout's destination (PayCore's service `fields`, e.g. `{ card_number }`) is sent to PayCore in full and kept
 * here only masked. Rules (PCI DSS allows at most the first six and last four digits of a card number):
 * - card numbers (`card_number`, `pan`, or any value of 13–19 digits): first 6 + last 4, e.g. `551928******0000`;
 * - other values of 13 characters or more: first 6 + last 4 characters;
 * - 8 to 12 characters: the last 4 only; shorter values are hidden completely (`****`).
 */
const CARD_FIELD_KEYS = new Set(["card_number", "cardnumber", "pan"])
const CARD_SHAPE = /^\d{13,19}$/

export type DestinationFields = Record<string, string>

function isCardField(key: string, value: string): boolean {
  return CARD_FIELD_KEYS.has(key.toLowerCase()) || CARD_SHAPE.test(value)
}

/** Trims every value; card numbers lose the spaces and dashes people type or paste (`5519 2838 1203 0000`). */
export function normalizeDestination(fields: Record<string, string>): DestinationFields {
  const normalized: DestinationFields = {}
  for (const [key, raw] of Object.entries(fields)) {
    const value = String(raw).trim()
    normalized[key] = CARD_FIELD_KEYS.has(key.toLowerCase()) ? value.replace(/[\s-]/g, "") : value
  }
  return normalized
}

export function maskDestinationValue(key: string, value: string): string {
  if (isCardField(key, value)) return maskCardNumber(value)
  const length = value.length
  let masked: string
  if (length >= 13) masked = `${value.slice(0, 6)}${"*".repeat(length - 10)}${value.slice(-4)}`
  else if (length >= 8) masked = `${"*".repeat(length - 4)}${value.slice(-4)}`
  else masked = "****"
  // A card number hidden inside free text is masked too.
  return maskCardNumbersInText(masked)
}

/** What is stored and shown: every field masked. */
export function maskDestination(fields: DestinationFields): DestinationFields {
  const masked: DestinationFields = {}
  for (const [key, value] of Object.entries(fields)) masked[key] = maskDestinationValue(key, value)
  return masked
}

/**
 * HMAC-SHA256 of the full destination (keys sorted), keyed with a key derived (HKDF) from the app's secret. It lets
 * the approving admin's re-entered fields be compared with the creator's without storing them; without the app's
 * secret it cannot be brute-forced from the masked digits.
 */
export function destinationFingerprint(fields: DestinationFields, appSecret: string): string {
  const key = Buffer.from(hkdfSync("sha256", appSecret, "medusa-payment-paycore", "payout destination v1", 32))
  const canonical = JSON.stringify(Object.keys(fields).sort().map((name) => [name, fields[name]]))
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
  return [SEAL_VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".")
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
