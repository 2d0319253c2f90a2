// Reading PayCore's error bodies: its own `{request_id, error_type, error_codes}`, JSON:API `errors` and the other
// shapes seen in the wild, flattened into short, bounded texts for PaycoreApiError (errors.ts).

/** What could be read from a PayCore error body. */
export interface ParsedPaycoreErrorBody {
  requestId?: string
  errorType?: string
  /** Flattened, human-readable validation errors, e.g. `"reference_id: required"`. */
  errorCodes: string[]
  /** Free-text messages (`message`, `error`, JSON:API `title`/`detail`). */
  messages: string[]
  /** PayCore's documented `{request_id, error_type, error_codes}`, a JSON:API `errors` array, or anything else. */
  format: "paycore" | "jsonapi" | "other"
}

const MAX_ERROR_ITEMS = 20
const MAX_ERROR_TEXT = 300

function clip(text: string): string {
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text
}

function asText(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim() !== "") {
    return clip(value.trim())
  }
  if (typeof value === "number" || typeof value === "boolean") {
    return String(value)
  }
  return undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

/**
 * Turns PayCore's `error_codes` (documented only as "an array of validation errors",
 * exact nesting unknown — docs/paycore-notes.md, "Errors and duplicate references") into
 * flat strings. Accepts an array of strings, an array of objects, or a map of field → code(s).
 */
function flattenErrorCodes(value: unknown, prefix = "", depth = 0): string[] {
  if (depth > 4) {
    return []
  }
  const text = asText(value)
  if (text !== undefined) {
    return [prefix ? `${prefix}: ${text}` : text]
  }
  if (Array.isArray(value)) {
    return value.flatMap((item) => flattenErrorCodes(item, prefix, depth + 1))
  }
  if (isRecord(value)) {
    // An object that describes one error ({field, code, message}) rather than a map.
    const field = asText(value.field) ?? asText(value.attribute) ?? asText(value.property)
    const code = asText(value.code) ?? asText(value.error) ?? asText(value.message)
    if (code !== undefined && (field !== undefined || Object.keys(value).length <= 3)) {
      const label = [prefix, field].filter(Boolean).join(".")
      return [label ? `${label}: ${code}` : code]
    }
    return Object.entries(value).flatMap(([key, item]) =>
      flattenErrorCodes(item, prefix ? `${prefix}.${key}` : key, depth + 1)
    )
  }
  return []
}

/** Reads a JSON:API `errors` array: `[{status, code, title, detail, source: {pointer|parameter}}]`. */
function flattenJsonApiErrors(errors: unknown[]): { codes: string[]; messages: string[] } {
  const codes: string[] = []
  const messages: string[] = []
  for (const item of errors) {
    if (!isRecord(item)) {
      const text = asText(item)
      if (text) {
        messages.push(text)
      }
      continue
    }
    const source = isRecord(item.source) ? item.source : {}
    const where = (asText(source.pointer) ?? asText(source.parameter) ?? "").replace(/^\/data\/attributes\//, "")
    const code = asText(item.code)
    const text = asText(item.detail) ?? asText(item.title) ?? asText(item.message)
    if (code !== undefined) {
      codes.push(where ? `${where}: ${code}` : code)
    }
    if (text !== undefined) {
      messages.push(where && code === undefined ? `${where}: ${text}` : text)
    }
  }
  return { codes, messages }
}

/**
 * Parses any of the error shapes PayCore is known or likely to send:
 * - PayCore's own `{request_id, error_type, error_codes}` (the documented 422 fields),
 * - a JSON:API `{errors: [...]}` array, which PayCore's SDK also treats as an error,
 * - `{error: "text"}` / `{error: {message, code, type}}`,
 * - a bare `{message: "text"}`.
 * Unknown shapes yield empty fields, never an exception.
 */
export function parsePaycoreErrorBody(body: unknown): ParsedPaycoreErrorBody {
  const result: ParsedPaycoreErrorBody = { errorCodes: [], messages: [], format: "other" }
  if (!isRecord(body)) {
    return result
  }
  if (["request_id", "error_type", "error_codes"].some((key) => key in body)) result.format = "paycore"
  else if (Array.isArray(body.errors)) result.format = "jsonapi"
  const nested = isRecord(body.error) ? body.error : undefined
  result.requestId = asText(body.request_id) ?? asText(nested?.request_id)
  result.errorType = asText(body.error_type) ?? asText(nested?.error_type) ?? asText(nested?.type)

  if (body.error_codes !== undefined) {
    result.errorCodes.push(...flattenErrorCodes(body.error_codes))
  }
  if (nested?.error_codes !== undefined) {
    result.errorCodes.push(...flattenErrorCodes(nested.error_codes))
  }
  if (Array.isArray(body.errors)) {
    const parsed = flattenJsonApiErrors(body.errors)
    result.errorCodes.push(...parsed.codes)
    result.messages.push(...parsed.messages)
  } else if (isRecord(body.errors)) {
    // Laravel-style {errors: {field: ["message"]}}
    result.errorCodes.push(...flattenErrorCodes(body.errors))
  }
  const errorText = asText(body.error)
  if (errorText !== undefined) {
    result.messages.push(errorText)
  }
  if (nested) {
    const nestedText = asText(nested.message) ?? asText(nested.detail)
    if (nestedText !== undefined) {
      result.messages.push(nestedText)
    }
    const nestedCode = asText(nested.code)
    if (nestedCode !== undefined) {
      result.errorCodes.push(nestedCode)
    }
  }
  const messageText = asText(body.message)
  if (messageText !== undefined) {
    result.messages.push(messageText)
  }
  result.errorCodes = [...new Set(result.errorCodes)].slice(0, MAX_ERROR_ITEMS)
  result.messages = [...new Set(result.messages)].slice(0, MAX_ERROR_ITEMS)
  return result
}
