import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError } from "@medusajs/framework/utils"
import { isPaycoreProviderId } from "../accounts/provider-id"
import { isPaycoreError } from "../lib/paycore"
import { PAYCORE_MODULE } from "../modules/paycore"
import type { PaycoreModuleService } from "../modules/paycore/service"
import type { RefundAtPaycoreEntry } from "../providers/paycore/core/refund-at-paycore"
import type { PaycoreSessionData } from "../providers/paycore/session-data"
import { reconcilePaymentSession } from "./reconcile"

const CALLBACKS_SHOWN = 10

export type PaycoreOrderPayment = {
  provider_id: string
  payment_session_id: string
  payment_id: string | null
  invoice_id: string
  reference_id: string
  status: string
  resolution: string | null
  test_mode: boolean
  currency_code: string
  amount: number
  processed_amount: number | null
  refunded_amount: number
  charged_back_amount: number
  hpp_url: string | null
  paycore_updated_at: string | null
  outcome: string | null
  outcome_detail: string | null
  refunds: Array<{ id: string; reference_id: string; amount: number; status: string }>
  /** Refunds made at PayCore (its dashboard) and recorded as Medusa refunds: the Medusa refund and what it records. */
  refunds_at_paycore: Array<{ refund_id: string; key: string; amount: number }>
  /** Why a refund made at PayCore could not be recorded in Medusa (e.g. more than Medusa can refund). */
  refund_problem: string | null
  callbacks: Array<{
    received_at: string
    status: string
    source: string
    outcome: string
    signature: "accepted" | "refused"
    detail: string | null
  }>
}

export type PaycoreOrderView = { order_id: string; payments: PaycoreOrderPayment[] }

type OrderSessions = {
  sessions: Array<{ id: string; provider_id: string; status: string; data: Record<string, unknown> | null }>
  payments: Array<{ id: string; payment_session_id: string; data: Record<string, unknown> | null }>
}

async function orderSessions(container: MedusaContainer, orderId: string): Promise<OrderSessions> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "payment_collections.payment_sessions.id",
      "payment_collections.payment_sessions.provider_id",
      "payment_collections.payment_sessions.status",
      "payment_collections.payment_sessions.data",
      "payment_collections.payments.id",
      "payment_collections.payments.payment_session_id",
      "payment_collections.payments.data",
    ],
    filters: { id: orderId },
  })
  const order = data[0] as any
  if (!order) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} was not found`)
  const collections: any[] = order.payment_collections ?? []
  return {
    sessions: collections
      .flatMap((collection) => collection.payment_sessions ?? [])
      .filter((session) => isPaycoreProviderId(session.provider_id)),
    payments: collections.flatMap((collection) => collection.payments ?? []),
  }
}

/** What the admin order widget shows: each PayCore payment of the order, as PayCore and the plugin saw it. */
export async function paycoreOrderView(container: MedusaContainer, orderId: string): Promise<PaycoreOrderView> {
  const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
  const { sessions, payments } = await orderSessions(container, orderId)
  const view: PaycoreOrderPayment[] = []
  for (const session of sessions) {
    const data = (session.data ?? {}) as Partial<PaycoreSessionData>
    const payment = payments.find((candidate) => candidate.payment_session_id === session.id)
    const paymentData = (payment?.data ?? {}) as Partial<PaycoreSessionData> & {
      charged_back_amount?: number
      paycore_refunds_at_paycore?: RefundAtPaycoreEntry[]
      paycore_refund_problem?: string
    }
    const invoiceId = paymentData.paycore_invoice_id ?? data.paycore_invoice_id
    if (!invoiceId) continue
    const [record] = await paycore.listPaycorePaymentInvoices({ invoice_id: invoiceId })
    const callbacks = await paycore.listPaycoreCallbacks(
      { invoice_id: invoiceId },
      { order: { created_at: "DESC" }, take: CALLBACKS_SHOWN }
    )
    view.push({
      provider_id: session.provider_id,
      payment_session_id: session.id,
      payment_id: payment?.id ?? null,
      invoice_id: invoiceId,
      reference_id: record?.reference_id ?? data.paycore_reference_id ?? session.id,
      status: record?.status ?? paymentData.paycore_status ?? data.paycore_status ?? "unknown",
      resolution: record?.resolution ?? paymentData.paycore_resolution ?? data.paycore_resolution ?? null,
      test_mode: record?.test_mode ?? data.test_mode ?? true,
      currency_code: (record?.currency_code ?? data.currency ?? "").toLowerCase(),
      amount: toNumber(record?.amount ?? data.amount) ?? 0,
      processed_amount: toNumber(record?.processed_amount ?? paymentData.processed_amount),
      refunded_amount: toNumber(record?.refunded_amount ?? paymentData.refunded_amount) ?? 0,
      charged_back_amount: toNumber(record?.charged_back_amount ?? paymentData.charged_back_amount) ?? 0,
      hpp_url: data.hpp_url ?? null,
      paycore_updated_at: record ? new Date(record.paycore_updated_at).toISOString() : null,
      outcome: record?.outcome ?? null,
      outcome_detail: record?.outcome_detail ?? null,
      refunds: paymentData.paycore_refunds ?? [],
      refunds_at_paycore: paymentData.paycore_refunds_at_paycore ?? [],
      refund_problem: paymentData.paycore_refund_problem ?? null,
      callbacks: callbacks.map((callback) => ({
        received_at: new Date(callback.created_at).toISOString(),
        status: callback.status,
        source: callback.source,
        outcome: callback.outcome,
        signature: callback.signature,
        detail: callback.detail ?? null,
      })),
    })
  }
  return { order_id: orderId, payments: view }
}

/** "Check status at PayCore": each PayCore payment of the order is looked up and applied like a callback. */
export async function reconcileOrder(container: MedusaContainer, orderId: string): Promise<PaycoreOrderView> {
  const { sessions } = await orderSessions(container, orderId)
  for (const session of sessions) {
    try {
      await reconcilePaymentSession(container, session, { logUnchanged: true })
    } catch (error) {
      // PayCore's own words (never a key) rather than Medusa's "An unknown error occurred".
      if (isPaycoreError(error)) {
        throw new MedusaError(
          MedusaError.Types.UNEXPECTED_STATE,
          `PayCore could not be asked about ${session.id}: ${error.message}`
        )
      }
      throw error
    }
  }
  return paycoreOrderView(container, orderId)
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null
  return MathBN.convert(value as any).toNumber()
}
