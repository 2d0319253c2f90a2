/**
 * JSON exactly as PHP's `json_encode($value)` (default flags) writes it, because PayCore is a PHP application and
 * its callback signatures are computed over those bytes (docs/paycore-notes.md, "Callbacks and signatures"). A
 * receiver that verifies the signature over a re-serialised body fails, and the sandbox must expose that bug rather
 * than hide it:
 *
 * - `/` is escaped as `\/` (`"http:\/\/example.com"`);
 * - every non-ASCII character is written as `\uXXXX` (lower-case hex, UTF-16 surrogate pairs for astral chars);
 * - an empty object or an empty array is `[]` (PHP cannot tell an empty map from an empty list), which is why
 *   PayCore's examples show `"metadata": []` and `"return_urls": []`;
 * - keys whose value is `undefined` are left out (they do not exist on the PHP side).
 */
export function phpJsonEncode(value: unknown): string {
  return encode(value)
}

function encode(value: unknown): string {
  if (value === null || value === undefined) return "null"
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false"
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("php-json: cannot encode a non-finite number")
      return String(value)
    case "string":
      return encodeString(value)
    case "object":
      break
    default:
      throw new TypeError(`php-json: cannot encode a ${typeof value}`)
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]"
    return "[" + value.map((item) => encode(item)).join(",") + "]"
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
  if (entries.length === 0) return "[]"
  return "{" + entries.map(([k, v]) => encodeString(k) + ":" + encode(v)).join(",") + "}"
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "/": "\\/",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
}

function encodeString(text: string): string {
  let out = '"'
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    const code = text.charCodeAt(i)
    const short = SHORT_ESCAPES[ch]
    if (short !== undefined) out += short
    else if (code < 0x20 || code > 0x7f) out += "\\u" + code.toString(16).padStart(4, "0")
    else out += ch
  }
  return out + '"'
}
