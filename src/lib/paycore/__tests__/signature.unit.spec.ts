import { signPaycoreBody, verifyPaycoreSignature } from "../signature"

// Worked example of docs/paycore-notes.md, "Callbacks and signatures" (computed with Node crypto, cross-checked
// with Python hashlib).
const SECRET = "sk_test_EXAMPLEsecretKEY123"
const RAW_BODY =
  '{"data":{"type":"payment-invoices","id":"cpi_yv1RgJ2l8ty2AxIs","attributes":{"status":"processed","resolution":"ok","amount":22,"currency":"USD","reference_id":"order_01HXYZ","test_mode":true}}}'
const EXPECTED_SIGNATURE = "+sWdcNdL4IHzEYK5pI8KYF6hh/o="
const PRETTY_BODY = JSON.stringify(JSON.parse(RAW_BODY), null, 2)
const PRETTY_SIGNATURE = "IBLsuZI0M8p5k1DhWpUDswhVCMw="

describe("signPaycoreBody", () => {
  it("reproduces PayCore's worked signature example", () => {
    expect(Buffer.byteLength(RAW_BODY)).toBe(194)
    expect(signPaycoreBody(RAW_BODY, SECRET)).toBe(EXPECTED_SIGNATURE)
  })

  it("gives the same signature for a Buffer and for the same text", () => {
    expect(signPaycoreBody(Buffer.from(RAW_BODY, "utf8"), SECRET)).toBe(EXPECTED_SIGNATURE)
  })

  it("gives a different signature for the pretty-printed re-serialisation", () => {
    expect(signPaycoreBody(PRETTY_BODY, SECRET)).toBe(PRETTY_SIGNATURE)
  })

  it("hashes raw bytes, so non-UTF-8 bytes are signed as received", () => {
    const latin1 = Buffer.from([0x7b, 0xe9, 0x7d]) // "{é}" in ISO-8859-1, invalid UTF-8
    const utf8Roundtrip = Buffer.from(latin1.toString("utf8"), "utf8")
    expect(signPaycoreBody(latin1, SECRET)).not.toBe(signPaycoreBody(utf8Roundtrip, SECRET))
  })
})

describe("verifyPaycoreSignature", () => {
  const table: Array<
    [name: string, raw: Buffer | string, header: string | string[] | undefined, secret: string, expected: boolean]
  > = [
    ["accepts the worked example (string body)", RAW_BODY, EXPECTED_SIGNATURE, SECRET, true],
    ["accepts the worked example (Buffer body)", Buffer.from(RAW_BODY), EXPECTED_SIGNATURE, SECRET, true],
    ["accepts a header with surrounding whitespace", RAW_BODY, `  ${EXPECTED_SIGNATURE}\t\n`, SECRET, true],
    ["rejects the pretty-printed re-serialisation of the same JSON", PRETTY_BODY, EXPECTED_SIGNATURE, SECRET, false],
    [
      "rejects the pretty-printed body even with its own signature under another secret",
      PRETTY_BODY,
      PRETTY_SIGNATURE,
      "sk_live_other",
      false,
    ],
    [
      "rejects a body changed by one byte",
      RAW_BODY.replace('"amount":22', '"amount":23'),
      EXPECTED_SIGNATURE,
      SECRET,
      false,
    ],
    [
      "rejects the wrong secret (live key for a test operation)",
      RAW_BODY,
      EXPECTED_SIGNATURE,
      "sk_live_EXAMPLEsecretKEY123",
      false,
    ],
    ["rejects a missing header", RAW_BODY, undefined, SECRET, false],
    ["rejects an empty header", RAW_BODY, "", SECRET, false],
    ["rejects a whitespace-only header", RAW_BODY, "   ", SECRET, false],
    ["rejects a repeated header (array)", RAW_BODY, [EXPECTED_SIGNATURE, EXPECTED_SIGNATURE], SECRET, false],
    ["rejects a header of a different length without throwing", RAW_BODY, "abc", SECRET, false],
    ["rejects the hex digest instead of base64", RAW_BODY, "fac59d70d74be081f31182b9a48f0a605ea187fa", SECRET, false],
    ["rejects a signature with one character changed", RAW_BODY, `-${EXPECTED_SIGNATURE.slice(1)}`, SECRET, false],
    ["rejects everything when the secret is empty", RAW_BODY, signPaycoreBody(RAW_BODY, ""), "", false],
  ]

  it.each(table)("%s", (_name, raw, header, secret, expected) => {
    expect(verifyPaycoreSignature(raw, header, secret)).toBe(expected)
  })
})
