// The report as the bin prints it: a block per row, the differences first, then a one-line count.
import type { CheckRow, PaycoreCheckReport } from "./types"

const VERDICT: Record<CheckRow["verdict"], string> = { differs: "DIFFERS", ok: "ok", not_available: "n/a" }
const ORDER: Record<CheckRow["verdict"], number> = { differs: 0, ok: 1, not_available: 2 }

export function formatReport(report: PaycoreCheckReport): string {
  const lines = [
    `PayCore check of ${report.account_id} at ${report.base_url}, ${report.started_at}`,
    `Test mode only; test objects created: ${report.references.length} (references starting ${report.references[0]?.replace(/-[^-]+$/, "-") ?? "paycore-check-"})`,
    "",
  ]
  const rows = [...report.rows].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict])
  for (const row of rows) {
    const pad = " ".repeat(10)
    lines.push(`${VERDICT[row.verdict].padEnd(10)}${row.title}`)
    lines.push(`${pad}expected: ${row.expected}`)
    const ids = [
      row.answer.error_type ? `error_type ${row.answer.error_type}` : null,
      row.answer.request_id ? `request_id ${row.answer.request_id}` : null,
    ].filter(Boolean)
    lines.push(`${pad}PayCore:  ${row.answer.summary}${ids.length ? ` [${ids.join(", ")}]` : ""}`)
    if (row.variant) lines.push(`${pad}variant:  ${row.variant}`)
    if (row.action) lines.push(`${pad}do:       ${row.action}`)
  }
  lines.push("")
  lines.push(
    `${report.counts.ok} ok, ${report.counts.differs} differ, ${report.counts.not_available} not available: ` +
      (report.passed
        ? "PayCore answers as the plugin's options expect."
        : "change what the DIFFERS rows say, then run the check again.")
  )
  return lines.join("\n")
}
