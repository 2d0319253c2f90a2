import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { paycoreAccount } from "../../../accounts"
import { destinationFingerprint, openPayoutDestination, sealPayoutDestination } from "../../../payouts/destination"
import type { PaycorePayoutRequest, PayoutPlan, SealedPayoutPlan } from "../../../payouts/plan"

/** Set on the error a workflow throws when PayCore could not be reached or did not confirm: the routes answer 502. */
export const PAYCORE_UNAVAILABLE = "paycore_unavailable"

/**
 * The key of the payout destination fingerprints: the provider's own `payoutApprovalSecret` option (never the app's
 * jwtSecret, which many apps leave at "supersecret": with it, a database reader could recover a card number from its
 * first six and last four digits in about 10^5 guesses).
 */
export function approvalSecret(container: MedusaContainer, providerId: string | null | undefined): string {
  const secret = paycoreAccount(container, providerId)?.options.payoutApprovalSecret
  if (!secret) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "payoutApprovalSecret: the PayCore provider option is required while payouts need a second admin's approval " +
        "(at least 32 random bytes, e.g. openssl rand -base64 32)"
    )
  }
  return secret
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
export function sealPlan(container: MedusaContainer, plan: PayoutPlan): SealedPayoutPlan {
  const { fields, ...rest } = plan
  return {
    ...rest,
    sealed_fields: sealPayoutDestination(fields),
    destination_fingerprint: plan.requires_approval
      ? destinationFingerprint(fields, approvalSecret(container, plan.provider_id))
      : null,
  }
}

/** A 409 with its message: the payout is not in the state the request needs. */
export const conflict = (message: string) => new MedusaError(MedusaError.Types.CONFLICT, message)

/** Test and live never mix: a payout is approved or confirmed only while its provider is in the payout's mode. */
export function assertPayoutMode(payout: { id: string; test_mode?: boolean | null }, providerTestMode: boolean) {
  if (providerTestMode !== Boolean(payout.test_mode)) {
    throw conflict(
      `Payout ${payout.id} was created in ${payout.test_mode ? "test" : "live"} mode; the provider is now in the other mode`
    )
  }
}

export type ApprovePaycorePayoutInput = {
  payout_id: string
  /** The approving admin's user id; must differ from the creator's. */
  approved_by: string
  /** The destination fields re-entered by the approver, sealed (`sealPayoutDestination(fields)`): they must match the creator's. */
  sealed_fields: string
}
