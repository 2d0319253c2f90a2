import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { randomUUID } from "node:crypto"
import { setTimeout as sleep } from "node:timers/promises"
import { BusyError } from "../apply-once/invoice-lock"
import { releaseExpiredLock } from "./stale-cart-lock"

/**
 * One completion of a cart at a time, whoever completes it: the customer (`POST /store/carts/:id/complete`),
 * PayCore's callback or the reconciliation (Medusa's processPaymentWorkflow). Medusa 2.21 alone does not ensure
 * it: processPaymentWorkflow releases its cart lock before it completes the cart, and the Postgres locking
 * provider lets two acquirers without an owner id both win when they insert the lock row at the same moment (a
 * browser test made two orders for one cart that way). Each holder here has its own owner id, which that
 * provider tells apart.
 */
export const CART_COMPLETION_TTL_SECONDS = 120
/** How long a customer's completion waits for another one (then 409, which the storefront kit retries). */
export const CUSTOMER_COMPLETION_WAIT_MS = 10_000
/** A callback answers 503 sooner: PayCore sends it again, and the customer's completion makes the order. */
export const CALLBACK_COMPLETION_WAIT_MS = 2_000
export const PATIENT_COMPLETION_WAIT_MS = 30_000
const RETRY_EVERY_MS = 100

export function cartCompletionKey(cartId: string): string {
  return `paycore:complete-cart:${cartId}`
}

/** Runs `job` holding the cart's completion lock; BusyError when it stays held for `waitMs` (nothing was run). */
export async function withCartCompletionLock<T>(
  container: MedusaContainer,
  cartId: string,
  job: () => Promise<T>,
  waitMs: number
): Promise<T> {
  const locking = container.resolve(Modules.LOCKING)
  const key = cartCompletionKey(cartId)
  const ownerId = `paycore-${randomUUID()}`
  const deadline = Date.now() + waitMs
  for (let tries = 0; ; tries++) {
    try {
      await locking.acquire(key, { ownerId, expire: CART_COMPLETION_TTL_SECONDS })
      break
    } catch (error) {
      // Held: maybe by a server that died holding it, whose row Medusa's Postgres provider never lets go.
      if (tries === 0) await releaseExpiredLock(container, key, `cart ${cartId} (the plugin's completion lock)`)
      else if (Date.now() >= deadline) {
        throw new BusyError(`cart ${cartId} is being completed by another request (${(error as Error).message})`)
      }
      await sleep(RETRY_EVERY_MS)
    }
  }
  try {
    return await job()
  } finally {
    await locking.release(key, { ownerId }).catch(() => undefined) // expires on its own
  }
}
