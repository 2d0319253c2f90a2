// A throw-away Redis for one test file: Debian's `redis-server` (apt-get install -y redis-server, listed in
// .ci/apt-packages) on a free port of 127.0.0.1, data in a temp directory, no persistence. `stop()` shuts it down
// and deletes the directory. The process runs in its own group and is killed with the test process.
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { spawnLogged } from "../../browser/harness/processes"
import { freePort } from "../../helpers/free-port"

export type RedisServer = {
  url: string
  port: number
  logFile: string
  /** Shuts the server down (its data is gone: no persistence) and deletes its directory. */
  stop(): Promise<void>
  /** A restart, first half: the server exits (SIGTERM), connections to its port are refused. */
  stopServer(): Promise<void>
  /** A restart, second half: an empty server on the same port again; resolves when it answers PING. */
  startServer(): Promise<void>
}

const REDIS_BIN = process.env.REDIS_SERVER_PATH ?? "redis-server"

/** Answers PONG to PING over the Redis protocol (RESP). */
async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1")
    let answer = ""
    socket.setTimeout(1_000)
    socket.on("connect", () => socket.write("PING\r\n"))
    socket.on("data", (chunk) => {
      answer += chunk.toString()
      if (answer.includes("\r\n")) {
        socket.destroy()
        resolve(answer.startsWith("+PONG"))
      }
    })
    socket.on("timeout", () => {
      socket.destroy()
      resolve(false)
    })
    socket.on("error", () => resolve(false))
  })
}

export async function startRedis(options: { timeoutMs?: number } = {}): Promise<RedisServer> {
  try {
    execFileSync(REDIS_BIN, ["--version"], { stdio: "ignore" })
  } catch {
    throw new Error(
      `${REDIS_BIN} is not installed: apt-get install -y redis-server (it is listed in .ci/apt-packages), or set REDIS_SERVER_PATH`
    )
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-paycore-redis-"))
  const port = await freePort()
  const logFile = path.join(dir, "redis.log")
  const launch = () =>
    spawnLogged(
      REDIS_BIN,
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        dir,
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "no",
        "--protected-mode",
        "yes",
      ],
      { cwd: dir, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, logFile }
    )
  let proc = launch()
  const stopServer = () => proc.stop(5_000)
  const stop = async () => {
    await stopServer()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  const ready = async () => {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000)
    while (!(await ping(port))) {
      if (proc.child.exitCode !== null || Date.now() > deadline) {
        const tail = proc.logTail(2000)
        await stop()
        throw new Error(`redis-server did not start on port ${port}:\n${tail}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  await ready()
  const startServer = async () => {
    proc = launch()
    await ready()
  }
  return { url: `redis://127.0.0.1:${port}`, port, logFile, stop, stopServer, startServer }
}
