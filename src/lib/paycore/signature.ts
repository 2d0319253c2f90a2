import { createHash, timingSafeEqual } from "node:crypto"

/**
 * PayCore callback signatures (docs/paycore-notes.md, "Callbacks and signatures").
 *
 * PayCore signs every callback with
 *   X-Signature = base64( sha1( secret + rawBody + secret ) )
 * where sha1 yields the 20 raw digest bytes (PHP `sha1(..., true)`), not hex, and
 * `secret` is the commerce account's private key for the operation's mode
 * (`sk_test_…` or `sk_live_…`).
 *
 * The hash covers the body bytes exactly as they arrived. PayCore's PHP encoder
 * escapes slashes and may order keys differently from `JSON.stringify`, so a
 * parsed-and-re-serialised body will not verify: always pass the raw body.
 */

/** The header PayCore puts the signature in (Node lower-cases incoming header names). */
export const PAYCORE_SIGNATURE_HEADER = "x-signature"

function toBytes(value: Buffer | string): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value, "utf8")
}

/** Computes the signature PayCore would send for `raw`, signed with `secret`. */
export function signPaycoreBody(raw: Buffer | string, secret: string): string {
  const key = Buffer.from(secret, "utf8")
  return createHash("sha1")
    .update(Buffer.concat([key, toBytes(raw), key]))
    .digest("base64")
}

/**
 * True when `header` is PayCore's signature of exactly these `raw` bytes under `secret`.
 *
 * Returns false (never throws) for a missing, empty or repeated header, and for an
 * empty secret, so a misconfigured store cannot accept unsigned callbacks. The
 * comparison is constant-time so the expected signature cannot be probed byte by byte.
 */
export function verifyPaycoreSignature(
  raw: Buffer | string,
  header: string | string[] | undefined,
  secret: string
): boolean {
  // An array means the header was sent more than once; PayCore sends it once, so
  // anything else is not a PayCore callback and must not be guessed at.
  if (typeof header !== "string" || typeof secret !== "string" || secret.length === 0) {
    return false
  }
  const received = Buffer.from(header.trim(), "utf8")
  if (received.length === 0) {
    return false
  }
  const expected = Buffer.from(signPaycoreBody(raw, secret), "utf8")
  // timingSafeEqual throws on different lengths; the length of a base64 SHA-1 is
  // public (28 characters), so checking it first leaks nothing.
  return received.length === expected.length && timingSafeEqual(received, expected)
}
