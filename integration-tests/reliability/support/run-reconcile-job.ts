// Runs the plugin's scheduled reconciliation job once, exactly as Medusa's scheduler would, in a `medusa exec`
// process on the shop's database and configuration (integration-tests/reliability/paycore-outage.spec.ts).
import type { ExecArgs } from "@medusajs/framework/types"
import reconcilePaycorePayments from "../../../src/jobs/reconcile-paycore-payments"

export default async function runReconcileJob({ container }: ExecArgs) {
  await reconcilePaycorePayments(container)
}
