import type { MedusaContainer } from "@medusajs/framework/types"
import { reconcilePendingPayments } from "../payments/reconcile"

/**
 * Lost callbacks must not leave a paying customer without an order: every five minutes, PayCore sessions still
 * pending after the provider's `reconcileAfterMinutes` are looked up at PayCore and applied like a callback.
 */
export default async function reconcilePaycorePayments(container: MedusaContainer) {
  await reconcilePendingPayments(container)
}

export const config = {
  name: "paycore-reconcile-pending-payments",
  schedule: "*/5 * * * *",
}
