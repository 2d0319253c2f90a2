#!/usr/bin/env node
// `npm run bench`: boots Medusa on a throw-away PostgreSQL with the PayCore sandbox and prints a table of
// ratios, each against a baseline measured in the same run on the same machine (bench/*.bench.spec.ts).
import { spawnSync } from "node:child_process"
import path from "node:path"
import { PROJECT_ROOT, startPostgres, stopOnSignals } from "./lib/postgres.mjs"

const postgres = await startPostgres({ log: (line) => console.log(`[bench] ${line}`) })
stopOnSignals(() => postgres.stop())
let status = 1
try {
  const result = spawnSync(
    process.execPath,
    [
      path.join(PROJECT_ROOT, "node_modules/jest/bin/jest.js"),
      "--config",
      "bench/jest.config.js",
      "--runInBand",
      "--forceExit",
      ...process.argv.slice(2),
    ],
    {
      cwd: PROJECT_ROOT,
      stdio: "inherit",
      env: {
        ...process.env,
        ...postgres.env,
        TEST_TYPE: "integration:http",
        NODE_ENV: "test",
        MEDUSA_DISABLE_TELEMETRY: "true",
        NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" "),
      },
    }
  )
  status = result.status ?? 1
} finally {
  await postgres.stop()
}
process.exit(status)
