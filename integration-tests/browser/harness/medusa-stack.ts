// The whole shop for a browser test: a fresh PostgreSQL database, the PayCore sandbox (in this process, controls
// on, callbacks to the app's /hooks/paycore), `medusa db:migrate`, the demo seed (regions, product, shipping,
// publishable key, admin user) and `medusa develop` with the admin dashboard on a free port of 127.0.0.1.
// Logs go to a temp directory (never the project root: `medusa develop` restarts on files written there).
// The reliability layer uses the same stack with `command: "start"` (no file watcher), kills and restarts the
// server (killServer, restartServer) and adds server instances on the same database (startInstance).
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import type { AxiosInstance } from "axios"
import type { DemoSeedResult } from "../../../demo/seed"
import { startSandbox, type Sandbox, type SandboxConfig } from "../../../sandbox/src"
import { storeClient, type StoreClient } from "../../helpers/store-flow"
import { createTempDatabase, databaseServer, findSeededTemplate, saveSeededTemplate, type DbEnv } from "./database"
import { runLogged, spawnLogged, testFailuresNoted, type LoggedProcess } from "./processes"
import { freePort } from "../../helpers/free-port"

export const PROJECT_ROOT = path.resolve(__dirname, "../../..")
const MEDUSA_BIN = path.join(PROJECT_ROOT, "node_modules/.bin/medusa")
const HOST = "127.0.0.1"

export type MedusaStackOptions = {
  /** Serve the admin dashboard at /app (MEDUSA_ADMIN=true). Default true. */
  admin?: boolean
  /** The admin user the seed creates. */
  adminUser?: { email: string; password: string }
  /** Overrides for the PayCore sandbox (port, callbackUrl and controls are set by the harness). */
  sandbox?: Partial<SandboxConfig>
  /** Extra environment for the Medusa processes, e.g. PAYCORE_RETURN_URL_SUCCESS for a storefront test. */
  env?: Record<string, string>
  /** Progress lines (default: console.log with a [browser] prefix). */
  log?: (line: string) => void
  /**
   * Keep the log directory after stop. It is also kept when PAYCORE_BROWSER_KEEP_LOGS=1, when start fails and
   * when a test reported a failure (withFailureScreenshot does).
   */
  keepLogs?: boolean
  /**
   * How the server runs. `develop` (default): `medusa develop`, with the admin, restarting on any file change in
   * the project. `start`: `medusa start` from the project root (no build; TypeScript compiled on the fly): no file
   * watcher and one process per server, so edits elsewhere in the project cannot restart it and several instances
   * can share the project. Needs `admin: false` (`medusa start` serves only a built dashboard).
   */
  command?: "develop" | "start"
  /** Called with every answer that `request`, `adminRequest`, `store` and extra instances' `request` receive. */
  onResponse?: (answer: RecordedAnswer) => void
  /**
   * Create the stack's database on this PostgreSQL server instead of the layer's shared one (e.g. a server the
   * test stops and starts again). The caller owns the server; `stop()` only drops the database.
   */
  databaseServer?: DbEnv
}

/** One HTTP answer the test received from a Medusa server (see `onResponse`). */
export type RecordedAnswer = { baseUrl: string; method: string; path: string; status: number; body: string }

/** A further server process of the stack's project on the stack's database and sandbox (`startInstance`). */
export type MedusaInstance = {
  name: string
  url: string
  port: number
  logFile: string
  request<T = any>(
    method: string,
    urlPath: string,
    body?: unknown,
    headers?: Record<string, string>
  ): Promise<ApiResponse<T>>
  logTail(chars?: number): string
  /** SIGKILL to its process group; resolves once it has exited. */
  kill(): Promise<void>
  /** SIGTERM, SIGKILL after a grace period; resolves once it has exited. */
  stop(): Promise<void>
}

/** store-flow.ts speaks to an axios-like `request({ method, url, data, headers })`: an instance's fetch, so shaped. */
export function axiosLike(request: MedusaInstance["request"]): AxiosInstance {
  return {
    request: ({
      method,
      url,
      data,
      headers,
    }: {
      method: string
      url: string
      data?: unknown
      headers?: Record<string, string>
    }) => request(method, url, data, headers),
  } as unknown as AxiosInstance
}

export type ApiResponse<T = any> = { status: number; data: T }

export type MedusaStack = {
  /** http://127.0.0.1:<port>: open the admin at `${url}/app`, on this exact origin (the session cookie is per host). */
  url: string
  port: number
  sandbox: Sandbox
  seed: DemoSeedResult
  admin: { email: string; password: string }
  databaseName: string
  /** postgres://… of that database, for direct reads in assertions. */
  databaseUrl: string
  /** Where migrate.log, seed.log and medusa.log are. */
  logDir: string
  /** medusa.log: the server's output; a restarted server appends to it. */
  serverLogFile: string
  /** The environment of the Medusa processes (DATABASE_URL, PAYCORE_*, options.env). */
  env: Readonly<Record<string, string | undefined>>
  /** A storefront over the store API (integration-tests/helpers/store-flow.ts). */
  store: StoreClient
  /** Plain JSON requests to the app (no auth). */
  request<T = any>(
    method: string,
    urlPath: string,
    body?: unknown,
    headers?: Record<string, string>
  ): Promise<ApiResponse<T>>
  /** Admin API requests with a bearer token of the seeded admin user (logged in on first use). */
  adminRequest<T = any>(method: string, urlPath: string, body?: unknown): Promise<ApiResponse<T>>
  /** Waits until the cart has become an order (e.g. through PayCore's callback) and returns the order id. */
  waitForOrder(cartId: string, timeoutMs?: number): Promise<string>
  /** The Medusa server log's path and last lines, for failure messages. */
  serverLogTail(chars?: number): string
  /** A crash: SIGKILL to the server's whole process group (no shutdown code runs); resolves once it has exited. */
  killServer(): Promise<void>
  /** Starts the server again on the same port, database and log file; resolves when /health answers. */
  restartServer(timeoutMs?: number): Promise<void>
  /** Starts another server of the project on the same database and sandbox, on a free port (stopped with the stack). */
  startInstance(options?: { name?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<MedusaInstance>
  stop(): Promise<void>
}

export const DEFAULT_ADMIN = { email: "admin@paycore-browser.test", password: "browser-test-secret" }

/** Polls `check` until it returns a truthy value; `describe` names the condition in the timeout error. */
export async function pollUntil<T>(
  check: () => Promise<T | null | undefined | false>,
  options: { timeoutMs: number; intervalMs?: number; describe: string }
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value
    } catch (error) {
      lastError = error
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : ""
      throw new Error(`${options.describe} not reached within ${options.timeoutMs / 1000} s${reason}`)
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250))
  }
}

/**
 * Files whose change made `medusa develop` restart (its watcher logs "[Watcher] modified src/x.ts modified:
 * restarting dev server"). Editing the project while a browser test runs restarts the server under the test.
 */
export function restartsCausedByFiles(log: string): string[] {
  const files: string[] = []
  for (const match of log.matchAll(
    /\[(?:Watcher|HMR)\] (?:created|modified|removed) (\S+) (?:created|modified|removed): /g
  )) {
    files.push(match[1])
  }
  return files
}

/**
 * What decides a stack's migrations and seed: its environment without what differs on every run (ports, the
 * database) or cannot change the database: the admin build, logging, CORS, and the plugin's options (PAYCORE_*:
 * read when the server runs; the plugin's tables are migrated whatever they say and the seed never reads them).
 * REDIS_URL only counts as set or not: it switches Medusa's modules.
 */
function templateKey(stackEnv: Record<string, string>): string {
  const ignored = new Set(["MEDUSA_ADMIN", "HMR_BIND_HOST", "LOG_LEVEL", "STORE_CORS", "ADMIN_CORS", "AUTH_CORS"])
  const entries = Object.entries(stackEnv)
    .filter(([name]) => !ignored.has(name) && !name.startsWith("PAYCORE_"))
    .map(([name, value]) => [name, name === "REDIS_URL" ? "set" : value.replace(/:\/\/([^/:]+):\d+/g, "://$1:port")])
    .sort(([a], [b]) => a.localeCompare(b))
  return JSON.stringify(entries)
}

/** The test process's environment minus what only jest needs, plus `extra`. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of ["NODE_OPTIONS", "JEST_WORKER_ID", "TEST_TYPE", "PORT"]) delete env[key]
  return { ...env, ...extra }
}

async function jsonRequest<T>(
  baseUrl: string,
  method: string,
  urlPath: string,
  body?: unknown,
  headers: Record<string, string> = {},
  onResponse?: (answer: RecordedAnswer) => void
): Promise<ApiResponse<T>> {
  const response = await fetch(`${baseUrl}${urlPath}`, {
    method: method.toUpperCase(),
    headers: {
      accept: "application/json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  onResponse?.({ baseUrl, method: method.toUpperCase(), path: urlPath, status: response.status, body: text })
  let data: any = text
  try {
    data = text ? JSON.parse(text) : undefined
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, data }
}

/**
 * Starts everything; on any failure stops what already started before rethrowing. Takes about 1 minute
 * (migrations ~30 s, seed ~10 s, `medusa develop` ~15 s on 2 cores). Call `stop()` when done.
 */
export async function startMedusaStack(options: MedusaStackOptions = {}): Promise<MedusaStack> {
  const log = options.log ?? ((line: string) => console.log(`[browser] ${line}`))
  if (!fs.existsSync(MEDUSA_BIN)) throw new Error("node_modules/.bin/medusa is missing: run `npm ci` first")
  const command = options.command ?? "develop"
  if (command === "start" && options.admin !== false) {
    throw new Error(
      'startMedusaStack: command "start" needs admin: false (`medusa start` serves only a built dashboard)'
    )
  }
  const admin = options.adminUser ?? DEFAULT_ADMIN
  const started = Date.now()
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-paycore-browser-"))
  const cleanups: Array<() => Promise<void>> = []
  let server: LoggedProcess | undefined
  let keepLogs = options.keepLogs ?? process.env.PAYCORE_BROWSER_KEEP_LOGS === "1"

  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error) => log(`cleanup: ${error instanceof Error ? error.message : error}`))
    }
    if (keepLogs || testFailuresNoted() > 0) log(`logs kept in ${logDir}`)
    else fs.rmSync(logDir, { recursive: true, force: true })
  }

  try {
    const dbServer = options.databaseServer
      ? { env: options.databaseServer, stop: async () => {} }
      : await databaseServer({ projectRoot: PROJECT_ROOT, logDir })
    cleanups.push(dbServer.stop)

    const port = await freePort()
    const url = `http://${HOST}:${port}`
    const sandbox = await startSandbox(
      {
        port: 0,
        host: HOST,
        controls: true,
        callbackUrl: `${url}/hooks/paycore`,
        callbackRetryIntervalMs: 250,
        callbackMaxAttempts: 40,
        ...options.sandbox,
      },
      { env: {}, log: () => {} }
    )
    cleanups.push(() => sandbox.close())

    const stackEnv: Record<string, string> = {
      NODE_ENV: "development",
      MEDUSA_ADMIN: options.admin === false ? "false" : "true",
      MEDUSA_DISABLE_TELEMETRY: "true",
      MEDUSA_INSECURE_COOKIES: "true",
      HMR_BIND_HOST: HOST,
      STORE_CORS: url,
      ADMIN_CORS: url,
      AUTH_CORS: url,
      PAYCORE_BASE_URL: sandbox.url,
      PAYCORE_ACCOUNT_ID: sandbox.config.accountId,
      PAYCORE_API_KEY: sandbox.config.apiKey,
      PAYCORE_PUBLIC_KEY: sandbox.config.testPublicKey,
      PAYCORE_TEST_PRIVATE_KEY: sandbox.config.testPrivateKey,
      PAYCORE_LIVE_PRIVATE_KEY: sandbox.config.livePrivateKey,
      PAYCORE_TEST_MODE: "true",
      PAYCORE_CALLBACK_URL: `${url}/hooks/paycore`,
      DEMO_ADMIN_EMAIL: admin.email,
      DEMO_ADMIN_PASSWORD: admin.password,
      ...options.env,
    }
    const env = childEnv(stackEnv)

    // Stacks whose migrations and seed would be the same start from a copy of the first one's database.
    const key = templateKey(stackEnv)
    const template = await findSeededTemplate<DemoSeedResult>(dbServer.env, key)
    const database = await createTempDatabase(dbServer.env, undefined, template?.name)
    cleanups.push(database.drop)
    env.DATABASE_URL = database.url
    log(`database ${database.name} on ${dbServer.env.DB_HOST}:${dbServer.env.DB_PORT} (${elapsed()})`)
    let seed: DemoSeedResult
    if (template) {
      seed = template.seed
      log(`sandbox on ${sandbox.url}; migrated and seeded: a copy of ${template.name} (${elapsed()})`)
    } else {
      log(`sandbox on ${sandbox.url}; migrating (${elapsed()})`)
      await runLogged(MEDUSA_BIN, ["db:migrate"], { cwd: PROJECT_ROOT, env, logFile: path.join(logDir, "migrate.log") })
      log(`seeding (${elapsed()})`)
      const seedOutput = await runLogged(MEDUSA_BIN, ["exec", "./demo/seed.ts"], {
        cwd: PROJECT_ROOT,
        env,
        logFile: path.join(logDir, "seed.log"),
      })
      const marker = "DEMO_SEED_RESULT "
      const seedLine = seedOutput.split("\n").find((line) => line.includes(marker))
      if (!seedLine) throw new Error(`the seed printed no result; log: ${path.join(logDir, "seed.log")}`)
      seed = JSON.parse(seedLine.slice(seedLine.indexOf(marker) + marker.length)) as DemoSeedResult
      await saveSeededTemplate(dbServer.env, database.name, key, seed)
    }

    const serverLogFile = path.join(logDir, "medusa.log")
    const launch = (serverPort: number, logFile: string, extraEnv: Record<string, string> = {}) =>
      spawnLogged(MEDUSA_BIN, [command, "-H", HOST, "-p", String(serverPort)], {
        cwd: PROJECT_ROOT,
        env: { ...env, ...extraEnv },
        logFile,
      })
    const healthOf = async (proc: LoggedProcess, baseUrl: string, timeoutMs: number) => {
      const exitedNow = () => proc.child.exitCode !== null || proc.child.signalCode !== null
      try {
        // A server that exits while starting (a refused configuration) fails at once, not at the timeout.
        const state = await pollUntil(
          async () => {
            if (exitedNow()) return "exited"
            const response = await fetch(`${baseUrl}/health`).catch(() => null)
            return response?.ok ? "ready" : false
          },
          { timeoutMs, intervalMs: 500, describe: `${baseUrl}/health answering 200` }
        )
        if (state === "exited") {
          throw new Error(`medusa ${command} exited (code ${proc.child.exitCode}, signal ${proc.child.signalCode})`)
        }
      } catch (error) {
        throw new Error(`${(error as Error).message}; log: ${proc.logFile}\n${proc.logTail()}`)
      }
    }

    log(`starting medusa ${command} on ${url} (${elapsed()})`)
    let medusa = launch(port, serverLogFile)
    server = medusa
    cleanups.push(() => medusa.stop())
    const waitForHealth = (timeoutMs: number) => healthOf(medusa, url, timeoutMs)
    await waitForHealth(3 * 60_000)
    log(`medusa ready (${elapsed()})`)

    // A refused connection means `medusa develop` is restarting (a file in the project changed): wait for it once.
    const request = async <T = any>(
      method: string,
      urlPath: string,
      body?: unknown,
      headers?: Record<string, string>
    ) => {
      try {
        return await jsonRequest<T>(url, method, urlPath, body, headers, options.onResponse)
      } catch (error) {
        const code = ((error as Error & { cause?: { code?: string } }).cause ?? {}).code
        if (code !== "ECONNREFUSED") throw error
        await waitForHealth(90_000)
        return jsonRequest<T>(url, method, urlPath, body, headers, options.onResponse)
      }
    }

    let adminToken: string | undefined
    const adminRequest = async <T = any>(method: string, urlPath: string, body?: unknown) => {
      if (!adminToken) {
        const login = await request<{ token?: string }>("post", "/auth/user/emailpass", admin)
        if (login.status !== 200 || !login.data?.token) {
          throw new Error(`admin login answered ${login.status}: ${JSON.stringify(login.data)}`)
        }
        adminToken = login.data.token
      }
      return request<T>(method, urlPath, body, { authorization: `Bearer ${adminToken}` })
    }

    const store = storeClient(axiosLike(request), seed)

    const waitForOrder = async (cartId: string, timeoutMs = 60_000) => {
      await pollUntil(
        async () => {
          const { status, data } = await store.call("get", `/store/carts/${cartId}`)
          return status === 200 && Boolean(data.cart?.completed_at)
        },
        { timeoutMs, describe: `cart ${cartId} completed` }
      )
      // Completing a completed cart answers with the order it became.
      const { status, data } = await store.completeCart(cartId)
      if (status !== 200 || data.type !== "order") {
        throw new Error(`completing cart ${cartId} answered ${status}: ${JSON.stringify(data)}`)
      }
      return data.order.id as string
    }

    const killServer = async () => {
      const current = medusa
      if (current.child.exitCode !== null || current.child.signalCode !== null) return
      if (current.child.pid !== undefined) {
        try {
          process.kill(-current.child.pid, "SIGKILL")
        } catch {
          // the group is gone already
        }
      }
      await current.exit
    }
    const restartServer = async (timeoutMs = 3 * 60_000) => {
      await killServer()
      const started = Date.now()
      medusa = launch(port, serverLogFile)
      server = medusa
      await waitForHealth(timeoutMs)
      log(`medusa restarted in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    }
    let instances = 0
    const startInstance = async (
      instanceOptions: { name?: string; env?: Record<string, string>; timeoutMs?: number } = {}
    ) => {
      instances += 1
      const name = instanceOptions.name ?? `instance-${instances + 1}`
      const instancePort = await freePort()
      const instanceUrl = `http://${HOST}:${instancePort}`
      const started = Date.now()
      const proc = launch(instancePort, path.join(logDir, `medusa-${name}.log`), instanceOptions.env)
      cleanups.push(() => proc.stop())
      await healthOf(proc, instanceUrl, instanceOptions.timeoutMs ?? 3 * 60_000)
      log(`${name} ready on ${instanceUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
      const kill = async () => {
        if (proc.child.exitCode !== null || proc.child.signalCode !== null) return
        if (proc.child.pid !== undefined) {
          try {
            process.kill(-proc.child.pid, "SIGKILL")
          } catch {
            // gone already
          }
        }
        await proc.exit
      }
      const instance: MedusaInstance = {
        name,
        url: instanceUrl,
        port: instancePort,
        logFile: proc.logFile,
        request: (method, urlPath, body, headers) =>
          jsonRequest(instanceUrl, method, urlPath, body, headers, options.onResponse),
        logTail: (chars) => proc.logTail(chars),
        kill,
        stop: () => proc.stop(),
      }
      return instance
    }

    return {
      url,
      port,
      sandbox,
      seed,
      admin,
      databaseName: database.name,
      databaseUrl: database.url,
      logDir,
      serverLogFile,
      env: { ...env },
      killServer,
      restartServer,
      startInstance,
      store,
      request,
      adminRequest,
      waitForOrder,
      serverLogTail: (chars = 3000) => {
        const state = medusa.child.exitCode !== null ? ` (medusa ${command} exited with ${medusa.child.exitCode})` : ""
        const changed = restartsCausedByFiles(medusa.logTail(1_000_000))
        const restarts = changed.length
          ? `\nmedusa develop restarted ${changed.length} time(s) because files in the project changed during the run: ${[...new Set(changed)].slice(0, 10).join(", ")}`
          : ""
        return `medusa log ${medusa.logFile}${state}${restarts}\nlast lines:\n${medusa.logTail(chars)}`
      },
      stop,
    }
  } catch (error) {
    keepLogs = true
    await stop()
    if (server) log(`medusa log tail:\n${server.logTail(3000)}`)
    throw error
  }
}

/**
 * Jest hooks for one spec file: starts the stack in beforeAll (up to 6 minutes) and stops it in afterAll,
 * which jest runs whether the tests passed or not.
 */
export function useMedusaStack(options: MedusaStackOptions = {}): { readonly current: MedusaStack } {
  let stack: MedusaStack | undefined
  beforeAll(async () => {
    stack = await startMedusaStack(options)
  }, 6 * 60_000)
  afterAll(async () => {
    await stack?.stop()
  }, 60_000)
  return {
    get current() {
      if (!stack) throw new Error("the Medusa stack starts in beforeAll (did it fail? see the error above)")
      return stack
    },
  }
}
