import type { MedusaContainer } from "@medusajs/framework/types"
import { recoverFailedCheckouts } from "../checkout-recovery"

/**
 * Recovering a failed checkout (option `recoverFailedCheckoutAfterMinutes`, off by default): every minute, carts whose
 * PayCore payment failed or expired that long ago and that are still open are sent a fresh payment link. Off: nothing
 * is read.
 */
export default async function recoverPaycoreCheckouts(container: MedusaContainer) {
  await recoverFailedCheckouts(container)
}

export const config = {
  name: "paycore-recover-failed-checkouts",
  schedule: "* * * * *",
}
