import { openToken, sealToken, tokenFingerprint } from "../seal"

const KEY = "q3VJz0x8mC7rT2yLpN5aB9dE4fG6hK1sW0uI2oP8vXc="
const OTHER_KEY = "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0EdCbA9zY8xW7v="
const OWNER = { customerId: "cus_A", accountId: "coma_X", testMode: true }
const TOKEN = "4c9jHUgeL1SD7g5byDYnQ2wXk8pLm3Nb"

describe("saved card tokens at rest", () => {
  it("seals a token so that the stored text does not contain it and opens it with the same key and owner", () => {
    const sealed = sealToken(TOKEN, OWNER, KEY)
    expect(sealed).not.toContain(TOKEN)
    expect(sealed.startsWith("pcst1.")).toBe(true)
    expect(openToken(sealed, OWNER, KEY)).toBe(TOKEN)
  })

  it("seals the same token differently each time (a random nonce)", () => {
    expect(sealToken(TOKEN, OWNER, KEY)).not.toBe(sealToken(TOKEN, OWNER, KEY))
  })

  it("does not open with another key", () => {
    expect(openToken(sealToken(TOKEN, OWNER, KEY), OWNER, OTHER_KEY)).toBeUndefined()
  })

  it("does not open for another customer, account or mode: a sealed token moved to another row is useless", () => {
    const sealed = sealToken(TOKEN, OWNER, KEY)
    expect(openToken(sealed, { ...OWNER, customerId: "cus_B" }, KEY)).toBeUndefined()
    expect(openToken(sealed, { ...OWNER, accountId: "coma_Y" }, KEY)).toBeUndefined()
    expect(openToken(sealed, { ...OWNER, testMode: false }, KEY)).toBeUndefined()
  })

  it("does not open a tampered or wiped seal", () => {
    const sealed = sealToken(TOKEN, OWNER, KEY)
    const parts = sealed.split(".")
    parts[3] = parts[3].slice(0, -2) + (parts[3].endsWith("AA") ? "BB" : "AA")
    expect(openToken(parts.join("."), OWNER, KEY)).toBeUndefined()
    expect(openToken("", OWNER, KEY)).toBeUndefined()
  })

  it("fingerprints a token the same way every time, differently per key, without containing it", () => {
    expect(tokenFingerprint(TOKEN, KEY)).toBe(tokenFingerprint(TOKEN, KEY))
    expect(tokenFingerprint(TOKEN, KEY)).not.toBe(tokenFingerprint(TOKEN, OTHER_KEY))
    expect(tokenFingerprint(TOKEN, KEY)).not.toContain(TOKEN)
    expect(tokenFingerprint(`${TOKEN}x`, KEY)).not.toBe(tokenFingerprint(TOKEN, KEY))
  })
})
