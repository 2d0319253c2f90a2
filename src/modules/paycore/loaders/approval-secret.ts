import type { LoaderOptions } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { paycoreAccounts } from "../../../accounts/registry"

/** Postgres' "undefined_table": the module's migrations have not run yet, so no settings exist. */
const UNDEFINED_TABLE = "42P01"

/**
 * Boot refuses a PayCore provider without `payoutApprovalSecret` while payouts need a second admin's approval:
 * approvals compare the approver's re-entered destination with an HMAC keyed by that secret, so without it no payout
 * could be approved, and a deploy that dropped the secret must fail loudly rather than at the first approval.
 * (Well-known or short values are refused by the options' own validation, whatever the settings.)
 */
export default async function refuseApprovalsWithoutSecret({ container }: LoaderOptions): Promise<void> {
  const missing = paycoreAccounts(container as any).filter((account) => !account.options.payoutApprovalSecret)
  if (!missing.length) return
  if (!(await approvalsRequired(container.resolve(ContainerRegistrationKeys.PG_CONNECTION)))) return
  throw new Error(
    `PayCore: payouts need a second admin's approval (Settings → PayCore), but ${missing
      .map((account) => account.providerId)
      .join(", ")} has no payoutApprovalSecret option. Set it (at least 32 random bytes, e.g. ` +
      `openssl rand -base64 32; PAYCORE_PAYOUT_APPROVAL_SECRET in the README's medusa-config) and start again.`
  )
}

/** Whether the stored payout settings require approval (false before the module's first migration). */
export async function approvalsRequired(knex: any): Promise<boolean> {
  try {
    const result = await knex.raw(
      `select require_approval from paycore_payout_setting where scope = 'default' and deleted_at is null limit 1`
    )
    return Boolean(result.rows?.[0]?.require_approval)
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return false
    throw error
  }
}
