// What `npm test` (scripts/test.mjs) concludes from the layers it ran: counts, the failure lines and the closing
// line. Pure, so that scripts/__tests__/test-summary.unit.spec.ts can check every rule without running jest.

/**
 * @typedef {object} LayerResult
 * @property {string} layer
 * @property {boolean} [noTestFiles] the layer has no test files, so jest was not run
 * @property {number} [code] jest's exit code
 * @property {null | {numPassedTests: number, numFailedTests: number, numPendingTests?: number, numTodoTests?: number,
 *   numRuntimeErrorTestSuites?: number, testResults?: SuiteResult[]}} [report] jest's `--json` report, or null when
 *   jest wrote none
 */

/**
 * @typedef {object} SuiteResult
 * @property {string} name the test file's path
 * @property {string} [message] why the file failed to run, when it did
 * @property {{fullName: string, status: string, failureMessages?: string[]}[]} [assertionResults]
 */

/**
 * Every layer that was asked for must have run at least one test; a layer with no test files, a layer whose tests
 * all were skipped or filtered out, a suite that failed to load and a jest that failed without a report are failures.
 *
 * @param {LayerResult[]} results
 * @returns {{passed: number, failed: number, skipped: number, lines: string[], closing: string, exitCode: number}}
 */
export function summarizeLayers(results) {
  let passed = 0
  let failed = 0
  let skipped = 0
  const lines = []
  for (const { layer, noTestFiles, code, report } of results) {
    if (noTestFiles) {
      failed += 1
      lines.push(`${layer}: no test files`)
      continue
    }
    if (!report) {
      failed += 1
      lines.push(`${layer}: jest exited with ${code} and wrote no report`)
      continue
    }
    const layerPassed = report.numPassedTests
    // A suite that fails to load has no failed tests of its own; count it so it cannot pass silently.
    let layerFailed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0)
    const layerSkipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
    lines.push(`${layer}: ${layerPassed} passed, ${layerFailed} failed, ${layerSkipped} skipped`)
    lines.push(...failureLines(layer, report.testResults ?? []))
    if (report.numPassedTests + report.numFailedTests === 0) {
      lines.push(`${layer}: ran no test`)
      if (layerFailed === 0) layerFailed = 1
    } else if (code !== 0 && layerFailed === 0) {
      lines.push(`${layer}: jest exited with ${code}`)
      layerFailed = 1
    }
    passed += layerPassed
    failed += layerFailed
    skipped += layerSkipped
  }
  return {
    passed,
    failed,
    skipped,
    lines,
    closing: formatClosingLine({ passed, failed, skipped }),
    exitCode: failed > 0 || passed === 0 ? 1 : 0,
  }
}

// CI keeps only the end of the output, so each failure is named again there, with the start of its reason.
const REASON_LINES = 6

/** @param {string} text */
function reasonOf(text) {
  return text
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "")
    .slice(0, REASON_LINES)
    .map((line) => `    ${line}`)
}

/**
 * @param {string} layer
 * @param {SuiteResult[]} suites
 */
function failureLines(layer, suites) {
  const lines = []
  for (const suite of suites) {
    const file = suite.name.replace(/^.*?(?=(integration-tests|src|sandbox|scripts)\/)/, "")
    const failed = (suite.assertionResults ?? []).filter((test) => test.status === "failed")
    for (const test of failed) {
      lines.push(
        `${layer}: FAILED ${file} › ${test.fullName.trim()}`,
        ...reasonOf((test.failureMessages ?? []).join("\n"))
      )
    }
    if (!failed.length && suite.message)
      lines.push(`${layer}: FAILED ${file} (did not run)`, ...reasonOf(suite.message))
  }
  return lines
}

/** The last line `npm test` prints, alone on its line. */
export function formatClosingLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`
}
