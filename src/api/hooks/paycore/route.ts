import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { timed } from "../../../lib/timings"
import { handlePaycoreCallback } from "./handle-callback"
import { readRawBody } from "./raw-body"

/** PayCore's callback URL: `https://<your Medusa>/hooks/paycore`. Body parsing is off (see middlewares.ts). */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const raw = await readRawBody(req)
  if (!raw.ok) {
    // An oversize body is not read to its end: Node closes the connection once this answer is out.
    if (raw.status === 413) res.setHeader("Connection", "close")
    res.status(raw.status).json({ error: raw.error, message: raw.message })
    return
  }
  const answer = await timed("callback", () => handlePaycoreCallback(req.scope, raw.body, req.headers))
  res.status(answer.status).json(answer.body)
}
