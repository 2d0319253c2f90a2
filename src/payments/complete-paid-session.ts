import type { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MathBN,
  Modules,
  PaymentActions,
  PaymentSessionStatus,
} from "@medusajs/framework/utils"
import { processPaymentWorkflow } from "@medusajs/medusa/core-flows"
import type { PaycorePaymentInvoice } from "../lib/paycore"
import { timed } from "../lib/timings"
import type { CurrencyDecimalOverrides } from "../providers/paycore/money"
import { judgePaidAmount } from "../providers/paycore/paid-amount"
import { BusyError } from "../apply-once/invoice-lock"
import type { ApplyResult } from "./outcomes"
import { markUnpaidSession } from "./session-fields"
import { withCartCompletionLock } from "./cart-completion-lock"
import { releaseExpiredCartLock } from "./stale-cart-lock"

export { markUnpaidSession }

/**
 * A processed invoice: check it pays exactly this session, then let Medusa's own payment workflow
 * authorize (which asks PayCore for the live invoice again), capture and complete the cart.
 */
export async function completePaidSession(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  session: any,
  decimals: CurrencyDecimalOverrides | undefined,
  completionWaitMs: number
): Promise<ApplyResult> {
  const attributes = invoice.attributes
  const verdict = judgePaidAmount(invoice, { amount: session.amount, currency: session.currency_code }, decimals)
  const problem = verdict.ok ? undefined : verdict.problem
  if (verdict.ok && verdict.fee) {
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`PayCore: invoice ${invoice.id}: ${verdict.fee}`)
  }
  if (problem) {
    // Never captured: the session shows the error and the shop sees the invoice in the PayCore records.
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .error(`PayCore: invoice ${invoice.id} was paid but refused: ${problem}`)
    await markUnpaidSession(container, session, PaymentSessionStatus.ERROR, {
      paycore_invoice_id: invoice.id,
      paycore_status: attributes.status,
      paycore_problem: problem,
      paycore_updated: attributes.updated ?? null,
    })
    return { outcome: "payment_refused", detail: problem }
  }

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  if (!session.data?.paycore_invoice_id && !session.payment?.id) {
    // HPP link mode: PayCore created the invoice on its page. Keep its id so authorization can read it.
    await container.resolve(Modules.PAYMENT).updatePaymentSession({
      id: session.id,
      amount: session.amount,
      currency_code: session.currency_code,
      data: { ...(session.data ?? {}), paycore_invoice_id: invoice.id },
    })
  }
  const { data: links } = await query.graph({
    entity: "cart_payment_collection",
    fields: ["cart_id"],
    filters: { payment_collection_id: session.payment_collection_id },
  })
  const cartId = (links[0] as any)?.cart_id as string | undefined
  // A server that died while completing this cart may have left its lock behind (see stale-locks.ts).
  if (cartId) await releaseExpiredCartLock(container, cartId)
  const processPayment = () =>
    timed("medusa_workflow", () =>
      processPaymentWorkflow(container).run({
        input: {
          action: PaymentActions.SUCCESSFUL,
          // The session's amount: what the shop is owed (a fee PayCore added for the customer is not the shop's).
          data: { session_id: session.id, amount: MathBN.convert(session.amount) },
        },
      })
    )
  try {
    // Its cart completion must not run beside a customer's (two orders): BusyError past the wait, nothing run.
    if (cartId) await withCartCompletionLock(container, cartId, processPayment, completionWaitMs)
    else await processPayment()
  } catch (error) {
    if (error instanceof BusyError) throw error
    logger.warn(`PayCore: processing the payment of session ${session.id} failed: ${(error as Error).message}`)
  }

  if (cartId) {
    const { data: orders } = await query.graph({
      entity: "order_cart",
      fields: ["order_id"],
      filters: { cart_id: cartId },
    })
    const orderId = (orders[0] as any)?.order_id as string | undefined
    if (orderId) return { outcome: "order_created", orderId }
  }

  if (cartId && (await refundedByMedusa(container, session.id))) {
    // Medusa's cart completion failed after the capture (processPaymentWorkflow does not say so: it runs the
    // completion without waiting for its outcome), and its compensation refunded the payment (through this provider,
    // so at PayCore) and opened a new session: final, and money the shop must know came and went.
    const detail = `cart ${cartId} could not become an order; Medusa refunded the payment`
    logger.error(
      `PayCore: invoice ${invoice.id} was paid, but ${detail} (see Medusa's log for why). The cart stays open for another payment.`
    )
    return { outcome: "payment_refunded", detail, orphanStatus: "refund_requested" }
  }

  const { data: after } = await query.graph({
    entity: "payment_session",
    fields: ["status", "data", "payment.captured_at"],
    filters: { id: session.id },
  })
  const current = after[0] as any
  if (!cartId && current?.payment?.captured_at) return { outcome: "payment_captured" }
  if (current?.status === PaymentSessionStatus.ERROR || current?.status === PaymentSessionStatus.CANCELED) {
    return { outcome: "payment_refused", detail: current?.data?.paycore_problem ?? `the session is ${current.status}` }
  }
  return {
    outcome: "retry",
    detail: cartId ? `cart ${cartId} did not become an order yet` : "the payment was not captured yet",
  }
}

/** Medusa refunded this session's payment: its compensation of a cart completion that failed after the capture. */
async function refundedByMedusa(container: MedusaContainer, sessionId: string): Promise<boolean> {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "payment",
    fields: ["id", "refunds.id"],
    filters: { payment_session_id: sessionId },
  })
  return data.some((payment: any) => (payment.refunds ?? []).length > 0)
}
