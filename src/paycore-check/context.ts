import type { z } from "zod"
import type { paycoreCheckOptionsSchema } from "../accounts/options"
import type { CheckProbe } from "./probe"
import type { CheckAnswer, CheckRow, CheckVerdict } from "./types"

/** The provider options the check reads: the connection and every option whose right value it can find out. */
export type PaycoreCheckOptions = z.output<typeof paycoreCheckOptionsSchema>

export type CheckContext = {
  probe: CheckProbe
  options: PaycoreCheckOptions
  currency: string
  /** How long a test payout is watched for PayCore processing it by itself. */
  payoutWaitMs: number
  /** Test invoices say what they are, and where PayCore shows it, that nobody should pay them. */
  description: string
}

export function row(
  id: string,
  title: string,
  expected: string,
  answer: CheckAnswer,
  verdict: CheckVerdict,
  action: string | null = null,
  variant: string | null = null
): CheckRow {
  return { id, title, expected, answer, verdict, action, variant }
}

/** A row for a question that could not be asked, with why. */
export function notAsked(id: string, title: string, expected: string, why: string, action: string | null = null) {
  return row(
    id,
    title,
    expected,
    { http_status: null, error_type: null, request_id: null, summary: why },
    "not_available",
    action
  )
}
