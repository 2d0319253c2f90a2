// Child processes of the browser harness: each runs in its own process group (detached), logs to a file outside
// the project root (`medusa develop` restarts on any file written there), and is killed with its whole group on
// stop, on a normal exit of the test process and on SIGINT/SIGTERM/SIGHUP, so nothing outlives a test run.
import { type ChildProcess, spawn } from "node:child_process"
import fs from "node:fs"

const running = new Set<ChildProcess>()
let hooksInstalled = false
let failures = 0

/** Records that a test failed, so that the harness keeps its logs for a look afterwards. */
export function noteTestFailure() {
  failures += 1
}

/** Failures noted here plus those counted by the layer's jest environment (harness/environment.js). */
export function testFailuresNoted(): number {
  const counted = (globalThis as { __PAYCORE_BROWSER_FAILURES__?: number }).__PAYCORE_BROWSER_FAILURES__ ?? 0
  return failures + counted
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // the group is gone already
  }
}

function exited(child: ChildProcess) {
  return child.exitCode !== null || child.signalCode !== null
}

/** Kills every process group this harness started, synchronously (usable from an `exit` handler). */
export function killAllNow() {
  for (const child of running) killGroup(child, "SIGKILL")
  running.clear()
}

function installExitHooks() {
  if (hooksInstalled) return
  hooksInstalled = true
  process.once("exit", killAllNow)
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      killAllNow()
      process.exit(signal === "SIGINT" ? 130 : 143)
    })
  }
}

export type LoggedProcess = {
  child: ChildProcess
  logFile: string
  /** The last `chars` characters of the log. */
  logTail(chars?: number): string
  /** Resolves with the exit code when the process ends (on its own or after stop). */
  exit: Promise<number | null>
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>
}

export function spawnLogged(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }
): LoggedProcess {
  installExitHooks()
  const out = fs.openSync(options.logFile, "a")
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", out, out],
    detached: true,
  })
  fs.closeSync(out)
  running.add(child)
  const exit = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      running.delete(child)
      resolve(code)
    })
    child.once("error", () => {
      running.delete(child)
      resolve(null)
    })
  })
  const logTail = (chars = 4000) => {
    try {
      return fs.readFileSync(options.logFile, "utf8").slice(-chars)
    } catch {
      return ""
    }
  }
  const stop = async (graceMs = 10_000) => {
    if (exited(child)) return
    killGroup(child, "SIGTERM")
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs)
    await exit
    clearTimeout(timer)
    // develop forks a worker; make sure no member of the group survives its leader.
    killGroup(child, "SIGKILL")
  }
  return { child, logFile: options.logFile, logTail, exit, stop }
}

/** Runs a command to completion; rejects with the log's tail when it fails. */
export async function runLogged(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; timeoutMs?: number }
): Promise<string> {
  const proc = spawnLogged(command, args, options)
  const timeoutMs = options.timeoutMs ?? 5 * 60_000
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs)
  })
  const result = await Promise.race([proc.exit, timedOut])
  clearTimeout(timer)
  if (result === "timeout") {
    await proc.stop(2_000)
    throw new Error(
      `${[command, ...args].join(" ")} did not finish within ${timeoutMs / 1000} s; log: ${options.logFile}\n${proc.logTail()}`
    )
  }
  if (result !== 0) {
    throw new Error(
      `${[command, ...args].join(" ")} failed (exit ${result}); log: ${options.logFile}\n${proc.logTail()}`
    )
  }
  return fs.readFileSync(options.logFile, "utf8")
}
