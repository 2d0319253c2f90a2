import type { IncomingMessage } from "node:http"

/** PayCore callbacks are a few kilobytes; anything far larger is not one. */
export const MAX_CALLBACK_BYTES = 256 * 1024

export type RawBody = { ok: true; body: Buffer } | { ok: false; status: 400 | 413; error: string; message: string }

/**
 * Reads the exact bytes of the request. Medusa's body parser is switched off for the callback route, so the
 * signature is checked on what PayCore sent, whatever the content type, and nothing is parsed before that. A body
 * over the limit is not read to its end (the route answers 413 and closes the connection).
 */
export function readRawBody(req: IncomingMessage, limit = MAX_CALLBACK_BYTES): Promise<RawBody> {
  const tooLarge: RawBody = {
    ok: false,
    status: 413,
    error: "payload_too_large",
    message: `callback bodies are limited to ${limit} bytes`,
  }
  return new Promise((resolve) => {
    const declared = Number(req.headers["content-length"])
    if (Number.isFinite(declared) && declared > limit) {
      // Not read at all: the route closes the connection after answering.
      resolve(tooLarge)
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (result: RawBody) => {
      if (done) return
      done = true
      resolve(result)
    }
    req.on("data", (chunk: Buffer) => {
      if (done) return
      size += chunk.length
      if (size > limit) {
        req.pause()
        finish(tooLarge)
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => finish({ ok: true, body: Buffer.concat(chunks) }))
    req.on("error", () =>
      finish({ ok: false, status: 400, error: "bad_request", message: "the request body could not be read" })
    )
  })
}
