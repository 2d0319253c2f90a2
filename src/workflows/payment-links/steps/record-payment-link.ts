import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { paycoreAccount } from "../../../accounts"
import { PAYCORE_MODULE, type PaycoreModuleService } from "../../../modules/paycore"
import { expiryFor } from "../../../payment-links/rules"
import type { PaymentLinkRecord } from "../../../payment-links/view"
import type { PaycoreSessionData } from "../../../providers/paycore/session-data"
import type { PreparedPaymentLink } from "./prepare-payment-link"

export type RecordPaymentLinkInput = {
  prepared: PreparedPaymentLink
  session: { id: string; payment_collection_id: string; currency_code: string; data?: Record<string, unknown> | null }
  /** The admin user who asked for the link. */
  created_by?: string | null
}

export const recordPaymentLinkStepId = "record-paycore-payment-link"
/**
 * Records the new session's invoice as the order's payment link; the collection's earlier awaiting links are
 * canceled (Medusa deleted their sessions: a payment on one of them becomes an orphan payment). Compensation: the
 * record goes and the earlier links are awaiting again.
 */
export const recordPaymentLinkStep = createStep(
  recordPaymentLinkStepId,
  async ({ prepared, session, created_by }: RecordPaymentLinkInput, { container }) => {
    const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
    const data = (session.data ?? {}) as Partial<PaycoreSessionData>
    const lifetime = paycoreAccount(container, prepared.provider_id)?.options.invoiceLifetimeMinutes ?? 0
    const superseded = await paycore.listPaycorePaymentLinks(
      { payment_collection_id: session.payment_collection_id, status: "awaiting" },
      { select: ["id"] }
    )
    if (superseded.length) {
      await paycore.updatePaycorePaymentLinks(superseded.map((link) => ({ id: link.id, status: "canceled" as const })))
    }
    const created = await paycore.createPaycorePaymentLinks({
      session_id: session.id,
      order_id: prepared.order_id,
      display_id: prepared.display_id,
      payment_collection_id: session.payment_collection_id,
      provider_id: prepared.provider_id,
      invoice_id: data.paycore_invoice_id ?? "",
      // The invoice's own amount (major units, rounded to the currency's digits).
      amount: data.amount ?? 0,
      currency_code: session.currency_code,
      url: data.hpp_url ?? "",
      status: "awaiting",
      email: prepared.email,
      expires_at: expiryFor(new Date(), lifetime),
      created_by: created_by ?? null,
    })
    return new StepResponse(created as unknown as PaymentLinkRecord, {
      id: created.id,
      superseded: superseded.map((link) => link.id),
    })
  },
  async (undo, { container }) => {
    if (!undo) return
    const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
    await paycore.deletePaycorePaymentLinks(undo.id)
    if (undo.superseded.length) {
      await paycore.updatePaycorePaymentLinks(undo.superseded.map((id) => ({ id, status: "awaiting" as const })))
    }
  }
)
