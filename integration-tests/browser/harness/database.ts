// A fresh database for one browser test run, on the PostgreSQL server that scripts/test.mjs started (DB_* in the
// environment, or DATABASE_URL). Run without one (plain `jest`), the harness starts its own server with
// scripts/lib/postgres.mjs in a child process and stops it again.
import crypto from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import { Client } from "pg"
import { spawnLogged, type LoggedProcess } from "./processes"

export type DbEnv = { DB_HOST: string; DB_PORT: string; DB_USERNAME: string; DB_PASSWORD: string }

export type TempDatabase = {
  name: string
  /** postgres://… for the app (DATABASE_URL). */
  url: string
  drop(): Promise<void>
}

function envFromProcess(): DbEnv | null {
  const env = process.env
  if (env.DB_HOST) {
    return {
      DB_HOST: env.DB_HOST,
      DB_PORT: env.DB_PORT ?? "5432",
      DB_USERNAME: env.DB_USERNAME ?? "postgres",
      DB_PASSWORD: env.DB_PASSWORD ?? "",
    }
  }
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL)
    return {
      DB_HOST: url.hostname,
      DB_PORT: url.port || "5432",
      DB_USERNAME: decodeURIComponent(url.username || "postgres"),
      DB_PASSWORD: decodeURIComponent(url.password || ""),
    }
  }
  return null
}

/** The server from the environment, or a new one (stopped by the returned `stop`). */
export async function databaseServer(options: {
  projectRoot: string
  logDir: string
}): Promise<{ env: DbEnv; stop: () => Promise<void> }> {
  const fromEnv = envFromProcess()
  if (fromEnv) return { env: fromEnv, stop: async () => {} }

  const logFile = path.join(options.logDir, "postgres.log")
  const server: LoggedProcess = spawnLogged(
    process.execPath,
    [path.join(options.projectRoot, "integration-tests/browser/harness/postgres-server.mjs")],
    { cwd: options.projectRoot, env: { ...process.env, NODE_OPTIONS: "" }, logFile }
  )
  const deadline = Date.now() + 60_000
  for (;;) {
    const line = fs
      .readFileSync(logFile, "utf8")
      .split("\n")
      .find((l) => l.startsWith("POSTGRES_ENV "))
    if (line) {
      const env = JSON.parse(line.slice("POSTGRES_ENV ".length)) as DbEnv
      // SIGTERM lets the script stop PostgreSQL and delete its data directory.
      return { env, stop: () => server.stop(15_000) }
    }
    if (server.child.exitCode !== null || Date.now() > deadline) {
      await server.stop(1_000)
      throw new Error(`PostgreSQL did not start; log: ${logFile}\n${server.logTail()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function urlFor(env: DbEnv, database: string) {
  const auth = `${encodeURIComponent(env.DB_USERNAME)}:${encodeURIComponent(env.DB_PASSWORD)}`
  return `postgres://${auth}@${env.DB_HOST}:${env.DB_PORT}/${encodeURIComponent(database)}`
}

async function withAdminClient<T>(env: DbEnv, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: urlFor(env, "postgres") })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/**
 * Creates a database with a unique name, empty or as a copy of `template`; `drop` removes it (closing any
 * connection left open).
 */
export async function createTempDatabase(
  env: DbEnv,
  prefix = "medusa_paycore_browser",
  template?: string
): Promise<TempDatabase> {
  const name = `${prefix}_${Date.now()}_${crypto.randomBytes(3).toString("hex")}`
  await withAdminClient(env, (client) =>
    client.query(`create database "${name}"${template ? ` template "${template}"` : ""}`)
  )
  return {
    name,
    url: urlFor(env, name),
    drop: () =>
      withAdminClient(env, (client) => client.query(`drop database if exists "${name}" with (force)`)).then(() => {}),
  }
}

/**
 * Migrated and seeded databases, kept on the server for the rest of the run (it is the test run's own). Every stack
 * migrated and seeded the same way (same `key`) starts from a copy, which takes a second instead of Medusa's
 * migrations and the seed (about 25 s on 2 cores). The seed's result is the template's database comment.
 */
export type SeededTemplate<T> = { name: string; seed: T }

const templateName = (key: string) =>
  `medusa_paycore_tpl_${crypto.createHash("sha256").update(key).digest("hex").slice(0, 16)}`

/** The template for `key`, if a stack made one earlier on this server. */
export async function findSeededTemplate<T>(env: DbEnv, key: string): Promise<SeededTemplate<T> | null> {
  const name = templateName(key)
  const rows = await withAdminClient(env, (client) =>
    client.query<{ comment: string | null }>(
      `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
      [name]
    )
  )
  const comment = rows.rows[0]?.comment
  return comment ? { name, seed: JSON.parse(comment) as T } : null
}

/**
 * Copies `database` (migrated and seeded, nobody connected) as the template for `key`. Answers false when it could
 * not (a connection still closing): the next stack then migrates again, nothing else changes.
 */
export async function saveSeededTemplate(env: DbEnv, database: string, key: string, seed: unknown): Promise<boolean> {
  const name = templateName(key)
  return withAdminClient(env, async (client) => {
    await client.query(`drop database if exists "${name}"`)
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await client.query(`create database "${name}" template "${database}"`)
        await client.query(`comment on database "${name}" is ${client.escapeLiteral(JSON.stringify(seed))}`)
        return true
      } catch (error) {
        // "source database is being accessed by other users": the seed's connections are still closing.
        if ((error as { code?: string }).code !== "55006") throw error
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
    return false
  })
}
