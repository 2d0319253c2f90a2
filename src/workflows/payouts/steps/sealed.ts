import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { destinationFingerprint, openPayoutDestination, sealPayoutDestination } from "../../../payouts/destination"
import type { PaycorePayoutRequest, PayoutPlan, SealedPayoutPlan } from "../../../payouts/plan"

/** Set on the error a workflow throws when PayCore could not be reached or did not confirm: the routes answer 502. */
export const PAYCORE_UNAVAILABLE = "paycore_unavailable"

/** The key of the payout destination fingerprints: derived from the app's JWT secret (see destination.ts). */
export function appSecret(container: { resolve: (key: string) => any }): string {
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  const secret = config?.projectConfig?.http?.jwtSecret ?? config?.projectConfig?.http?.cookieSecret
  if (!secret) {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      "Payout approval needs projectConfig.http.jwtSecret: it keys the check of the approver's re-entered destination"
    )
  }
  return String(secret)
}

/** What a payout workflow receives: the request with its destination sealed (`sealPayoutDestination(fields)`). */
export type SealedPayoutRequest = Omit<PaycorePayoutRequest, "fields"> & { sealed_fields: string }

export function openSealed(sealed: string) {
  try {
    return openPayoutDestination(sealed)
  } catch (error) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `fields: ${(error as Error).message}`)
  }
}

/** The plan without the plain destination: what steps may return (Medusa stores step results). */
export function sealPlan(container: { resolve: (key: string) => any }, plan: PayoutPlan): SealedPayoutPlan {
  const { fields, ...rest } = plan
  return {
    ...rest,
    sealed_fields: sealPayoutDestination(fields),
    destination_fingerprint: plan.requires_approval ? destinationFingerprint(fields, appSecret(container)) : null,
  }
}

/** A 409 with its message: the payout is not in the state the request needs. */
export const conflict = (message: string) => new MedusaError(MedusaError.Types.CONFLICT, message)

export type ApprovePaycorePayoutInput = {
  payout_id: string
  /** The approving admin's user id; must differ from the creator's. */
  approved_by: string
  /** The destination fields re-entered by the approver, sealed (`sealPayoutDestination(fields)`): they must match the creator's. */
  sealed_fields: string
}
