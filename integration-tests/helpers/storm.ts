// Shared by the storm tests (one instance and two instances): parallel work and the shuffled deliveries.
import type { Pool } from "undici"
import type { Sandbox } from "../../sandbox/src"
import { phpJsonEncode, signCallbackBody } from "../../sandbox/src"

/** Runs `work` over `items` with at most `limit` at a time; results keep the items' order. */
export async function inParallel<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++
        results[index] = await work(items[index], index)
      }
    })
  )
  return results
}

export type Delivery = { body: string; signature: string }

/**
 * For each paid invoice: its paid state `copies` times and one older `processing` state, signed as PayCore signs
 * them, all shuffled with a fixed seed (so a failure can be replayed).
 */
export function shuffledDeliveries(sandbox: Sandbox, invoiceIds: string[], copies: number, key: string): Delivery[] {
  const deliveries: Delivery[] = []
  for (const invoiceId of invoiceIds) {
    const paid = phpJsonEncode({ data: sandbox.getPaymentInvoice(invoiceId)!.data })
    const processing = paid
      .replace(/"status":"processed"/, '"status":"processing"')
      .replace(/"updated":(\d+)/, (_, updated) => `"updated":${Number(updated) - 1}`)
    for (let copy = 0; copy < copies; copy++) deliveries.push({ body: paid, signature: signCallbackBody(paid, key) })
    deliveries.push({ body: processing, signature: signCallbackBody(processing, key) })
  }
  let seed = 42
  for (let i = deliveries.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    const j = seed % (i + 1)
    ;[deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]]
  }
  return deliveries
}

/** POSTs one signed delivery to the callback route, as PayCore does; resolves with the answer's status. */
export async function deliverCallback(pool: Pool, delivery: Delivery, timeoutMs?: number): Promise<number> {
  const response = await pool.request({
    method: "POST",
    path: "/hooks/paycore",
    headers: { "content-type": "application/json", "x-signature": delivery.signature },
    body: delivery.body,
    ...(timeoutMs === undefined ? {} : { headersTimeout: timeoutMs, bodyTimeout: timeoutMs }),
  })
  await response.body.dump()
  return response.statusCode
}
