import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { lastPaycoreCheck, paycoreCheckAccount, runAndRecordPaycoreCheck } from "../../../../paycore-check/record"
import { parseInput, paycoreCheckQuerySchema, paycoreCheckRequestSchema } from "../validators"

/** The provider's last PayCore check: `{ check: { run_id, created_at, run_by, report } | null }`. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { provider_id } = parseInput(paycoreCheckQuerySchema, req.query, "query")
  const account = paycoreCheckAccount(req.scope, provider_id)
  res.json({ check: await lastPaycoreCheck(req.scope, account.providerId) })
}

/**
 * Runs the PayCore check (test mode: a few test invoices whose reference starts with paycore-check-), stores it
 * with the admin who ran it and answers `{ check }`; 409 while another run for the provider is under way.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { provider_id } = parseInput(paycoreCheckRequestSchema, req.body)
  const account = paycoreCheckAccount(req.scope, provider_id)
  try {
    const check = await runAndRecordPaycoreCheck(req.scope, account, req.auth_context?.actor_id)
    res.json({ check })
  } catch (error) {
    // Medusa's error handler answers every conflict with its own idempotency-key message: keep ours.
    if (error instanceof MedusaError && error.type === MedusaError.Types.CONFLICT) {
      res.status(409).json({ type: "conflict", message: error.message })
      return
    }
    throw error
  }
}
