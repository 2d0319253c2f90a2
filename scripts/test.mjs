#!/usr/bin/env node
// `npm test`: unit tests, then HTTP integration tests against a real PostgreSQL.
// Usage: node scripts/test.mjs [unit|integration:http|package|browser|reliability ...] [-- extra jest args]
// `browser` drives the admin in headless Chromium (/usr/bin/chromium, from .ci/apt-packages).
// `reliability` kills and restarts servers and runs two of them on Redis (redis-server, from .ci/apt-packages).
// Ends with the plain line `N passed, N failed, N skipped` and a non-zero exit code on any failure; a layer asked for
// that has no test files, or that ran no test, is a failure (scripts/lib/test-summary.mjs decides).
import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { PROJECT_ROOT, startPostgres, stopOnSignals } from "./lib/postgres.mjs"
import { summarizeLayers } from "./lib/test-summary.mjs"

const ALL_LAYERS = ["unit", "integration:http", "package", "browser", "reliability"]
const argv = process.argv.slice(2)
const separator = argv.indexOf("--")
const layerArgs = separator === -1 ? argv : argv.slice(0, separator)
const jestExtra = separator === -1 ? [] : argv.slice(separator + 1)
const layers = layerArgs.length ? layerArgs : ALL_LAYERS
for (const layer of layers) {
  if (!ALL_LAYERS.includes(layer)) {
    console.error(`unknown test layer "${layer}"; expected one of ${ALL_LAYERS.join(", ")}`)
    process.exit(2)
  }
}

const log = (line) => console.log(`[test] ${line}`)
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-paycore-jest-"))
const jestBin = path.join(PROJECT_ROOT, "node_modules/jest/bin/jest.js")

function hasTests(layer) {
  const roots = {
    unit: ["src", "sandbox/__tests__", "scripts/__tests__"],
    "integration:http": ["integration-tests/http"],
    package: ["integration-tests/package"],
    browser: ["integration-tests/browser"],
    reliability: ["integration-tests/reliability"],
  }[layer]
  const pattern = layer === "unit" ? /\.unit\.spec\.[jt]sx?$/ : /\.spec\.[jt]s$/
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return false
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory() ? entry.name !== "node_modules" && walk(full) : pattern.test(entry.name)) return true
    }
    return false
  }
  return roots.some((root) => walk(path.join(PROJECT_ROOT, root)))
}

function runJest(layer, env) {
  const outputFile = path.join(reportDir, `${layer.replace(/[^a-z]/g, "-")}.json`)
  const args = [jestBin, "--json", `--outputFile=${outputFile}`, ...jestExtra]
  // Integration layers share one database server and boot a whole Medusa app: one file at a time.
  if (layer !== "unit") args.push("--forceExit", "--silent=false")
  // Each http file boots Medusa inside jest, and one process running them all grew by about 170 MB per file (GC
  // slowing every later file, timers of earlier apps still firing): one worker, replaced after every file.
  if (layer === "integration:http") args.push("--maxWorkers=1", "--workerIdleMemoryLimit=200MB")
  else if (layer !== "unit") args.push("--runInBand")
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: PROJECT_ROOT,
      stdio: "inherit",
      env: {
        ...process.env,
        ...env,
        TEST_TYPE: layer,
        NODE_ENV: "test",
        MEDUSA_DISABLE_TELEMETRY: "true",
        NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" "),
      },
    })
    child.on("exit", (code, signal) => {
      let report = null
      try {
        report = JSON.parse(fs.readFileSync(outputFile, "utf8"))
      } catch {
        // jest crashed before writing its report; counted as a failure below
      }
      resolve({ layer, code: code ?? (signal ? 1 : 0), report })
    })
  })
}

let database = null
stopOnSignals(async () => {
  await database?.stop()
})

const results = []
try {
  const needsDatabase = layers.some(
    (layer) => (layer.startsWith("integration:") || layer === "browser" || layer === "reliability") && hasTests(layer)
  )
  if (needsDatabase) {
    database = await startPostgres({ log })
  }
  for (const layer of layers) {
    if (!hasTests(layer)) {
      results.push({ layer, noTestFiles: true }) // a failure, reported with the others below
      continue
    }
    log(`${layer}: running`)
    results.push(await runJest(layer, database?.env ?? {}))
  }
} finally {
  await database?.stop()
  fs.rmSync(reportDir, { recursive: true, force: true })
}

const summary = summarizeLayers(results)
for (const line of summary.lines) log(line)
console.log(summary.closing)
process.exit(summary.exitCode)
