// The PayCore check's result: one row per question about the shop's PayCore account, read by the bin
// (`npx paycore-check`), the admin route and the settings page (which imports these types, type-only).

/** ok: PayCore answered as the plugin's options expect; differs: it did not; not_available: it could not be asked. */
export type CheckVerdict = "ok" | "differs" | "not_available"

/** What PayCore answered to the probe behind a row (never a key, a card number or a whole body). */
export type CheckAnswer = {
  /** HTTP status of the deciding answer; null when there was none (network, or not asked). */
  http_status: number | null
  error_type: string | null
  request_id: string | null
  /** One line: what PayCore did, e.g. "422 naming service" or "listed the invoice". */
  summary: string
}

export type CheckRow = {
  /** Stable id, e.g. `credentials`, `payout_format`. */
  id: string
  title: string
  /** What the plugin, with its current options, expects PayCore to do. */
  expected: string
  answer: CheckAnswer
  verdict: CheckVerdict
  /** What to do when the verdict is not ok: an option and its value, or a PayCore dashboard setting. */
  action: string | null
  /**
   * The name of what this PayCore does where its documents leave a question open (the sandbox profile with that
   * behaviour, e.g. `duplicate-422`); null when it does what the documents say or the question was not asked.
   */
  variant: string | null
}

export type PaycoreCheckReport = {
  started_at: string
  finished_at: string
  base_url: string
  /** The Commerce Account ID (coma_…), which is not a secret. */
  account_id: string
  /** Every object the check created at PayCore: test-mode invoices and payouts whose reference starts paycore-check-. */
  references: string[]
  rows: CheckRow[]
  counts: Record<CheckVerdict, number>
  /** No row differs. */
  passed: boolean
}
