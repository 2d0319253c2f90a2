import { createHash, timingSafeEqual } from "node:crypto"

/**
 * PayCore's callback signature (docs/paycore-notes.md, "Callbacks and signatures"): base64 of the *binary* SHA-1 digest of
 * secret + raw body + secret, where secret is the account's `sk_test_…` or `sk_live_…` private key.
 */
export function signCallbackBody(rawBody: string | Buffer, secret: string): string {
  const body = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody
  const key = Buffer.from(secret, "utf8")
  return createHash("sha1")
    .update(Buffer.concat([key, body, key]))
    .digest("base64")
}

/** Constant-time check of an `X-Signature` header against the raw body. */
export function verifyCallbackSignature(rawBody: string | Buffer, header: string | undefined, secret: string): boolean {
  if (!header) return false
  const expected = Buffer.from(signCallbackBody(rawBody, secret))
  const given = Buffer.from(header.trim())
  return expected.length === given.length && timingSafeEqual(expected, given)
}
