// "Ship it": a shop installs the packed plugin by following the README, and a checkout against the PayCore sandbox
// ends in an order made by PayCore's callback.
//
// `npm run build`, `npm pack`; a fresh Medusa 2.21.2 app from ./consumer-app copied to the OS temp dir; its
// dependencies installed with npm (the cache `npm ci` warmed); the README's "Install in a store" steps applied as
// written: its `npm install` command (pointed at the tarball) and its medusa-config snippet, both read from
// README.md here, so the README cannot drift from what works; `npx medusa db:migrate` on a fresh database; the
// sandbox started from the installed package's `paycore-sandbox` bin; `npx medusa start`; a store checkout over HTTP.
//
// PostgreSQL: the server scripts/test.mjs provides (DB_* in the environment) or, run alone, one this file starts
// with scripts/lib/postgres.mjs. KEEP_CONSUMER_APP=1 keeps the app, the tarball and the logs in the temp dir.
import { spawn, type ChildProcess } from "node:child_process"
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { pathToFileURL } from "node:url"
import { Client } from "pg"
import { request } from "undici"

const BUILD_AND_INSTALL_TIMEOUT_MS = 20 * 60 * 1000
jest.setTimeout(4 * 60 * 1000)

const root = path.resolve(__dirname, "../..")
const templateDir = path.join(__dirname, "consumer-app")
const PACKAGE_NAME = "medusa-payment-paycore"
const PROVIDER_ID = "pp_paycore_paycore"
const CUSTOMER_EMAIL = "consumer-checkout@paycore-tests.com"
const keep = process.env.KEEP_CONSUMER_APP === "1"

// ---------------------------------------------------------------------------------------------------------------
// The README's "Install in a store" section: its install command and its medusa-config snippet.

type Block = { lang: string; body: string }

function installSection(readme: string): Block[] {
  const start = readme.search(/^## Install in a store\s*$/m)
  if (start === -1) throw new Error('README.md has no "## Install in a store" section')
  const rest = readme.slice(start)
  const next = rest.slice(1).search(/^## /m)
  const section = next === -1 ? rest : rest.slice(0, next + 1)
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].map((m) => ({ lang: m[1], body: m[2] }))
}

/** `npm install medusa-payment-paycore`, from the section's first bash block. */
function readmeInstallCommand(blocks: Block[]): string[] {
  const bash = blocks.find((block) => block.lang === "bash" || block.lang === "sh")
  const line = bash?.body.split("\n").find((l) => /^npm (install|i|add)\b/.test(l.trim()) && l.includes(PACKAGE_NAME))
  if (!line) throw new Error(`README "Install in a store" has no \`npm install ${PACKAGE_NAME}\` line in a bash block`)
  return line.trim().split(/\s+/)
}

/**
 * The app's medusa-config.ts: the README's snippet, with its `// …` placeholder replaced by what the fresh app's
 * own defineConfig({ … }) holds (projectConfig, admin), and the app's imports and loadEnv above it.
 */
function medusaConfigFromReadme(blocks: Block[], appConfig: string): string {
  const snippet = blocks.find((block) => block.lang === "ts" && block.body.includes("defineConfig("))
  if (!snippet) throw new Error('README "Install in a store" has no ```ts block with defineConfig(')
  const lines = snippet.body.replace(/\n$/, "").split("\n")
  if (lines[0].trim() === "// medusa-config.ts") lines.shift()
  const placeholder = lines.findIndex((l) => l.trim() === "// …")
  if (placeholder === -1)
    throw new Error("the README's medusa-config snippet has no `// …` line for the app's own settings")

  const opening = "module.exports = defineConfig({\n"
  const at = appConfig.indexOf(opening)
  const close = appConfig.lastIndexOf("})")
  if (at === -1 || close < at)
    throw new Error("consumer-app/medusa-config.ts must end with module.exports = defineConfig({ … })")
  const header = appConfig.slice(0, at)
  const appSettings = appConfig.slice(at + opening.length, close).replace(/\n$/, "")
  return `${header}${[...lines.slice(0, placeholder), appSettings, ...lines.slice(placeholder + 1)].join("\n")}\n`
}

// ---------------------------------------------------------------------------------------------------------------
// Processes: each writes to its own log file; every one still running is stopped (with its process group) in afterAll.

type Proc = {
  name: string
  child: ChildProcess
  group: boolean
  logFile: string
  exited: Promise<number | null>
  /** stdout and stderr as they came */
  output: () => string
  stdout: () => string
}
const running = new Set<Proc>()
let logDir = ""

function tail(text: string, chars = 6000) {
  return text.length > chars ? `…${text.slice(-chars)}` : text
}

function start(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; group?: boolean }
): Proc {
  const logFile = path.join(logDir, `${name}.log`)
  const log = fs.createWriteStream(logFile)
  let captured = ""
  let stdout = ""
  const group = options.group ?? true
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["pipe", "pipe", "pipe"],
    // Its own process group, so that stopping it stops what it started (npx → medusa → workers).
    detached: group,
  })
  const onData = (chunk: Buffer) => {
    captured = tail(captured + chunk.toString(), 200_000)
    log.write(chunk)
  }
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString()
    onData(chunk)
  })
  child.stderr!.on("data", onData)
  const proc: Proc = {
    name,
    child,
    group,
    logFile,
    output: () => captured,
    stdout: () => stdout,
    exited: new Promise((resolve) => {
      child.on("error", (error) => {
        onData(Buffer.from(`\n[spawn error] ${error.message}\n`))
        resolve(-1)
      })
      child.on("close", (code, signal) => {
        log.end()
        running.delete(proc)
        resolve(code ?? (signal ? 128 : null))
      })
    }),
  }
  running.add(proc)
  return proc
}

async function stop(proc: Proc, graceMs = 15_000) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (proc.group) process.kill(-proc.child.pid!, sig)
      else proc.child.kill(sig)
    } catch {
      // already gone
    }
  }
  signal("SIGTERM")
  const timer = setTimeout(() => signal("SIGKILL"), graceMs)
  await proc.exited
  clearTimeout(timer)
}

/** Runs a command to completion; throws with the end of its output when it fails. */
async function run(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  const started = Date.now()
  const proc = start(name, command, args, options)
  proc.child.stdin!.end()
  const code = await proc.exited
  const seconds = (Date.now() - started) / 1000
  if (code !== 0) {
    throw new Error(
      `\`${[command, ...args].join(" ")}\` failed (exit ${code}) in ${options.cwd}; log ${proc.logFile}:\n${tail(proc.output())}`
    )
  }
  return { output: proc.output(), stdout: proc.stdout(), seconds }
}

/** Resolves with the first match of `pattern` in the process's output; rejects if it exits or the deadline passes. */
function waitForOutput(proc: Proc, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = (text: string) => {
      const match = text.match(pattern)
      if (match) {
        cleanup()
        resolve(match)
      }
    }
    const onData = () => check(proc.output())
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error(`${proc.name} printed no ${pattern} within ${timeoutMs / 1000} s:\n${tail(proc.output())}`))
    }, timeoutMs)
    proc.exited.then((code) => {
      cleanup()
      reject(new Error(`${proc.name} exited (${code}) before printing ${pattern}:\n${tail(proc.output())}`))
    })
    const cleanup = () => {
      clearTimeout(timer)
      proc.child.stdout!.off("data", onData)
      proc.child.stderr!.off("data", onData)
    }
    proc.child.stdout!.on("data", onData)
    proc.child.stderr!.on("data", onData)
    check(proc.output())
  })
}

/** Polls `probe` until it returns a value (not undefined), with a deadline; no fixed sleeps beyond the poll interval. */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  watch?: Proc
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    if (watch && watch.child.exitCode !== null) {
      throw new Error(
        `${watch.name} exited (${watch.child.exitCode}) while waiting for ${what}:\n${tail(watch.output())}`
      )
    }
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) {
      const lastError = last ? ` (last error: ${(last as Error).message})` : ""
      const log = watch ? `; ${watch.name} log ${watch.logFile}:\n${tail(watch.output())}` : ""
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError}${log}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/**
 * The environment of every command run for the store: this process's, without what describes the repository's own
 * npm run and jest (so npm and Medusa see a plain shell in the app), its database and PayCore settings.
 */
function storeEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_lifecycle_|npm_package_|PAYCORE_|DB_)/.test(key)) continue
    if (
      [
        "npm_command",
        "npm_config_local_prefix",
        "NODE_OPTIONS",
        "NODE_ENV",
        "TEST_TYPE",
        "JEST_WORKER_ID",
        "DATABASE_URL",
        "PORT",
      ].includes(key)
    ) {
      continue
    }
    env[key] = value
  }
  return { ...env, MEDUSA_DISABLE_TELEMETRY: "true", ...extra }
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL

type DbEnv = { DB_HOST: string; DB_PORT: string; DB_USERNAME: string; DB_PASSWORD: string }

function dbUrl(env: DbEnv, database: string) {
  const auth = `${encodeURIComponent(env.DB_USERNAME)}:${encodeURIComponent(env.DB_PASSWORD)}`
  return `postgres://${auth}@${env.DB_HOST}:${env.DB_PORT}/${encodeURIComponent(database)}`
}

async function withClient<T>(url: string, body: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    return await body(client)
  } finally {
    await client.end()
  }
}

/**
 * The server from scripts/test.mjs (DB_* set) or one started here with scripts/lib/postgres.mjs in a child process
 * (an ES module, which jest's CommonJS transform cannot import). Closing its stdin (also when this process dies)
 * or SIGTERM stops it.
 */
async function databaseServer(): Promise<{ env: DbEnv; proc?: Proc }> {
  if (process.env.DB_HOST) {
    const env = process.env
    return {
      env: {
        DB_HOST: env.DB_HOST!,
        DB_PORT: env.DB_PORT ?? "5432",
        DB_USERNAME: env.DB_USERNAME ?? "postgres",
        DB_PASSWORD: env.DB_PASSWORD ?? "",
      },
    }
  }
  const lib = pathToFileURL(path.join(root, "scripts/lib/postgres.mjs")).href
  const code = [
    `import { startPostgres } from ${JSON.stringify(lib)}`,
    `const postgres = await startPostgres({ log: (line) => console.log("[postgres] " + line) })`,
    // One stop, however it is asked for: the server stopped and its data directory deleted before exiting.
    `let stopping = null`,
    `const stop = () => (stopping ??= postgres.stop().finally(() => process.exit(0)))`,
    `for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, stop)`,
    `process.stdin.on("end", stop)`,
    `process.stdin.resume()`,
    `console.log("POSTGRES_ENV " + JSON.stringify(postgres.env))`,
  ].join("\n")
  const env = { ...process.env }
  delete env.NODE_OPTIONS
  const proc = start("postgres", process.execPath, ["--input-type=module", "-e", code], {
    cwd: root,
    env,
    group: false,
  })
  const match = await waitForOutput(proc, /POSTGRES_ENV (\{.*\})/, 120_000)
  return { env: JSON.parse(match[1]) as DbEnv, proc }
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP

type Answer = { status: number; body: any }

async function http(
  method: string,
  url: string,
  options: { body?: unknown; headers?: Record<string, string> } = {}
): Promise<Answer> {
  const response = await request(url, {
    method: method as any,
    headers: { ...(options.body !== undefined ? { "content-type": "application/json" } : {}), ...options.headers },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  })
  const text = await response.body.text()
  let body: any = text
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    // not JSON
  }
  return { status: response.statusCode, body }
}

async function ok(method: string, url: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
  const answer = await http(method, url, options)
  if (answer.status >= 300)
    throw new Error(`${method} ${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`)
  return answer.body
}

// ---------------------------------------------------------------------------------------------------------------

type PackedFile = { path: string; size: number; mode: number }
type SeedResult = {
  publishableKey: string
  regions: Record<string, string>
  variantId: string
  admin: { email: string; password: string }
}

describe("a fresh Medusa 2.21.2 store that installs the packed plugin as the README says", () => {
  let workDir = ""
  let appDir = ""
  let tarball = ""
  let packed: PackedFile[] = []
  let installLog = ""
  let databaseName = ""
  let db: { env: DbEnv; proc?: Proc } | undefined
  let sandboxUrl = ""
  let appUrl = ""
  let app: Proc | undefined
  let seed: SeedResult
  let appEnv: NodeJS.ProcessEnv
  const timings: Record<string, number> = {}

  const timed = async <T>(step: string, body: () => Promise<T>): Promise<T> => {
    const started = Date.now()
    try {
      return await body()
    } finally {
      timings[step] = Math.round((Date.now() - started) / 100) / 10
    }
  }

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-paycore-consumer-"))
    logDir = path.join(workDir, "logs")
    appDir = path.join(workDir, "store")
    fs.mkdirSync(logDir)

    // 1. The package, as `npm publish` would make it (prepublishOnly runs `npm run build`).
    const repoEnv: NodeJS.ProcessEnv = { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true" }
    delete repoEnv.NODE_OPTIONS
    await timed("npm run build", () => run("build", "npm", ["run", "--silent", "build"], { cwd: root, env: repoEnv }))
    const pack = await timed("npm pack", () =>
      run("pack", "npm", ["pack", "--json", "--pack-destination", workDir], { cwd: root, env: repoEnv })
    )
    const [info] = JSON.parse(pack.stdout)
    packed = info.files
    tarball = path.join(workDir, info.filename)

    // 2. A fresh store from the template, with the README's medusa-config.
    fs.cpSync(templateDir, appDir, {
      recursive: true,
      filter: (source) =>
        !path
          .relative(templateDir, source)
          .split(path.sep)
          .some((part) => part === "node_modules" || part === ".medusa"),
    })
    const readme = installSection(fs.readFileSync(path.join(root, "README.md"), "utf8"))
    const appConfig = fs.readFileSync(path.join(appDir, "medusa-config.ts"), "utf8")
    fs.writeFileSync(path.join(appDir, "medusa-config.ts"), medusaConfigFromReadme(readme, appConfig))

    // 3. The store's own dependencies, then the README's install command with the tarball for the package name.
    const npmFlags = ["--prefer-offline", "--no-audit", "--no-fund"]
    await timed("npm install (store)", () =>
      run("npm-install-store", "npm", ["install", ...npmFlags], { cwd: appDir, env: storeEnv() })
    )
    const [npm, ...installArgs] = readmeInstallCommand(readme)
    const install = await timed("npm install (plugin, README command)", () =>
      run(
        "npm-install-plugin",
        npm,
        [...installArgs.map((arg) => (arg === PACKAGE_NAME ? tarball : arg)), ...npmFlags],
        {
          cwd: appDir,
          env: storeEnv(),
        }
      )
    )
    installLog = install.output

    // 4. A fresh database, the sandbox from the installed package, migrations, seed data, the server.
    db = await timed("PostgreSQL", () => databaseServer())
    databaseName = `paycore_consumer_${Date.now()}`
    await withClient(dbUrl(db.env, "postgres"), (client) => client.query(`create database "${databaseName}"`))

    const appPort = await freePort()
    appUrl = `http://127.0.0.1:${appPort}`
    const sandbox = start(
      "sandbox",
      "npx",
      [
        "--no",
        "--",
        "paycore-sandbox",
        "--port",
        "0",
        "--controls",
        "--callback-url",
        `${appUrl}/hooks/paycore`,
        "--callback-retry-interval-ms",
        "1000",
      ],
      { cwd: appDir, env: storeEnv() }
    )
    sandboxUrl = (await waitForOutput(sandbox, /PayCore sandbox listening on (http:\/\/\S+)/, 60_000))[1]
    const keys = await ok("GET", `${sandboxUrl}/_sandbox/config`)

    appEnv = storeEnv({
      DATABASE_URL: dbUrl(db.env, databaseName),
      STORE_CORS: "http://localhost:8000",
      ADMIN_CORS: "http://localhost:9000",
      AUTH_CORS: "http://localhost:8000,http://localhost:9000",
      PAYCORE_BASE_URL: sandboxUrl,
      PAYCORE_ACCOUNT_ID: keys.accountId,
      PAYCORE_API_KEY: keys.apiKey,
      PAYCORE_PUBLIC_KEY: keys.testPublicKey,
      PAYCORE_TEST_PRIVATE_KEY: keys.testPrivateKey,
      PAYCORE_TEST_MODE: "true",
    })
    await timed("npx medusa db:migrate", () =>
      run("migrate", "npx", ["--no", "--", "medusa", "db:migrate"], { cwd: appDir, env: appEnv })
    )

    // The repository's demo seed (regions offering pp_paycore_paycore, a product, shipping, the publishable key, an
    // admin user), run inside the store so that it uses the store's Medusa.
    fs.mkdirSync(path.join(appDir, "src/scripts"), { recursive: true })
    fs.copyFileSync(path.join(root, "demo/seed.ts"), path.join(appDir, "src/scripts/paycore-seed.ts"))
    const seeded = await timed("npx medusa exec (seed)", () =>
      run("seed", "npx", ["--no", "--", "medusa", "exec", "./src/scripts/paycore-seed.ts"], {
        cwd: appDir,
        env: appEnv,
      })
    )
    const seedLine = seeded.output.split("\n").find((line) => line.includes("DEMO_SEED_RESULT "))
    if (!seedLine) throw new Error(`the seed printed no DEMO_SEED_RESULT line:\n${tail(seeded.output)}`)
    seed = JSON.parse(seedLine.slice(seedLine.indexOf("DEMO_SEED_RESULT ") + "DEMO_SEED_RESULT ".length))

    await timed("npx medusa start (until /health)", async () => {
      app = start("medusa-start", "npx", ["--no", "--", "medusa", "start", "-H", "127.0.0.1", "-p", String(appPort)], {
        cwd: appDir,
        env: appEnv,
      })
      await eventually(
        "the store's /health",
        async () => ((await http("GET", `${appUrl}/health`)).status === 200 ? true : undefined),
        180_000,
        app
      )
    })
  }, BUILD_AND_INSTALL_TIMEOUT_MS)

  afterAll(async () => {
    for (const proc of [...running].reverse()) {
      if (proc !== db?.proc) await stop(proc)
    }
    if (db && databaseName && !db.proc && !keep) {
      await withClient(dbUrl(db.env, "postgres"), (client) =>
        client.query(`drop database if exists "${databaseName}" with (force)`)
      ).catch((error) => console.warn(`could not drop ${databaseName}: ${error.message}`))
    }
    if (db?.proc) {
      db.proc.child.stdin!.end()
      await Promise.race([db.proc.exited, new Promise((resolve) => setTimeout(resolve, 30_000))])
      await stop(db.proc)
    }
    if (workDir && !keep) fs.rmSync(workDir, { recursive: true, force: true })
    const lines = Object.entries(timings).map(([step, seconds]) => `  ${step.padEnd(40)} ${seconds} s`)
    console.log(`consumer store steps${keep ? ` (kept in ${workDir})` : ""}:\n${lines.join("\n")}`)
  }, 120_000)

  it("packs the built server, the sandbox, README, CHANGELOG and LICENSE, and no tests, demo, scripts or sources", () => {
    const files = packed.map((file) => file.path)
    expect(files).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "CHANGELOG.md",
        "LICENSE",
        ".medusa/server/src/providers/paycore/index.js",
        ".medusa/server/src/modules/paycore/index.js",
        ".medusa/server/src/api/hooks/paycore/route.js",
        ".medusa/server/src/admin/index.js",
        ".medusa/server/src/admin/index.mjs",
        "sandbox/bin/paycore-sandbox.js",
        "bin/paycore-check.js",
        ".medusa/server/src/paycore-check/cli.js",
        "sandbox/dist/index.js",
        "sandbox/dist/cli.js",
        "sandbox/README.md",
        ".medusa/server/src/storefront/index.js",
        ".medusa/server/src/storefront/index.d.ts",
        ".medusa/server/src/storefront/checkout.d.ts",
      ])
    )
    expect(
      files.some((file) => /^\.medusa\/server\/src\/modules\/paycore\/migrations\/Migration\d+\.js$/.test(file))
    ).toBe(true)
    const unwanted = files.filter((file) =>
      /(^|\/)(__tests__|__mocks__|__fixtures__)\/|\.(spec|test)\.[cm]?[jt]sx?$|^(src|demo|integration-tests|scripts|bench|node_modules)\/|^sandbox\/(src|__tests__|fixtures)\/|^\.medusa\/server\/(?!src\/)|(^|\/)medusa-config\.|\.tgz$|(^|\/)\.env/.test(
        file
      )
    )
    expect(unwanted).toEqual([])
    for (const name of ["sandbox/bin/paycore-sandbox.js", "bin/paycore-check.js"]) {
      const bin = packed.find((file) => file.path === name)!
      expect([name, bin.mode & 0o111]).not.toEqual([name, 0])
    }
  })

  it("installs into the store with no ERESOLVE and no second copy of @medusajs/framework inside the plugin", async () => {
    expect(installLog).not.toMatch(/ERESOLVE|peer dep missing|invalid peer/i)
    const pluginDir = path.join(appDir, "node_modules", PACKAGE_NAME)
    expect(fs.existsSync(path.join(pluginDir, "node_modules/@medusajs"))).toBe(false)

    const { stdout } = await run(
      "npm-ls",
      "npm",
      ["ls", "--json", PACKAGE_NAME, "@medusajs/framework", "@medusajs/medusa"],
      {
        cwd: appDir,
        env: storeEnv(),
      }
    )
    const tree = JSON.parse(stdout)
    expect(tree.problems ?? []).toEqual([])
    expect(tree.dependencies[PACKAGE_NAME].version).toBe(require(path.join(root, "package.json")).version)
    expect(tree.dependencies["@medusajs/framework"].version).toBe("2.21.2")

    // The framework the plugin's code loads is the store's own.
    const probe = `
      const path = require("path")
      const fromPlugin = path.dirname(require.resolve("${PACKAGE_NAME}/providers/paycore"))
      console.log(JSON.stringify([
        require.resolve("@medusajs/framework/utils", { paths: [fromPlugin] }),
        require.resolve("@medusajs/framework/utils"),
      ]))`
    const [fromPlugin, fromStore] = JSON.parse(
      (await run("resolve-framework", process.execPath, ["-e", probe], { cwd: appDir, env: storeEnv() })).stdout
    )
    expect(fromPlugin).toBe(fromStore)
    expect(fromStore.startsWith(path.join(appDir, "node_modules/@medusajs/framework/"))).toBe(true)
  })

  it("resolves every entry point package.json exports, from the store", async () => {
    const script = `
      const entries = ["providers/paycore", "modules/paycore", "workflows", "admin", "sandbox", "storefront", "package.json"]
      const resolved = {}
      for (const entry of entries) resolved[entry] = require.resolve("${PACKAGE_NAME}/" + entry).replace(process.cwd() + "/", "")
      const provider = require("${PACKAGE_NAME}/providers/paycore").default
      const sandbox = require("${PACKAGE_NAME}/sandbox")
      const module_ = require("${PACKAGE_NAME}/modules/paycore").default
      const kit = require("${PACKAGE_NAME}/storefront")
      console.log(JSON.stringify({
        resolved,
        identifier: provider.services.map((service) => service.identifier),
        startSandbox: typeof sandbox.startSandbox,
        moduleService: typeof module_.service,
        createPaycoreCheckout: typeof kit.createPaycoreCheckout,
      }))`
    const { stdout } = await run("exports", process.execPath, ["-e", script], { cwd: appDir, env: storeEnv() })
    const result = JSON.parse(stdout.trim().split("\n").pop()!)
    const base = `node_modules/${PACKAGE_NAME}`
    expect(result.resolved).toEqual({
      "providers/paycore": `${base}/.medusa/server/src/providers/paycore/index.js`,
      "modules/paycore": `${base}/.medusa/server/src/modules/paycore/index.js`,
      workflows: `${base}/.medusa/server/src/workflows/index.js`,
      admin: `${base}/.medusa/server/src/admin/index.js`,
      sandbox: `${base}/sandbox/dist/index.js`,
      storefront: `${base}/.medusa/server/src/storefront/index.js`,
      "package.json": `${base}/package.json`,
    })
    expect(result.createPaycoreCheckout).toBe("function")
    expect(result.identifier).toEqual(["paycore"])
    expect(result.startSandbox).toBe("function")
    expect(result.moduleService).toBe("function")
  })

  it("creates the tables of the plugin's migrations with npx medusa db:migrate", async () => {
    const modules = path.join(appDir, "node_modules", PACKAGE_NAME, ".medusa/server/src/modules")
    const migrationFiles = fs
      .readdirSync(modules)
      .map((module) => path.join(modules, module, "migrations"))
      .filter((dir) => fs.existsSync(dir))
      .flatMap((dir) =>
        fs
          .readdirSync(dir)
          .filter((file) => file.endsWith(".js"))
          .map((file) => path.join(dir, file))
      )
    const expected = migrationFiles
      .flatMap((file) => [...fs.readFileSync(file, "utf8").matchAll(/create table if not exists \\?"(\w+)\\?"/g)])
      .map((match) => match[1])
    expect(expected).toContain("paycore_payment_invoice")
    const tables = await withClient(appEnv.DATABASE_URL!, (client) =>
      client.query("select table_name from information_schema.tables where table_schema = current_schema()")
    )
    expect(tables.rows.map((row) => row.table_name)).toEqual(expect.arrayContaining(expected))
  })

  it("completes a checkout paid at PayCore into an order with a captured payment, made by PayCore's callback", async () => {
    const store = { "x-publishable-api-key": seed.publishableKey }
    const regionId = seed.regions.eur

    const providers = await ok("GET", `${appUrl}/store/payment-providers?region_id=${regionId}`, { headers: store })
    expect(providers.payment_providers.map((provider: any) => provider.id)).toContain(PROVIDER_ID)

    const { cart } = await ok("POST", `${appUrl}/store/carts`, {
      headers: store,
      body: { region_id: regionId, email: CUSTOMER_EMAIL },
    })
    await ok("POST", `${appUrl}/store/carts/${cart.id}/line-items`, {
      headers: store,
      body: { variant_id: seed.variantId, quantity: 2 },
    })
    const address = {
      first_name: "Jane",
      last_name: "Doe",
      address_1: "1 Test Street",
      city: "Berlin",
      postal_code: "10115",
      country_code: "de",
    }
    await ok("POST", `${appUrl}/store/carts/${cart.id}`, {
      headers: store,
      body: { shipping_address: address, billing_address: address },
    })
    const { shipping_options } = await ok("GET", `${appUrl}/store/shipping-options?cart_id=${cart.id}`, {
      headers: store,
    })
    expect(shipping_options.length).toBeGreaterThan(0)
    await ok("POST", `${appUrl}/store/carts/${cart.id}/shipping-methods`, {
      headers: store,
      body: { option_id: shipping_options[0].id },
    })
    const { cart: ready } = await ok("GET", `${appUrl}/store/carts/${cart.id}`, { headers: store })

    // The plugin's store route (storefront guide, step 1) answers from the installed package.
    const methods = await ok("GET", `${appUrl}/store/paycore/payment-methods?cart_id=${cart.id}`, { headers: store })
    expect(methods.provider_id).toBe(PROVIDER_ID)
    expect(methods.payment_methods.length).toBeGreaterThan(0)

    const { payment_collection } = await ok("POST", `${appUrl}/store/payment-collections`, {
      headers: store,
      body: { cart_id: cart.id },
    })
    const started = await ok("POST", `${appUrl}/store/payment-collections/${payment_collection.id}/payment-sessions`, {
      headers: store,
      body: { provider_id: PROVIDER_ID, data: { cart_id: cart.id, email: CUSTOMER_EMAIL } },
    })
    const session = started.payment_collection.payment_sessions.find((s: any) => s.provider_id === PROVIDER_ID)
    // The store API shows the hosted-page link, whose `cpi` names the invoice, and no invoice ids or amounts.
    expect(session.status).toBe("pending")
    expect(session.data.hpp_url).toMatch(new RegExp(`^${sandboxUrl}/hpp/\\?cpi=[^&]+$`))
    expect(session.data).not.toHaveProperty("paycore_invoice_id")
    const invoiceId = new URL(session.data.hpp_url).searchParams.get("cpi")!
    const invoice = await ok("GET", `${sandboxUrl}/_sandbox/invoices/${invoiceId}`)
    expect(JSON.stringify(invoice)).toContain(String(ready.total))

    // The customer pays on PayCore's page; the sandbox then sends its signed callback to /hooks/paycore.
    await ok("POST", `${sandboxUrl}/_sandbox/payment-invoices/${invoiceId}/pay`, { body: {} })
    const delivered = await eventually(
      "PayCore's callback for the paid invoice",
      async () => {
        const { callbacks } = await ok("GET", `${sandboxUrl}/_sandbox/callbacks?invoiceId=${invoiceId}`)
        return (callbacks as any[]).find((entry) => entry.status === "processed" && entry.responseStatus === 200)
      },
      60_000,
      app
    )
    expect(delivered.url).toBe(`${appUrl}/hooks/paycore`)
    expect(JSON.parse(delivered.responseBody)).toMatchObject({ received: true, outcome: "order_created" })

    // The order exists without the storefront completing the cart; completing it now returns that order.
    const { token } = await ok("POST", `${appUrl}/auth/user/emailpass`, { body: seed.admin })
    const admin = { authorization: `Bearer ${token}` }
    const { orders } = await ok(
      "GET",
      `${appUrl}/admin/orders?fields=id,email,total,currency_code,payment_status,*payment_collections,*payment_collections.payments`,
      { headers: admin }
    )
    expect(orders).toHaveLength(1)
    const [order] = orders
    expect(order).toMatchObject({ email: CUSTOMER_EMAIL, currency_code: "eur", payment_status: "captured" })
    expect(order.total).toBe(ready.total)
    const payments = order.payment_collections.flatMap((collection: any) => collection.payments)
    expect(payments).toHaveLength(1)
    expect(payments[0].provider_id).toBe(PROVIDER_ID)
    expect(payments[0].captured_at).toBeTruthy()

    const completed = await ok("POST", `${appUrl}/store/carts/${cart.id}/complete`, { headers: store })
    expect(completed.type).toBe("order")
    expect(completed.order.id).toBe(order.id)

    // The plugin's admin route reads the PayCore side of the order.
    const view = await ok("GET", `${appUrl}/admin/paycore/orders/${order.id}`, { headers: admin })
    expect(view.payments).toHaveLength(1)
    expect(view.payments[0]).toMatchObject({
      provider_id: PROVIDER_ID,
      invoice_id: invoiceId,
      status: "processed",
      test_mode: true,
    })
  })

  it("runs npx paycore-check from the installed package: 0 against the sandbox, 1 naming the option where it differs", async () => {
    const check = async () => {
      const proc = start("paycore-check", "npx", ["--no", "--", "paycore-check", "--payout-wait", "1"], {
        cwd: appDir,
        env: appEnv,
      })
      proc.child.stdin!.end()
      return { code: await proc.exited, out: proc.stdout() }
    }
    const documented = await check()
    expect(documented.out).toMatch(/^ok {8}Private API credentials$/m)
    expect(documented.out).toMatch(/\d+ ok, 0 differ, 5 not available/)
    expect(documented.code).toBe(0)
    await ok("POST", `${sandboxUrl}/_sandbox/profile`, { body: { name: "payout-auto-process-ignored" } })
    try {
      const differs = await check()
      expect(differs.code).toBe(1)
      expect(differs.out).toContain('do:       set payoutConfirmation: "confirm_in_admin"')
      expect(differs.out).not.toContain(appEnv.PAYCORE_API_KEY!)
    } finally {
      await ok("POST", `${sandboxUrl}/_sandbox/profile`, { body: { name: "documented" } })
    }
  })
})
