import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto"

// Card tokens are stored sealed with the provider's `savedCardKey` (Node's own AES-256-GCM: no library needed). The
// seal is bound to the card's owner, account and mode (GCM's additional data), so a database writer who moves a
// sealed token to another customer's row gets a token that no longer opens.

const SEAL_VERSION = "pcst1"

/** Who a sealed token belongs to; part of the seal. */
export type TokenOwner = { customerId: string; accountId: string; testMode: boolean }

function keys(secret: string) {
  const derive = (info: string) => Buffer.from(hkdfSync("sha256", secret, "paycore-saved-cards", info, 32))
  return { seal: derive("token seal"), fingerprint: derive("token fingerprint") }
}

const aad = (owner: TokenOwner) =>
  Buffer.from(`${owner.customerId}\u0000${owner.accountId}\u0000${owner.testMode ? "test" : "live"}`)

export function sealToken(token: string, owner: TokenOwner, secret: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv("aes-256-gcm", keys(secret).seal, iv)
  cipher.setAAD(aad(owner))
  const body = Buffer.concat([cipher.update(token, "utf8"), cipher.final()])
  const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url"))
  return [SEAL_VERSION, ...parts].join(".")
}

/** The token, or undefined when the seal was made with another key or for another owner. */
export function openToken(sealed: string, owner: TokenOwner, secret: string): string | undefined {
  const [version, iv, tag, body] = sealed.split(".")
  if (version !== SEAL_VERSION || !iv || !tag || !body) return undefined
  try {
    const decipher = createDecipheriv("aes-256-gcm", keys(secret).seal, Buffer.from(iv, "base64url"))
    decipher.setAAD(aad(owner))
    decipher.setAuthTag(Buffer.from(tag, "base64url"))
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8")
  } catch {
    return undefined
  }
}

/** Tells two saved copies of one token apart from two cards without storing anything that opens it. */
export function tokenFingerprint(token: string, secret: string): string {
  return createHmac("sha256", keys(secret).fingerprint).update(token).digest("base64url")
}
