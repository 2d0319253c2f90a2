// Settings → PayCore → "PayCore check": runs the check (POST /admin/paycore/check) and shows the last run, one
// table row per question asked of the shop's PayCore account, with PayCore's answer, the verdict and what to do.
import { Heading, StatusBadge, Table, Text, Button, Container, toast } from "@medusajs/ui"
import { AdminUser, FlagBadge, QueryState } from "./paycore-ui"
import { errorMessage } from "../lib/paycore-api"
import {
  type CheckAnswer,
  type CheckVerdict,
  type PaycoreCheckRun,
  usePaycoreCheck,
  useRunPaycoreCheck,
} from "../lib/paycore-check-api"
import { type BadgeColor, formatTime } from "../lib/paycore-format"

const VERDICT: Record<CheckVerdict, { text: string; color: BadgeColor }> = {
  ok: { text: "OK", color: "green" },
  differs: { text: "Differs", color: "red" },
  not_available: { text: "Not available", color: "grey" },
}

export const PaycoreCheckSection = ({ providerId }: { providerId?: string }) => {
  const last = usePaycoreCheck(providerId)
  const run = useRunPaycoreCheck(providerId)

  const start = async () => {
    try {
      const check = await run.mutateAsync()
      const { counts } = check.report
      if (check.report.passed) toast.success("PayCore check passed", { description: `${counts.ok} checks OK.` })
      else toast.error("PayCore check found differences", { description: `${counts.differs} differ: see the table.` })
    } catch (error) {
      toast.error("Could not run the PayCore check", { description: errorMessage(error) })
    }
  }

  return (
    <Container className="divide-y p-0" data-testid="paycore-check">
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div className="flex max-w-2xl flex-col gap-y-1">
          <Heading level="h2">PayCore check</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Asks your PayCore account, in test mode, the questions its documentation leaves open. Creates a few test
            invoices whose reference starts with paycore-check-; no money moves.
          </Text>
        </div>
        <Button
          size="small"
          variant="secondary"
          onClick={start}
          isLoading={run.isPending}
          disabled={run.isPending}
          data-testid="paycore-check-run"
        >
          Run PayCore check
        </Button>
      </div>
      <QueryState query={last} testId="paycore-check-last" title="Could not read the last PayCore check" rows={3}>
        {(check) =>
          check ? (
            <CheckResult check={check} />
          ) : (
            <Text size="small" className="text-ui-fg-muted px-6 py-4" data-testid="paycore-check-never">
              Not run yet.
            </Text>
          )
        }
      </QueryState>
    </Container>
  )
}

const CheckResult = ({ check }: { check: PaycoreCheckRun }) => {
  const { report } = check
  return (
    <div className="flex flex-col" data-testid="paycore-check-result" data-run-id={check.run_id}>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 px-6 py-4">
        <FlagBadge
          value={report.passed}
          yes={["Passed", "green"]}
          no={["Differs", "red"]}
          testId="paycore-check-passed"
          attribute="passed"
        />
        <Text size="small" className="text-ui-fg-subtle" data-testid="paycore-check-when">
          {formatTime(check.created_at)}
          {" · by "}
          <AdminUser id={check.run_by} />
        </Text>
        <Text size="small" className="text-ui-fg-muted" data-testid="paycore-check-counts">
          {`${report.counts.ok} OK · ${report.counts.differs} differ · ${report.counts.not_available} not available`}
        </Text>
      </div>
      <div className="overflow-x-auto">
        <Table data-testid="paycore-check-table">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Check</Table.HeaderCell>
              <Table.HeaderCell>Expected</Table.HeaderCell>
              <Table.HeaderCell>PayCore answered</Table.HeaderCell>
              <Table.HeaderCell>Verdict</Table.HeaderCell>
              <Table.HeaderCell>What to do</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {report.rows.map((row) => {
              const verdict = VERDICT[row.verdict] ?? VERDICT.not_available
              return (
                <Table.Row key={row.id} data-testid={`paycore-check-row-${row.id}`} data-verdict={row.verdict}>
                  <Table.Cell className="py-3 align-top">
                    <Text size="small" leading="compact" weight="plus">
                      {row.title}
                    </Text>
                  </Table.Cell>
                  <Table.Cell className="break-words py-3 align-top">{row.expected}</Table.Cell>
                  <Table.Cell className="break-words py-3 align-top">
                    <AnswerCell answer={row.answer} />
                  </Table.Cell>
                  <Table.Cell className="py-3 align-top">
                    <StatusBadge color={verdict.color} data-testid="paycore-check-verdict">
                      {verdict.text}
                    </StatusBadge>
                  </Table.Cell>
                  <Table.Cell className="break-words py-3 align-top" data-testid="paycore-check-action">
                    {row.action ?? <span className="text-ui-fg-muted">—</span>}
                  </Table.Cell>
                </Table.Row>
              )
            })}
          </Table.Body>
        </Table>
      </div>
    </div>
  )
}

const AnswerCell = ({ answer }: { answer: CheckAnswer }) => {
  const details = [
    answer.http_status !== null && `HTTP ${answer.http_status}`,
    answer.error_type && `error_type ${answer.error_type}`,
    answer.request_id && `request_id ${answer.request_id}`,
  ].filter(Boolean)
  return (
    <div className="flex flex-col gap-y-0.5">
      <span>{answer.summary}</span>
      {details.length > 0 && (
        <Text size="xsmall" className="text-ui-fg-muted font-mono" data-testid="paycore-check-answer-details">
          {details.join(" · ")}
        </Text>
      )}
    </div>
  )
}
