import type { Logger } from "@medusajs/framework/types"
import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import type { PaycoreOptions } from "../../../accounts/options"
import {
  isPaycoreError,
  PaycoreApiError,
  PaycoreOutcomeUnknownError,
  PaycoreReferenceLookupError,
  readPaymentInvoice,
  type PaycoreClient,
  type PaycorePaymentInvoice,
} from "../../../lib/paycore"
import { timed } from "../../../lib/timings"
import { type CurrencyDecimalOverrides } from "../money"
import { judgePaidAmount } from "../paid-amount"
import { resolutionMessage } from "../resolution"
import type { PaycoreSessionData } from "../session-data"
import { mapPaymentStatus } from "../status"

type LiveStatusDeps = { client: PaycoreClient; options: PaycoreOptions; logger?: Logger }

/** Asks PayCore for the invoice and maps it with the one status table. */
export async function liveStatus(
  provider: LiveStatusDeps,
  data: Record<string, unknown> | undefined
): Promise<{ status: PaymentSessionStatus; data: Record<string, unknown> }> {
  const session = data as Partial<PaycoreSessionData> | undefined
  if (!session?.paycore_reference_id && !session?.paycore_invoice_id) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "PayCore: this payment session has no PayCore invoice")
  }
  const linkFlow = session.paycore_flow === "hpp_link" || provider.options.invoiceCreation === "hpp_link"
  if (linkFlow && !session.paycore_invoice_id) {
    // Nothing was paid on the link yet as far as we know: PayCore's first callback brings the invoice id.
    return { status: PaymentSessionStatus.PENDING, data: { ...session } }
  }
  let invoice: PaycorePaymentInvoice | null
  try {
    invoice = await timed("paycore_read", () =>
      readPaymentInvoice(provider.client, {
        invoiceId: session.paycore_invoice_id,
        referenceId: session.paycore_reference_id,
        publicFallback: linkFlow,
      })
    )
  } catch (error) {
    throw toMedusaError("read the payment invoice", error, provider.logger)
  }
  if (!invoice) {
    return { status: PaymentSessionStatus.ERROR, data: { ...session, paycore_problem: "invoice_not_found" } }
  }

  const attributes = invoice.attributes
  const updated: PaycoreSessionData = {
    ...(session as PaycoreSessionData),
    paycore_invoice_id: invoice.id,
    paycore_status: attributes.status,
    paycore_resolution: attributes.resolution ?? null,
    paycore_resolution_message: resolutionMessage(attributes.resolution),
    paycore_updated: attributes.updated ?? null,
    processed_amount: attributes.processed_amount ?? null,
    refunded_amount: attributes.refunded_amount ?? null,
  }
  delete updated.paycore_problem

  const expectedTest = typeof session.test_mode === "boolean" ? session.test_mode : provider.options.testMode
  if (
    attributes.test_mode !== undefined &&
    attributes.test_mode !== null &&
    Boolean(attributes.test_mode) !== expectedTest
  ) {
    // Test and live never mix: e.g. a hosted-page link paid with the account's test public key for a live session.
    provider.logger?.warn(
      `PayCore: invoice ${invoice.id} is a ${attributes.test_mode ? "test" : "live"} invoice; the session is ${expectedTest ? "test" : "live"}: ignored`
    )
    return { status: PaymentSessionStatus.PENDING, data: { ...session } }
  }
  if (session.paycore_reference_id && attributes.reference_id !== session.paycore_reference_id) {
    return { status: PaymentSessionStatus.ERROR, data: { ...updated, paycore_problem: "reference_mismatch" } }
  }
  const mapping = mapPaymentStatus(attributes.status)
  // A partially processed invoice took some money: say why it is not accepted, as for a processed one.
  if (mapping.sessionStatus === PaymentSessionStatus.CAPTURED || mapping.status === "partially_processed") {
    const problem = paidAmountProblem(provider.options.currencyDecimals, session, invoice, provider.logger)
    if (problem) {
      provider.logger?.error(`PayCore: invoice ${invoice.id} was paid but not accepted: ${problem}`)
      return { status: PaymentSessionStatus.ERROR, data: { ...updated, paycore_problem: problem } }
    }
  }
  return { status: mapping.sessionStatus, data: updated }
}

/** A processed invoice counts only for the session's amount and currency (paid-amount.ts has the rule). */
function paidAmountProblem(
  currencyDecimals: CurrencyDecimalOverrides,
  session: Partial<PaycoreSessionData>,
  invoice: PaycorePaymentInvoice,
  logger?: Logger
): string | null {
  const verdict = judgePaidAmount(invoice, { amount: session.amount, currency: session.currency }, currencyDecimals)
  if (!verdict.ok) return verdict.problem
  if (verdict.fee) logger?.warn(`PayCore: invoice ${invoice.id}: ${verdict.fee}`)
  return null
}

/** PayCore's refusals become 400s with PayCore's request id; outages become clear "try again" errors. */
export function toMedusaError(action: string, error: unknown, logger?: Logger): MedusaError {
  if (error instanceof MedusaError) return error
  if (error instanceof PaycoreApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
    return new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `PayCore refused to ${action}: ${error.message}${error.requestId ? ` (request ${error.requestId})` : ""}`
    )
  }
  if (isPaycoreError(error)) {
    logger?.warn(`PayCore: could not ${action}: ${error.message}`)
    // Trying again cannot help when only PayCore's dashboard can tell: the message names the reference to check.
    const onlyDashboardCanTell =
      error instanceof PaycoreReferenceLookupError ||
      (error instanceof PaycoreOutcomeUnknownError && error.referenceLookup !== undefined)
    return new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      onlyDashboardCanTell
        ? `PayCore could not ${action}: ${error.message}`
        : `PayCore could not ${action} right now (${error.message}). Please try again.`
    )
  }
  return new MedusaError(
    MedusaError.Types.UNEXPECTED_STATE,
    `PayCore: could not ${action}: ${(error as Error).message}`
  )
}
