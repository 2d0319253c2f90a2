import type { SandboxConfig } from "./config"

/** One entry of `error_codes`: a machine code, the attribute it is about (dotted path), a readable message. */
export interface ErrorCode {
  code: string
  field?: string
  message: string
}

/**
 * An HTTP error answer. PayCore documents only the top-level fields of its 422 body (`request_id`, `error_type`,
 * `error_codes`, docs/paycore-notes.md, "Errors and duplicate references"); the nesting of `error_codes` is the
 * sandbox's choice (see README).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    readonly codes: ErrorCode[] = [],
    message?: string,
    readonly headers: Record<string, string> = {}
  ) {
    super(message ?? (codes.map((c) => c.message).join("; ") || errorType))
  }
}

export const apiErrors = {
  validation: (codes: ErrorCode[]) => new ApiError(422, "validation_error", codes),
  invalid: (field: string, code: string, message: string) =>
    new ApiError(422, "validation_error", [{ code, field, message }]),
  unauthorized: (message = "Invalid or missing credentials", challenge = false) =>
    new ApiError(
      401,
      "unauthorized",
      [{ code: "unauthorized", message }],
      message,
      challenge ? { "www-authenticate": 'Basic realm="PayCore Commerce API"' } : {}
    ),
  forbidden: (message: string) => new ApiError(403, "forbidden", [{ code: "forbidden", message }]),
  notFound: (message = "Not found") => new ApiError(404, "not_found", [{ code: "not_found", message }]),
  duplicate: (config: Pick<SandboxConfig, "duplicateReferenceStatus" | "duplicateReferenceMessage">) =>
    new ApiError(config.duplicateReferenceStatus, "duplicate_request", [
      { code: "duplicate", field: "reference_id", message: config.duplicateReferenceMessage },
    ]),
  invalidState: (message: string) => new ApiError(409, "invalid_state", [{ code: "invalid_state", message }]),
}

/** The error body in the configured format. */
export function errorBody(format: SandboxConfig["errorFormat"], error: ApiError, requestId: string): unknown {
  if (format === "jsonapi") {
    return {
      errors: error.codes.map((c) => ({
        status: String(error.status),
        code: c.code,
        title: error.errorType,
        detail: c.message,
        ...(c.field ? { source: jsonApiSource(c.field) } : {}),
      })),
      meta: { request_id: requestId },
    }
  }
  return { request_id: requestId, error_type: error.errorType, error_codes: error.codes }
}

/** A query parameter (`filter[reference_id]`) is a JSON:API `parameter`; an attribute path a `pointer`. */
function jsonApiSource(field: string): { parameter: string } | { pointer: string } {
  return field.includes("[") ? { parameter: field } : { pointer: "/data/attributes/" + field.split(".").join("/") }
}
