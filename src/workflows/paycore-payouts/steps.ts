import { ContainerRegistrationKeys, MedusaError, generateEntityId } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { applyPayoutInvoiceState, settlePayoutWithPaycore } from "../../callbacks/apply-payout-invoice"
import { withInvoiceLock } from "../../callbacks/invoice-lock"
import { paycoreAccount } from "../../callbacks/paycore-accounts"
import {
  PaycoreApiError,
  PaycoreInvalidRequestError,
  isPaycoreError,
  maskCardNumbersInText,
  type PaycorePayoutInvoice,
} from "../../lib/paycore"
import { PAYCORE_MODULE } from "../../modules/paycore"
import type { PaycoreModuleService } from "../../modules/paycore/service"
import {
  destinationFingerprint,
  fingerprintsMatch,
  normalizeDestination,
  openPayoutDestination,
  sealPayoutDestination,
} from "./destination"
import { planPaycorePayout, type PaycorePayoutRequest, type PayoutPlan, type SealedPayoutPlan } from "./plan"
import { historyColumn, historyEntry, readHistory } from "./view"

/** Set on the error a workflow throws when PayCore could not be reached or did not confirm: the routes answer 502. */
export const PAYCORE_UNAVAILABLE = "paycore_unavailable"

/** The key of the payout destination fingerprints: derived from the app's JWT secret (see destination.ts). */
function appSecret(container: { resolve: (key: string) => any }): string {
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

// ---------------------------------------------------------------------------------------------------------------

/** What a payout workflow receives: the request with its destination sealed (`sealPayoutDestination(fields)`). */
export type SealedPayoutRequest = Omit<PaycorePayoutRequest, "fields"> & { sealed_fields: string }

function openSealed(sealed: string) {
  try {
    return openPayoutDestination(sealed)
  } catch (error) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `fields: ${(error as Error).message}`)
  }
}

/** The plan without the plain destination: what steps may return (Medusa stores step results). */
function sealPlan(container: { resolve: (key: string) => any }, plan: PayoutPlan): SealedPayoutPlan {
  const { fields, ...rest } = plan
  return {
    ...rest,
    sealed_fields: sealPayoutDestination(fields),
    destination_fingerprint: plan.requires_approval ? destinationFingerprint(fields, appSecret(container)) : null,
  }
}

export const validatePaycorePayoutStepId = "validate-paycore-payout"
/** Checks the request against the payout settings, PayCore's limits and field rules, and the order or customer. */
export const validatePaycorePayoutStep = createStep(
  validatePaycorePayoutStepId,
  async (input: SealedPayoutRequest, { container }) => {
    const { sealed_fields, ...request } = input
    const plan = await planPaycorePayout(container, { ...request, fields: openSealed(sealed_fields) })
    return new StepResponse(sealPlan(container, plan))
  }
)

export const createPaycorePayoutRecordStepId = "create-paycore-payout-record"
/**
 * Records the payout before anything is sent: `pending_approval` (with the destination's fingerprint) when a second
 * admin must approve, else `sending`. Its id is PayCore's `reference_id`. Compensation: settle with PayCore (a
 * `sending` record ends as PayCore's state, `failed` or `unconfirmed`, never as "sent" without PayCore having it).
 */
export const createPaycorePayoutRecordStep = createStep(
  createPaycorePayoutRecordStepId,
  async (input: { plan: SealedPayoutPlan; created_by: string | null; payout_id?: string }, { container }) => {
    const { plan, created_by } = input
    const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
    const id = input.payout_id ?? generateEntityId(undefined, "pcpo")
    const status = plan.requires_approval ? "pending_approval" : "sending"
    const row = await paycore.createPaycorePayouts({
      id,
      reference_id: id,
      provider_id: plan.provider_id,
      service: plan.service,
      amount: plan.amount,
      currency_code: plan.currency_code,
      destination: plan.destination,
      destination_fingerprint: plan.requires_approval ? plan.destination_fingerprint : null,
      description: plan.description,
      status,
      status_history: historyColumn([historyEntry(status, "admin", { actor: created_by })]),
      order_id: plan.order_id,
      customer_id: plan.customer_id,
      created_by,
      test_mode: plan.test_mode,
    })
    return new StepResponse({ id: row.id as string, status }, row.id as string)
  },
  async (payoutId, { container }) => {
    if (payoutId) await settlePayoutWithPaycore(container, payoutId, { concludeWhileSending: true })
  }
)

export const sendPaycorePayoutStepId = "send-paycore-payout"
/**
 * `POST /api/payout-invoices` through the PayCore client, with the payout's id as `reference_id`: the client looks
 * the reference up before sending again after an unconfirmed attempt, and resolves PayCore's "duplicate reference"
 * by looking it up, so one payout is made however often this runs. The full destination goes to PayCore only.
 * Compensation: settle with PayCore by reference (see createPaycorePayoutRecordStep).
 */
export const sendPaycorePayoutStep = createStep(
  sendPaycorePayoutStepId,
  async (input: { payout_id: string; plan: SealedPayoutPlan }, { container }) => {
    const { payout_id, plan } = input
    const fields = openSealed(plan.sealed_fields)
    const account = paycoreAccount(container, plan.provider_id)
    if (!account) throw new MedusaError(MedusaError.Types.INVALID_DATA, `${plan.provider_id} is not a registered PayCore provider`)
    try {
      const invoice = await account.client.createPayoutInvoice({
        reference_id: payout_id,
        service: plan.service,
        currency: plan.currency,
        amount: plan.amount,
        fields,
        test_mode: plan.test_mode,
        ...(plan.description ? { description: plan.description } : {}),
        ...(plan.callback_url ? { callback_url: plan.callback_url } : {}),
        metadata: {
          medusa_payout_id: payout_id,
          ...(plan.order_id ? { medusa_order_id: plan.order_id } : {}),
          ...(plan.customer_id ? { medusa_customer_id: plan.customer_id } : {}),
        },
      })
      return new StepResponse(invoice, payout_id)
    } catch (error) {
      const message = maskCardNumbersInText((error as Error).message ?? String(error))
      await container.resolve<PaycoreModuleService>(PAYCORE_MODULE).updatePaycorePayouts({ id: payout_id, last_error: message })
      throw sendError(error, message)
    }
  },
  async (payoutId, { container }) => {
    if (payoutId) await settlePayoutWithPaycore(container, payoutId, { concludeWhileSending: true })
  }
)

/** PayCore refused the payout (4xx): 400 with PayCore's reason. Anything else: PayCore unavailable (502). */
function sendError(error: unknown, message: string): MedusaError {
  const refused =
    error instanceof PaycoreInvalidRequestError ||
    (error instanceof PaycoreApiError && !error.retryable && !error.isDuplicateReference)
  if (refused) return new MedusaError(MedusaError.Types.INVALID_DATA, `PayCore refused the payout: ${message}`)
  if (!isPaycoreError(error)) return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, message, PAYCORE_UNAVAILABLE)
  return new MedusaError(
    MedusaError.Types.UNEXPECTED_STATE,
    `PayCore did not confirm the payout: ${message}`,
    PAYCORE_UNAVAILABLE
  )
}

export const applyPaycorePayoutAnswerStepId = "apply-paycore-payout-answer"
/** Records PayCore's answer (its `cpoi_` id and status) through the same code as callbacks: newer states only. */
export const applyPaycorePayoutAnswerStep = createStep(
  applyPaycorePayoutAnswerStepId,
  async (input: { invoice: PaycorePayoutInvoice; provider_id: string }, { container }) => {
    const result = await applyPayoutInvoiceState(container, input.invoice, { source: "api", providerId: input.provider_id })
    return new StepResponse(result)
  }
)

// ---------------------------------------------------------------------------------------------------------------
// Approval
// ---------------------------------------------------------------------------------------------------------------

export type ApprovePaycorePayoutInput = {
  payout_id: string
  /** The approving admin's user id; must differ from the creator's. */
  approved_by: string
  /** The destination fields re-entered by the approver, sealed (`sealPayoutDestination(fields)`): they must match the creator's. */
  sealed_fields: string
}

const conflict = (message: string) => new MedusaError(MedusaError.Types.CONFLICT, message)

export const validatePaycorePayoutApprovalStepId = "validate-paycore-payout-approval"
/**
 * A payout can be approved while it is `pending_approval`, by another admin than its creator, with the same
 * destination re-entered (four eyes on where the money goes: the full destination was never stored), and only if
 * it still passes the settings and PayCore's limits as they are now.
 */
export const validatePaycorePayoutApprovalStep = createStep(
  validatePaycorePayoutApprovalStepId,
  async (input: ApprovePaycorePayoutInput, { container }) => {
    const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
    const [payout] = await paycore.listPaycorePayouts({ id: input.payout_id }, { take: 1 })
    if (!payout) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payout ${input.payout_id} was not found`)
    if (payout.status !== "pending_approval") throw conflict(`Payout ${payout.id} is ${payout.status}, not pending approval`)
    if (payout.created_by && payout.created_by === input.approved_by) {
      throw conflict("The admin who created a payout cannot approve it: another admin must")
    }
    const fields = normalizeDestination(openSealed(input.sealed_fields))
    if (!payout.destination_fingerprint || !fingerprintsMatch(destinationFingerprint(fields, appSecret(container)), payout.destination_fingerprint)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "fields: do not match the destination this payout was created with (re-enter every field exactly)"
      )
    }
    const plan = await planPaycorePayout(container, {
      service: payout.service,
      amount: Number(payout.amount),
      currency: payout.currency_code,
      fields,
      order_id: payout.order_id ?? undefined,
      customer_id: payout.customer_id ?? undefined,
      description: payout.description ?? undefined,
      provider_id: payout.provider_id ?? undefined,
    })
    if (plan.test_mode !== Boolean(payout.test_mode)) {
      throw conflict(`Payout ${payout.id} was created in ${payout.test_mode ? "test" : "live"} mode; the provider is now in the other mode`)
    }
    return new StepResponse(sealPlan(container, { ...plan, requires_approval: false }))
  }
)

export const markPaycorePayoutApprovedStepId = "mark-paycore-payout-approved"
/**
 * `pending_approval` → `sending`, with the approver, under a lock per payout so that two approvals at once send
 * once. Compensation: settle with PayCore (see createPaycorePayoutRecordStep).
 */
export const markPaycorePayoutApprovedStep = createStep(
  markPaycorePayoutApprovedStepId,
  async (input: { payout_id: string; approved_by: string }, { container }) => {
    const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
    await withInvoiceLock(container, `paycore:payout:${input.payout_id}`, async () => {
      const [payout] = await paycore.listPaycorePayouts({ id: input.payout_id }, { take: 1 })
      if (payout?.status !== "pending_approval") {
        throw conflict(`Payout ${input.payout_id} is ${payout?.status ?? "gone"}, not pending approval`)
      }
      await paycore.updatePaycorePayouts({
        id: payout.id,
        status: "sending",
        approved_by: input.approved_by,
        destination_fingerprint: null,
        status_history: historyColumn([...readHistory(payout), historyEntry("sending", "admin", { actor: input.approved_by })]),
      })
    })
    return new StepResponse({ id: input.payout_id }, input.payout_id)
  },
  async (payoutId, { container }) => {
    if (payoutId) await settlePayoutWithPaycore(container, payoutId, { concludeWhileSending: true })
  }
)
