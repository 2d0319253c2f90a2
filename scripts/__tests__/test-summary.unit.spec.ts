import { execFileSync } from "node:child_process"
import path from "node:path"
import { pathToFileURL } from "node:url"

// scripts/lib/test-summary.mjs is the ES module that scripts/test.mjs imports. Jest loads .mjs files as CommonJS
// without --experimental-vm-modules and refuses to require them with it, so each case runs the module in plain Node.
const moduleUrl = pathToFileURL(path.join(__dirname, "../lib/test-summary.mjs")).href
const callModule = (name: string, arg: unknown) =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import * as summary from ${JSON.stringify(moduleUrl)}
         process.stdout.write(JSON.stringify(summary[process.argv[1]](JSON.parse(process.argv[2]))))`,
        name,
        JSON.stringify(arg),
      ],
      { encoding: "utf8", env: { PATH: process.env.PATH } }
    )
  )
const summarizeLayers = (results: unknown[]) => callModule("summarizeLayers", results)
const formatClosingLine = (counts: { passed: number; failed: number; skipped: number }): string =>
  callModule("formatClosingLine", counts)

type Report = {
  numPassedTests: number
  numFailedTests: number
  numPendingTests: number
  numTodoTests: number
  numRuntimeErrorTestSuites: number
}

const report = (counts: Partial<Report>): Report => ({
  numPassedTests: 0,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  numRuntimeErrorTestSuites: 0,
  ...counts,
})

describe("npm test's summary (scripts/lib/test-summary.mjs)", () => {
  it("passes when every layer ran tests and none failed", () => {
    const summary = summarizeLayers([
      { layer: "unit", code: 0, report: report({ numPassedTests: 10 }) },
      { layer: "package", code: 0, report: report({ numPassedTests: 3 }) },
    ])
    expect(summary).toMatchObject({ passed: 13, failed: 0, skipped: 0, exitCode: 0 })
    expect(summary.lines).toEqual(["unit: 10 passed, 0 failed, 0 skipped", "package: 3 passed, 0 failed, 0 skipped"])
    expect(summary.closing).toBe("13 passed, 0 failed, 0 skipped")
  })

  it("fails a layer that has test files but ran no test", () => {
    const summary = summarizeLayers([
      { layer: "unit", code: 0, report: report({ numPassedTests: 4 }) },
      { layer: "integration:http", code: 0, report: report({}) },
    ])
    expect(summary.failed).toBe(1)
    expect(summary.exitCode).toBe(1)
    expect(summary.lines).toContain("integration:http: ran no test")
    expect(summary.closing).toBe("4 passed, 1 failed, 0 skipped")
  })

  it("fails a layer whose tests were all skipped, and counts the skipped tests", () => {
    const summary = summarizeLayers([
      { layer: "unit", code: 0, report: report({ numPassedTests: 2, numPendingTests: 1, numTodoTests: 1 }) },
      { layer: "package", code: 0, report: report({ numPendingTests: 3 }) },
    ])
    expect(summary).toMatchObject({ passed: 2, failed: 1, skipped: 5, exitCode: 1 })
    expect(summary.lines).toEqual([
      "unit: 2 passed, 0 failed, 2 skipped",
      "package: 0 passed, 0 failed, 3 skipped",
      "package: ran no test",
    ])
    expect(summary.closing).toBe("2 passed, 1 failed, 5 skipped")
  })

  it("counts skipped tests without failing a layer that also ran tests", () => {
    const summary = summarizeLayers([
      { layer: "unit", code: 0, report: report({ numPassedTests: 5, numPendingTests: 2 }) },
    ])
    expect(summary).toMatchObject({ passed: 5, failed: 0, skipped: 2, exitCode: 0 })
    expect(summary.closing).toBe("5 passed, 0 failed, 2 skipped")
  })

  it("counts a suite that failed to load as failed", () => {
    const summary = summarizeLayers([
      { layer: "unit", code: 1, report: report({ numPassedTests: 6, numRuntimeErrorTestSuites: 1 }) },
    ])
    expect(summary).toMatchObject({ passed: 6, failed: 1, exitCode: 1 })
    expect(summary.lines).toEqual(["unit: 6 passed, 1 failed, 0 skipped"])
  })

  it("counts a layer whose only suite failed to load once, as failed", () => {
    const summary = summarizeLayers([{ layer: "package", code: 1, report: report({ numRuntimeErrorTestSuites: 1 }) }])
    expect(summary).toMatchObject({ passed: 0, failed: 1, exitCode: 1 })
    expect(summary.closing).toBe("0 passed, 1 failed, 0 skipped")
  })

  it("adds failed tests to failed suites", () => {
    const summary = summarizeLayers([
      {
        layer: "unit",
        code: 1,
        report: report({ numPassedTests: 1, numFailedTests: 2, numRuntimeErrorTestSuites: 1 }),
      },
    ])
    expect(summary.closing).toBe("1 passed, 3 failed, 0 skipped")
  })

  it("fails a layer that has no test files", () => {
    const summary = summarizeLayers([
      { layer: "unit", code: 0, report: report({ numPassedTests: 1 }) },
      { layer: "browser", noTestFiles: true },
    ])
    expect(summary).toMatchObject({ passed: 1, failed: 1, exitCode: 1 })
    expect(summary.lines).toContain("browser: no test files")
  })

  it("fails when jest exits non-zero with no failure in its report, or writes no report", () => {
    const summary = summarizeLayers([
      { layer: "unit", code: 1, report: report({ numPassedTests: 3 }) },
      { layer: "package", code: 1, report: null },
    ])
    expect(summary).toMatchObject({ passed: 3, failed: 2, exitCode: 1 })
    expect(summary.lines).toEqual([
      "unit: 3 passed, 0 failed, 0 skipped",
      "unit: jest exited with 1",
      "package: jest exited with 1 and wrote no report",
    ])
  })

  it("fails when nothing ran at all", () => {
    expect(summarizeLayers([])).toMatchObject({
      passed: 0,
      failed: 0,
      skipped: 0,
      exitCode: 1,
      closing: "0 passed, 0 failed, 0 skipped",
    })
  })

  it("formats the closing line as exactly `N passed, N failed, N skipped`", () => {
    const line = formatClosingLine({ passed: 12, failed: 0, skipped: 3 })
    expect(line).toBe("12 passed, 0 failed, 3 skipped")
    expect(line).toMatch(/^\d+ passed, \d+ failed, \d+ skipped$/)
  })

  it("names each failed test and a file that did not run, with the start of the reason, before the closing line", () => {
    const summary = summarizeLayers([
      {
        layer: "integration:http",
        code: 1,
        report: report({
          numPassedTests: 1,
          numFailedTests: 1,
          numRuntimeErrorTestSuites: 1,
          testResults: [
            {
              name: "/tmp/ci/integration-tests/http/storm.spec.ts",
              message: "suite message",
              assertionResults: [
                { fullName: " answers 200 once", status: "passed", failureMessages: [] },
                {
                  fullName: " answers 503 before 10 s",
                  status: "failed",
                  failureMessages: [
                    "\u001b[31mError: expect(received).toBeLessThan(expected)\n\nExpected: < 10000\nReceived: 12000\n  at a\n  at b\n  at c\n  at d",
                  ],
                },
              ],
            },
            {
              name: "/tmp/ci/integration-tests/http/boot.spec.ts",
              message: "Cannot find module 'x'",
              assertionResults: [],
            },
          ],
        } as any),
      },
    ])
    expect(summary.lines).toEqual([
      "integration:http: 1 passed, 2 failed, 0 skipped",
      "integration:http: FAILED integration-tests/http/storm.spec.ts › answers 503 before 10 s",
      "    Error: expect(received).toBeLessThan(expected)",
      "    Expected: < 10000",
      "    Received: 12000",
      "      at a",
      "      at b",
      "      at c",
      "integration:http: FAILED integration-tests/http/boot.spec.ts (did not run)",
      "    Cannot find module 'x'",
    ])
    expect(summary.closing).toBe("1 passed, 2 failed, 0 skipped")
  })
})
