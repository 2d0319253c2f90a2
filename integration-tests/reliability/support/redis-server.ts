// A throw-away Redis for one test file: Debian's `redis-server` (apt-get install -y redis-server, listed in
// .ci/apt-packages) on a free port of 127.0.0.1, data in a temp directory, no persistence. `stop()` shuts it down
// and deletes the directory. The process runs in its own group and is killed with the test process.
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { spawnLogged } from "../../browser/harness/processes"

export type RedisServer = { url: string; port: number; logFile: string; stop(): Promise<void> }

const REDIS_BIN = process.env.REDIS_SERVER_PATH ?? "redis-server"

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

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
  const proc = spawnLogged(
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
  const stop = async () => {
    await proc.stop(5_000)
    fs.rmSync(dir, { recursive: true, force: true })
  }
  const deadline = Date.now() + (options.timeoutMs ?? 30_000)
  while (!(await ping(port))) {
    if (proc.child.exitCode !== null || Date.now() > deadline) {
      const tail = proc.logTail(2000)
      await stop()
      throw new Error(`redis-server did not start on port ${port}:\n${tail}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { url: `redis://127.0.0.1:${port}`, port, logFile, stop }
}
