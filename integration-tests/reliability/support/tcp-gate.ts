// A TCP forwarder on a fixed port of 127.0.0.1 that the test can shut like a server going away: `close()` stops
// listening and cuts every open connection, so new connections are refused (ECONNREFUSED) as if the host behind it
// were down; `open()` listens again on the same port. Used to make the PayCore sandbox unreachable for the shop
// while the sandbox itself (its invoices, payments and callbacks) goes on in the test process.
import net from "node:net"

export type TcpGate = {
  port: number
  url: string
  /** The port connections are forwarded to (set once the target is running). */
  target: number | undefined
  readonly isOpen: boolean
  close(): Promise<void>
  open(): Promise<void>
}

const HOST = "127.0.0.1"

export async function startTcpGate(): Promise<TcpGate> {
  const sockets = new Set<net.Socket>()
  let server: net.Server | undefined
  let port = 0
  const listen = async () => {
    const next = net.createServer((client) => {
      if (!gate.target) return client.destroy()
      const upstream = net.connect(gate.target, HOST)
      for (const socket of [client, upstream]) {
        sockets.add(socket)
        socket.on("close", () => sockets.delete(socket))
        socket.on("error", () => {
          client.destroy()
          upstream.destroy()
        })
      }
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>((resolve, reject) => {
      next.once("error", reject)
      next.listen(port, HOST, () => resolve())
    })
    port = (next.address() as net.AddressInfo).port
    server = next
  }
  const gate: TcpGate = {
    get port() {
      return port
    },
    get url() {
      return `http://${HOST}:${port}`
    },
    target: undefined,
    get isOpen() {
      return server !== undefined
    },
    close: async () => {
      const current = server
      server = undefined
      if (!current) return
      const closed = new Promise<void>((resolve) => current.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      await closed
    },
    open: async () => {
      if (!server) await listen()
    },
  }
  await listen()
  return gate
}
