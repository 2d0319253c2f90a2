import { z } from "zod"

import { PaycoreInvalidRequestError } from "../errors"

/** Checks of the caller's input, before anything is sent. */

export function validateRequest<S extends z.ZodType>(schema: S, input: unknown, operation: string): z.output<S> {
  const result = schema.safeParse(input)
  if (!result.success) {
    throw new PaycoreInvalidRequestError({ operation, issues: formatIssues(result.error.issues) })
  }
  return result.data
}

export function requireText(value: unknown, name: string, operation: string): void {
  if (typeof value !== "string" || value.trim() === "") {
    throw new PaycoreInvalidRequestError({ operation, issues: [`${name}: expected a non-empty string`] })
  }
}

/** `data.attributes.amount: Invalid input…` — paths and rules only, never the values. */
export function formatIssues(issues: ReadonlyArray<z.core.$ZodIssue>, limit = 10): string[] {
  const lines = issues.slice(0, limit).map((issue) => {
    const path = issue.path.map(String).join(".")
    return path ? `${path}: ${issue.message}` : issue.message
  })
  if (issues.length > limit) {
    lines.push(`…and ${issues.length - limit} more`)
  }
  return lines
}
