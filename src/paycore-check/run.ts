// The PayCore check: asks a shop's PayCore account, in test mode, the questions PayCore's documents leave open
// (docs/paycore-notes.md), and says for each whether the plugin's options fit the answer and what to set if not.
// Framework-free: the bin (`npx paycore-check`) and the admin route both call `runPaycoreCheck`.
import { accessRows } from "./access"
import { balancesRow } from "./balances"
import type { CheckContext, PaycoreCheckOptions } from "./context"
import { publicCreationRow } from "./link-mode"
import { notAskedRows } from "./not-asked"
import { paymentInvoiceRows } from "./payment-invoices"
import { payoutRows, settleLostPayouts } from "./payouts"
import { CheckProbe } from "./probe"
import type { CheckVerdict, PaycoreCheckReport } from "./types"

export type { PaycoreCheckOptions } from "./context"

export type PaycoreCheckInput = {
  options: PaycoreCheckOptions
  /** Currency of the test invoices and payouts; default: the first of `services`, else USD. */
  currency?: string
  /** How long a test payout is watched for PayCore processing it by itself (default 10 s). */
  payoutWaitMs?: number
}

export const DEFAULT_PAYOUT_WAIT_MS = 10_000

export async function runPaycoreCheck(input: PaycoreCheckInput): Promise<PaycoreCheckReport> {
  const { options } = input
  const started = new Date()
  const probe = new CheckProbe({
    baseUrl: options.baseUrl,
    accountId: options.accountId,
    apiKey: options.apiKey,
    timeoutMs: Math.min(options.timeoutMs, 15_000),
  })
  const ctx: CheckContext = {
    probe,
    options,
    currency: (input.currency ?? Object.keys(options.services)[0] ?? "USD").toUpperCase(),
    payoutWaitMs: input.payoutWaitMs ?? DEFAULT_PAYOUT_WAIT_MS,
    description: "PayCore check of medusa-payment-paycore: a test, do not pay",
  }
  try {
    const access = await accessRows(ctx)
    const rows = [...access.rows]
    rows.push(...(await paymentInvoiceRows(ctx, access.paymentServices, access.privateApi)).rows)
    rows.push(await publicCreationRow(ctx, access.privateApi))
    rows.push(...(await payoutRows(ctx, access.payoutServices, access.privateApi)))
    rows.push(await balancesRow(ctx, access.privateApi))
    rows.push(...notAskedRows())
    if (probe.lost.length) await settleLostPayouts(ctx, probe.lost)
    const counts: Record<CheckVerdict, number> = { ok: 0, differs: 0, not_available: 0 }
    for (const row of rows) counts[row.verdict] += 1
    return redacted(
      {
        started_at: started.toISOString(),
        finished_at: new Date().toISOString(),
        base_url: options.baseUrl,
        account_id: options.accountId,
        references: [...new Set(probe.references)],
        rows,
        counts,
        passed: counts.differs === 0,
      },
      [options.apiKey, options.publicKey]
    )
  } finally {
    await probe.close()
  }
}

/** PayCore's answers are quoted in the report: any that echoed a key has it replaced, so no output carries one. */
function redacted(report: PaycoreCheckReport, secrets: (string | undefined)[]): PaycoreCheckReport {
  let text = JSON.stringify(report)
  for (const secret of secrets) {
    if (secret && secret.length >= 6) text = text.split(JSON.stringify(secret).slice(1, -1)).join("[redacted]")
  }
  return JSON.parse(text)
}
