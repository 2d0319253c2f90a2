import { compilePaycorePattern } from "../field-rules"
import { destinationFingerprint, fingerprintsMatch, maskDestination, normalizeDestination } from "../destination"

describe("payout destinations", () => {
  it("keeps at most the first 6 and last 4 digits of a card number", () => {
    expect(maskDestination({ card_number: "5123817234060000" })).toEqual({ card_number: "512381******0000" })
    expect(maskDestination({ pan: "4302912837020000123" })).toEqual({ pan: "430291*********0123" })
    // A card number under another field name is still a card number.
    expect(maskDestination({ account: "5519283812030000" })).toEqual({ account: "551928******0000" })
    // Too short to be a card: hidden completely.
    expect(maskDestination({ card_number: "1234" })).toEqual({ card_number: "[redacted]" })
  })

  it("masks other fields by length", () => {
    expect(maskDestination({ iban: "UA213223130000026007233566001" })).toEqual({
      iban: "UA2132*******************6001",
    })
    expect(maskDestination({ phone: "+380501234567" })).toEqual({ phone: "+38050***4567" })
    expect(maskDestination({ wallet: "P1234567" })).toEqual({ wallet: "****4567" })
    expect(maskDestination({ name: "Jane" })).toEqual({ name: "****" })
  })

  it("normalises card numbers typed with spaces or dashes, and trims the rest", () => {
    expect(normalizeDestination({ card_number: " 5123 8172-3406 0000 ", name: " Jane Doe " })).toEqual({
      card_number: "5123817234060000",
      name: "Jane Doe",
    })
  })

  it("fingerprints the full destination with the app secret, independent of key order", () => {
    const a = destinationFingerprint({ card_number: "5123817234060000", name: "Jane" }, "secret-1")
    const b = destinationFingerprint({ name: "Jane", card_number: "5123817234060000" }, "secret-1")
    expect(fingerprintsMatch(a, b)).toBe(true)
    expect(a).not.toContain("5123817234060000")
    expect(
      fingerprintsMatch(a, destinationFingerprint({ card_number: "5123817234060001", name: "Jane" }, "secret-1"))
    ).toBe(false)
    expect(
      fingerprintsMatch(a, destinationFingerprint({ card_number: "5123817234060000", name: "Jane" }, "secret-2"))
    ).toBe(false)
  })

  it("compiles PayCore's field patterns, with or without PCRE delimiters, and skips what JavaScript cannot compile", () => {
    expect(compilePaycorePattern("^[0-9]{13,19}$")!.test("5123817234060000")).toBe(true)
    expect(compilePaycorePattern("/^ua\\d+$/i")!.test("UA123")).toBe(true)
    expect(compilePaycorePattern("(?<=")).toBeNull()
    expect(compilePaycorePattern(null)).toBeNull()
  })
})
