#!/usr/bin/env node
// `npm run db:generate`: writes migrations for the plugin's modules after a model changed.
// `medusa plugin:db:generate` diffs the models against a live database `medusa-<module>`; this starts a
// throw-away PostgreSQL (or uses DB_HOST/DATABASE_URL) with empty databases for each module.
import { spawnSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { PROJECT_ROOT, startPostgres } from "./lib/postgres.mjs"

const modules = fs
  .readdirSync(path.join(PROJECT_ROOT, "src/modules"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)

const postgres = await startPostgres({ log: (line) => console.log(`[db:generate] ${line}`) })
try {
  for (const name of modules) {
    await postgres.createDatabase?.(`medusa-${name.replace(/_/g, "-")}`)
  }
  const result = spawnSync(path.join(PROJECT_ROOT, "node_modules/.bin/medusa"), ["plugin:db:generate"], {
    cwd: PROJECT_ROOT,
    stdio: "inherit",
    env: { ...process.env, ...postgres.env, MEDUSA_DISABLE_TELEMETRY: "true" },
  })
  process.exitCode = result.status ?? 1
} finally {
  await postgres.stop()
}
