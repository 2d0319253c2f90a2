import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { BusyError } from "../../../apply-once/invoice-lock"
import { CUSTOMER_COMPLETION_WAIT_MS, withCartCompletionLock } from "../../../payments/cart-completion-lock"

/**
 * A customer's `POST /store/carts/:id/complete` holds the cart's completion lock until its answer is sent, so that
 * PayCore's callback never completes the same cart at the same time (payments/cart-completion-lock.ts).
 */
export function serializeCartCompletion(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const cartId = req.params.id
  let answered!: () => void
  const done = new Promise<void>((resolve) => (answered = resolve))
  res.once("finish", answered)
  res.once("close", answered)
  let entered = false
  withCartCompletionLock(
    req.scope,
    cartId,
    async () => {
      entered = true
      next()
      await done
    },
    CUSTOMER_COMPLETION_WAIT_MS
  ).catch((error) => {
    if (entered) return // the route answered; only the release failed
    next(
      error instanceof BusyError
        ? new MedusaError(MedusaError.Types.CONFLICT, "Cart is already being completed by another request")
        : error
    )
  })
}
