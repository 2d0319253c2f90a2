import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError } from "@medusajs/framework/utils"
import { paycoreAccount } from "../../accounts"
import type { PaycorePaymentInvoice } from "../../lib/paycore"
import { paymentStatusInfo } from "../../lib/paycore/statuses"
import { releaseRefundAtPaycore, type RefundAtPaycoreEntry } from "../../providers/paycore/core/refund-at-paycore"
import { toPaycoreAmount } from "../../providers/paycore/money"
import { mergePaymentData } from "../payment-data"
import { recordRefundAtPaycoreWorkflow } from "../../workflows/after-payment/record-refund-at-paycore"
import { paycoreRefundIdOf, paycoreRefundKey, refundDifference } from "./refund-difference"

/** What recording PayCore's refunds did: an amount recorded, a problem for a human, or "try again later". */
export type RefundsAtPaycoreResult = { recorded?: string; problem?: string; retry?: string }

/**
 * A refund PayCore made without Medusa (its dashboard) becomes a Medusa refund on the payment, once: under the
 * invoice's lock, PayCore's cumulative `refunded_amount` is compared with Medusa's refunds on the payment, and the
 * difference is recorded (refund-difference.ts) by recordRefundAtPaycoreWorkflow. Final states only: while a refund
 * is still moving at PayCore it may yet fail.
 */
export async function recordRefundsMadeAtPaycore(
  container: MedusaContainer,
  invoice: PaycorePaymentInvoice,
  session: { payment?: { id?: string } | null; provider_id?: string },
  orderId: string | undefined
): Promise<RefundsAtPaycoreResult> {
  const attributes = invoice.attributes
  const paymentId = session.payment?.id
  if (!paymentId || !paymentStatusInfo(attributes.status).isFinal) return {}
  if (attributes.refunded_amount === null || attributes.refunded_amount === undefined) return {}

  const payment = await readPayment(container, paymentId)
  const decimals = paycoreAccount(container, session.provider_id)?.options.currencyDecimals
  const currency = attributes.currency
  if (!payment || payment.currency_code.toLowerCase() !== currency.toLowerCase()) {
    return problem(container, paymentId, `PayCore's currency ${currency} is not the payment's; refunds not recorded`)
  }
  const key = paycoreRefundKey(
    invoice.id,
    attributes.refunded_amount,
    currency,
    decimals,
    paycoreRefundIdOf(attributes as Record<string, unknown>)
  )
  const recorded = (payment.data?.paycore_refunds_at_paycore ?? []) as RefundAtPaycoreEntry[]
  if (recorded.some((entry) => entry.key === key)) return {}

  const difference = refundDifference({
    paycoreRefunded: attributes.refunded_amount,
    medusaRefunded: sum(payment.refunds),
    captured: sum(payment.captures),
    currency,
    decimals,
  })
  if (difference.kind === "none") return {}
  if (difference.kind === "too_large") {
    return problem(
      container,
      paymentId,
      `refund_exceeds_captured: PayCore refunded ${difference.amount} ${currency} of invoice ${invoice.id} that ` +
        `Medusa has not recorded, more than the ${difference.refundable} still refundable on payment ${paymentId}`
    )
  }
  if (!orderId) {
    return problem(
      container,
      paymentId,
      `PayCore refunded ${difference.amount} ${currency}, but the payment has no order`
    )
  }

  try {
    await recordRefundAtPaycoreWorkflow(container).run({
      input: {
        payment_id: paymentId,
        invoice_id: invoice.id,
        key,
        amount: toPaycoreAmount(difference.amount, currency, decimals),
        currency_code: currency,
        decimals,
        note: `Refunded at PayCore: invoice ${invoice.id}, PayCore's refunded total ${attributes.refunded_amount} ${currency}`,
      },
    })
  } catch (error) {
    // Medusa refusing the refund (amounts, the order's state) would refuse every resend too.
    if (
      error instanceof MedusaError &&
      [MedusaError.Types.INVALID_DATA, MedusaError.Types.NOT_ALLOWED].includes(error.type as any)
    ) {
      return problem(
        container,
        paymentId,
        `PayCore's refund of ${difference.amount} ${currency} not recorded: ${error.message}`
      )
    }
    return { retry: `the refund made at PayCore was not recorded yet: ${(error as Error).message}` }
  } finally {
    releaseRefundAtPaycore(invoice.id, key)
  }
  return { recorded: difference.amount }
}

type PaymentRow = {
  id: string
  currency_code: string
  data: Record<string, unknown> | null
  captures?: Array<{ raw_amount: unknown }>
  refunds?: Array<{ raw_amount: unknown }>
}

async function readPayment(container: MedusaContainer, paymentId: string): Promise<PaymentRow | undefined> {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "payment",
    fields: ["id", "currency_code", "data", "captures.raw_amount", "refunds.raw_amount"],
    filters: { id: paymentId },
  })
  return data[0] as PaymentRow | undefined
}

/** Medusa's raw amounts ({ value, precision }), added exactly. */
function sum(rows: Array<{ raw_amount: unknown }> | undefined): string {
  return MathBN.add(0, ...(rows ?? []).map((row) => row.raw_amount as any)).toFixed()
}

/** Kept on the payment for the admin and logged; answered as done, so PayCore does not resend it forever. */
async function problem(container: MedusaContainer, paymentId: string, text: string): Promise<RefundsAtPaycoreResult> {
  container.resolve(ContainerRegistrationKeys.LOGGER).error(`PayCore: ${text}`)
  await mergePaymentData(container, paymentId, { paycore_refund_problem: text })
  return { problem: text }
}
