#!/usr/bin/env node
// `npm run demo`: PostgreSQL, the PayCore sandbox, Medusa (store API + admin dashboard) with the plugin,
// seeded with regions that offer PayCore, and the demo storefront (demo/storefront/) on its own port.
// Ctrl-C stops everything it started. A second run reuses the database of the first (kept in DEMO_STATE_DIR),
// so seeded data and test orders survive restarts.
import { spawn, spawnSync } from "node:child_process"
import crypto from "node:crypto"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { PROJECT_ROOT, startPostgres } from "./lib/postgres.mjs"

const HOST = "127.0.0.1"
const PORT = Number(process.env.PORT || 9000)
const SANDBOX_PORT = Number(process.env.PAYCORE_SANDBOX_PORT || 4010)
const STOREFRONT_PORT = Number(process.env.STOREFRONT_PORT || 8000)
const STATE_DIR = process.env.DEMO_STATE_DIR || path.join(os.tmpdir(), "medusa-payment-paycore-demo")
const DB_NAME = "medusa_paycore_demo"
const READY_TIMEOUT_MS = 4 * 60 * 1000
const EXIT_WHEN_READY = process.env.DEMO_EXIT_WHEN_READY === "true"

const log = (line) => console.log(`[demo] ${line}`)
const medusaBin = path.join(PROJECT_ROOT, "node_modules/.bin/medusa")
if (!fs.existsSync(medusaBin)) {
  console.error("Dependencies are missing: run `npm ci` first (the README's first command does both).")
  process.exit(1)
}
// Logs and database live outside the project root: `medusa develop` restarts on any file written there.
fs.mkdirSync(STATE_DIR, { recursive: true })

/** The demo's saved-card key: random on the first run, then read from the state directory (test mode only). */
function demoSavedCardKey() {
  const file = path.join(STATE_DIR, "saved-card-key")
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("base64"), { mode: 0o600 })
  return fs.readFileSync(file, "utf8").trim()
}

const children = new Set()
const cleanups = []
let shuttingDown = false

async function shutdown(code) {
  if (shuttingDown) return
  shuttingDown = true
  log("stopping…")
  for (const child of children) {
    try {
      process.kill(-child.pid, "SIGTERM")
    } catch {
      // already gone
    }
  }
  await Promise.all([...children].map((child) => waitForExit(child, 10_000)))
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => log(error.message))
  process.exit(code)
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => shutdown(0))

function waitForExit(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL")
      } catch {
        // already gone
      }
      resolve()
    }, timeoutMs)
    child.once("exit", () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

/** Runs a medusa CLI command to completion; its output goes to a log file, shown only on failure. */
function runMedusa(args, env, logName) {
  const logFile = path.join(STATE_DIR, logName)
  const out = fs.openSync(logFile, "w")
  const child = spawn(medusaBin, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", out, out], detached: true })
  children.add(child)
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => {
      children.delete(child)
      fs.closeSync(out)
      const output = fs.readFileSync(logFile, "utf8")
      if (code === 0) resolve(output)
      else reject(new Error(`medusa ${args.join(" ")} failed (exit ${code}); log: ${logFile}\n${output.slice(-4000)}`))
    })
  })
}

async function waitForHealth(url, server) {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`Medusa exited early (code ${server.exitCode})`)
    try {
      const response = await fetch(`${url}/health`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`Medusa did not answer ${url}/health within ${READY_TIMEOUT_MS / 1000} s`)
}

async function main() {
  const started = Date.now()
  const postgres = await startPostgres({ dataDir: path.join(STATE_DIR, "pgdata"), persistent: true, log })
  cleanups.push(() => postgres.stop())
  let databaseUrl = process.env.DATABASE_URL
  if (!postgres.external) {
    await postgres.createDatabase(DB_NAME)
    databaseUrl = postgres.databaseUrl(DB_NAME)
  } else if (!databaseUrl) {
    databaseUrl = postgres.databaseUrl(process.env.DB_NAME || DB_NAME)
  }

  const backendUrl = `http://${HOST}:${PORT}`
  const storefrontUrl = `http://${HOST}:${STOREFRONT_PORT}`

  // The local PayCore: the plugin talks to it exactly as to PayCore (unless PAYCORE_BASE_URL says otherwise).
  let sandbox = null
  if (!process.env.PAYCORE_BASE_URL) {
    log("building and starting the PayCore sandbox…")
    const build = spawnSync(
      process.execPath,
      [path.join(PROJECT_ROOT, "node_modules/typescript/bin/tsc"), "-p", "sandbox/tsconfig.json"],
      {
        cwd: PROJECT_ROOT,
        stdio: "inherit",
      }
    )
    if (build.status !== 0) throw new Error("the sandbox did not build")
    const { startSandbox } = await import(path.join(PROJECT_ROOT, "sandbox/dist/index.js"))
    sandbox = await startSandbox(
      {
        port: SANDBOX_PORT,
        controls: true,
        callbackUrl: `${backendUrl}/hooks/paycore`,
        stateFile: path.join(STATE_DIR, "sandbox-state.json"),
      },
      { env: process.env, log: () => {} }
    )
    cleanups.push(() => sandbox.close())
  }

  const env = {
    ...process.env,
    NODE_ENV: "development",
    DATABASE_URL: databaseUrl,
    MEDUSA_ADMIN: "true",
    MEDUSA_DISABLE_TELEMETRY: "true",
    MEDUSA_INSECURE_COOKIES: "true",
    HMR_BIND_HOST: HOST,
    // Saved cards stay usable across runs of the demo: their sealing key is kept next to its database.
    PAYCORE_SAVED_CARD_KEY: process.env.PAYCORE_SAVED_CARD_KEY || demoSavedCardKey(),
    // The storefront calls the store API from its own origin, and PayCore sends the customer back to it.
    STORE_CORS:
      process.env.STORE_CORS ||
      `${backendUrl},http://localhost:${PORT},${storefrontUrl},http://localhost:${STOREFRONT_PORT}`,
    PAYCORE_ALLOWED_RETURN_HOSTS: process.env.PAYCORE_ALLOWED_RETURN_HOSTS || `${HOST},localhost`,
    ADMIN_CORS: process.env.ADMIN_CORS || `${backendUrl},http://localhost:${PORT}`,
    // The storefront's account page signs the demo customer in through /auth.
    AUTH_CORS:
      process.env.AUTH_CORS ||
      `${backendUrl},http://localhost:${PORT},${storefrontUrl},http://localhost:${STOREFRONT_PORT}`,
    ...(sandbox
      ? {
          PAYCORE_BASE_URL: sandbox.url,
          PAYCORE_ACCOUNT_ID: sandbox.config.accountId,
          PAYCORE_API_KEY: sandbox.config.apiKey,
          PAYCORE_PUBLIC_KEY: sandbox.config.testPublicKey,
          PAYCORE_TEST_PRIVATE_KEY: sandbox.config.testPrivateKey,
          PAYCORE_LIVE_PRIVATE_KEY: sandbox.config.livePrivateKey,
          PAYCORE_TEST_MODE: "true",
        }
      : {}),
    PAYCORE_CALLBACK_URL: process.env.PAYCORE_CALLBACK_URL || `${backendUrl}/hooks/paycore`,
  }

  log("migrating the database (about 25 s)…")
  await runMedusa(["db:migrate"], env, "migrate.log")
  log("seeding regions, product, publishable key, admin user and demo customer…")
  const seedOutput = await runMedusa(["exec", "./demo/seed.ts"], env, "seed.log")
  const seedLine = seedOutput.split("\n").find((line) => line.includes("DEMO_SEED_RESULT "))
  if (!seedLine) throw new Error(`the seed printed no result; see ${path.join(STATE_DIR, "seed.log")}`)
  const seed = JSON.parse(seedLine.slice(seedLine.indexOf("DEMO_SEED_RESULT ") + "DEMO_SEED_RESULT ".length))

  // The demo storefront: static pages and the js-sdk bundled by esbuild, with the backend URL and key in /config.js.
  const { startStorefrontServer } = await import(path.join(PROJECT_ROOT, "demo/storefront/server.js"))
  const storefront = await startStorefrontServer({
    host: HOST,
    port: STOREFRONT_PORT,
    config: { backendUrl, publishableKey: seed.publishableKey },
  }).catch((error) => {
    throw new Error(`the storefront could not start on ${storefrontUrl} (set STOREFRONT_PORT): ${error.message}`)
  })
  cleanups.push(() => storefront.close())

  log("starting Medusa with the admin dashboard…")
  const serverLog = path.join(STATE_DIR, "medusa.log")
  const out = fs.openSync(serverLog, "w")
  const server = spawn(medusaBin, ["develop", "-H", HOST, "-p", String(PORT)], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ["ignore", out, out],
    detached: true,
  })
  children.add(server)
  server.on("exit", (code) => {
    children.delete(server)
    if (!shuttingDown) {
      log(`Medusa exited (code ${code}); log: ${serverLog}`)
      shutdown(1)
    }
  })
  await waitForHealth(backendUrl, server)

  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  console.log(`
PayCore demo is ready (${seconds} s)

  Storefront         ${storefront.url}   (pay with the test card 5519 2838 1203 0000, e.g. 12/30, CVV 123)
  Store API          ${backendUrl}/store  (header x-publishable-api-key: ${seed.publishableKey})
  Admin dashboard    ${backendUrl}/app   (first load compiles the dashboard: allow up to a minute)
  Admin login        ${seed.admin.email} / ${seed.admin.password}
  Customer login     ${seed.customer.email} / ${seed.customer.password}   (sign in at ${storefront.url}/account: saved cards)
  Regions            ${Object.entries(seed.regions)
    .map(([currency, id]) => `${currency.toUpperCase()} ${id} (countries ${seed.regionCountries[currency].join(", ")})`)
    .join("\n                     ")}
  Payment provider   pp_paycore_paycore
  PayCore            ${sandbox ? `${sandbox.url} (local sandbox; test cards on its payment page)` : process.env.PAYCORE_BASE_URL}
  Logs and database  ${STATE_DIR}

Press Ctrl-C to stop everything.
`)
  if (EXIT_WHEN_READY) await shutdown(0)
}

main().catch(async (error) => {
  console.error(`[demo] ${error.message}`)
  await shutdown(1)
})
