import { AbstractPaymentProvider, MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  CreateAccountHolderInput,
  CreateAccountHolderOutput,
  DeleteAccountHolderInput,
  DeleteAccountHolderOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  DeletePaymentMethodInput,
  DeletePaymentMethodOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  ListPaymentMethodsInput,
  ListPaymentMethodsOutput,
  Logger,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  RetrieveAccountHolderInput,
  RetrieveAccountHolderOutput,
  SavePaymentMethodInput,
  SavePaymentMethodOutput,
  UpdateAccountHolderInput,
  UpdateAccountHolderOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import {
  PaycoreApiError,
  PaycoreClient,
  type PaycorePaymentInvoice,
  type PaycorePayoutInvoice,
} from "../../../lib/paycore"
import { paycoreClientFor } from "../../../accounts/client"
import { parsePaycoreOptions, type PaycoreOptions } from "../../../accounts/options"
import {
  rawBodyToBuffer,
  signatureHeader,
  verifyPaycoreCallback,
  type PaycoreMode,
} from "../../../lib/paycore/verify-callback"
import { amountsMatch, fromPaycoreAmount, toPaycoreAmount } from "../money"
import { sessionIdFromReference } from "../reference"
import {
  checkStorefrontData,
  isStoredSessionData,
  restartedSessionData,
  storefrontPart,
  type PaycoreSessionData,
  type StorefrontSessionData,
} from "../session-data"
import { mapPaymentStatus } from "../status"
import { createInvoice } from "./create-invoice"
import { refundAlreadyAtPaycore, withoutRefundMarker } from "./refund-at-paycore"
import { liveStatus, toMedusaError } from "./live-status"
import * as accountHolders from "./account-holder"
import { savedCardUse } from "./saved-card-use"

type InjectedDependencies = { logger?: Logger }

/** What `getWebhookActionAndData` returns: Medusa's result plus the verified invoice for our own route. */
export type PaycoreWebhookActionResult = WebhookActionResult & {
  /** The verified invoice; absent for a signed callback of another type (e.g. `refunds`), which is not applied. */
  paycore?: { mode: PaycoreMode; invoice: PaycorePaymentInvoice | PaycorePayoutInvoice }
}

/** Error codes a callback can be refused with; our route turns them into 401/400 answers. */
export const PAYCORE_CALLBACK_REJECTED = "paycore_callback_rejected"

/**
 * The PayCore payment provider. All behaviour lives here; `services/` only names the provider,
 * as in @medusajs/payment-stripe, so that more PayCore method variants can be added later.
 *
 * PayCore charges in one step: an invoice that reaches `processed` has taken the money, so
 * authorization answers `captured` and capture is a no-op.
 */
export abstract class PaycoreBase extends AbstractPaymentProvider<PaycoreOptions> {
  protected readonly options_: PaycoreOptions
  protected readonly logger_?: Logger
  #client?: PaycoreClient

  /** Called by Medusa before the provider is registered: a wrong option fails the boot with a message naming it. */
  static validateOptions(options: Record<string, unknown>): void {
    try {
      parsePaycoreOptions(options)
    } catch (error) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, (error as Error).message)
    }
  }

  protected constructor(container: InjectedDependencies, options: Record<string, unknown>) {
    const parsed = parsePaycoreOptions(options)
    super(container as Record<string, unknown>, parsed)
    this.options_ = parsed
    this.logger_ = container.logger
  }

  /** One client (and keep-alive pool) per provider instance, made on first use. */
  protected get client(): PaycoreClient {
    if (!this.#client) {
      this.#client = paycoreClientFor(this.options_, this.logger_)
    }
    return this.#client
  }

  // ---------------------------------------------------------------------------------------------
  // Checkout
  // ---------------------------------------------------------------------------------------------

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    // Medusa recreates a session from a stored one only after refunding its payment (its cart completion failed
    // after the capture): keep the customer's choices, and say so to the storefront.
    const recreated = isStoredSessionData(input.data)
    const given = recreated ? { ...restartedSessionData(input.data), session_id: input.data?.session_id } : input.data
    const storefront = this.parseStorefrontData(given)
    const sessionId = storefront.session_id ?? input.context?.idempotency_key
    if (!sessionId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "PayCore: the payment session id is missing")
    }
    const data = await createInvoice(this.invoiceDeps, {
      sessionId,
      attempt: 1,
      amount: input.amount,
      currencyCode: input.currency_code,
      storefront,
      context: input.context,
      card: savedCardUse(this.options_, storefront, input.context?.customer?.id),
    })
    const sessionData: PaycoreSessionData = recreated ? { ...data, paycore_previous_payment: "refunded" } : data
    // In HPP link mode the invoice does not exist yet: the reference is the only id there is.
    return {
      id: data.paycore_invoice_id || data.paycore_reference_id,
      data: sessionData,
      status: PaymentSessionStatus.PENDING,
    }
  }

  /**
   * Medusa calls this when the cart is completed and again when a callback is processed. The answer comes
   * from PayCore's live invoice, never from stored data or the callback body.
   */
  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    return this.liveStatus(input.data)
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    return this.liveStatus(input.data)
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const { data } = await this.liveStatus(input.data)
    return { data }
  }

  /** The money was taken when the invoice was processed; nothing is left to capture at PayCore. */
  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return { data: input.data }
  }

  /**
   * PayCore has no documented way to cancel an unpaid payment invoice; it expires after the account's
   * invoice lifetime. Cancelling is therefore a Medusa-side change only and is safe to repeat.
   */
  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return { data: input.data }
  }

  /** Medusa deletes sessions whenever the cart changes. The unpaid invoice simply expires at PayCore. */
  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    return { data: input.data }
  }

  /**
   * The same amount and currency keep the invoice (this is also how a callback sets a session's status).
   * A different amount needs a new invoice: PayCore invoices cannot change their amount.
   */
  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const current = input.data as Partial<PaycoreSessionData> | undefined
    const currency = input.currency_code.toUpperCase()
    if (
      (current?.paycore_invoice_id || current?.paycore_reference_id) &&
      current.currency === currency &&
      current.amount !== undefined &&
      amountsMatch(input.amount, current.amount, currency, this.options_.currencyDecimals)
    ) {
      return { data: input.data }
    }
    if (current?.paycore_invoice_id) {
      // A paid invoice is the session's payment: a new invoice for another amount would charge twice.
      const { status } = await this.liveStatus(input.data)
      if (status === PaymentSessionStatus.CAPTURED || status === PaymentSessionStatus.AUTHORIZED) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `PayCore: invoice ${current.paycore_invoice_id} is already paid; its amount cannot change`
        )
      }
    }
    if (current?.saved_card_id) {
      // A new invoice would charge the saved card again without the customer asking: they choose it again.
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "PayCore: the amount changed after a saved card started paying; start the payment again"
      )
    }
    const storefront = this.parseStorefrontData(storefrontPart(input.data))
    const sessionId = current?.session_id ?? storefront.session_id ?? input.context?.idempotency_key
    if (!sessionId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "PayCore: the payment session id is missing")
    }
    const data = await createInvoice(this.invoiceDeps, {
      sessionId,
      attempt: (current?.paycore_attempt ?? 0) + 1,
      amount: input.amount,
      currencyCode: input.currency_code,
      storefront,
      context: input.context,
      card: savedCardUse(this.options_, storefront, input.context?.customer?.id ?? current?.paycore_customer_id),
    })
    return { data, status: PaymentSessionStatus.PENDING }
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    // A refund PayCore already made (its dashboard) is only recorded (refund-at-paycore.ts); any other goes to PayCore.
    const already = refundAlreadyAtPaycore(input)
    if (already) return already
    const data = withoutRefundMarker(input.data as Record<string, unknown>) as Partial<PaycoreSessionData>
    if (!data?.paycore_invoice_id || !data.currency) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "PayCore: this payment has no PayCore invoice to refund")
    }
    // Medusa passes the refund's id: PayCore then refuses a second refund with the same reference,
    // so a retried request can never refund twice.
    const reference = input.context?.idempotency_key
    if (!reference) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "PayCore: a refund needs Medusa's refund id as its reference"
      )
    }
    const amount = toPaycoreAmount(input.amount, data.currency, this.options_.currencyDecimals)
    try {
      const refund = await this.client.refundPaymentInvoice(data.paycore_invoice_id, {
        amount,
        reference_id: reference,
        description: "Refund from Medusa",
      })
      const refunds = (data.paycore_refunds ?? []).filter((existing) => existing.reference_id !== reference)
      refunds.push({
        id: refund.id,
        reference_id: reference,
        amount,
        status: String(refund.attributes.status ?? "unknown"),
      })
      return { data: { ...data, paycore_refunds: refunds } }
    } catch (error) {
      if (error instanceof PaycoreApiError && error.isDuplicateReference) {
        // PayCore already has a refund with this reference: an earlier try of this same refund landed.
        // Keep what the data already knows about it (its id and status); record it as requested otherwise.
        if ((data.paycore_refunds ?? []).some((existing) => existing.reference_id === reference)) {
          return { data: { ...data } }
        }
        const refunds = [...(data.paycore_refunds ?? [])]
        refunds.push({ id: "", reference_id: reference, amount, status: "requested" })
        return { data: { ...data, paycore_refunds: refunds } }
      }
      if (error instanceof PaycoreApiError && (error.status === 403 || error.status === 404)) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `PayCore did not accept the refund through its API (HTTP ${error.status}): the account may not have the ` +
            `refund API enabled. Refund invoice ${data.paycore_invoice_id} in the PayCore dashboard; nothing was refunded here.`
        )
      }
      throw this.toMedusaError("refund", error)
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Saved cards (core/account-holder.ts)
  // ---------------------------------------------------------------------------------------------

  async createAccountHolder(input: CreateAccountHolderInput): Promise<CreateAccountHolderOutput> {
    return accountHolders.createAccountHolder(this.options_, input)
  }

  async retrieveAccountHolder(input: RetrieveAccountHolderInput): Promise<RetrieveAccountHolderOutput> {
    return accountHolders.retrieveAccountHolder(input)
  }

  async updateAccountHolder(input: UpdateAccountHolderInput): Promise<UpdateAccountHolderOutput> {
    return accountHolders.updateAccountHolder(input)
  }

  async deleteAccountHolder(input: DeleteAccountHolderInput): Promise<DeleteAccountHolderOutput> {
    return await accountHolders.deleteAccountHolder(input)
  }

  async listPaymentMethods(input: ListPaymentMethodsInput): Promise<ListPaymentMethodsOutput> {
    return await accountHolders.listPaymentMethods(this.options_, input)
  }

  async savePaymentMethod(input: SavePaymentMethodInput): Promise<SavePaymentMethodOutput> {
    return await accountHolders.savePaymentMethod(this.options_, input)
  }

  async deletePaymentMethod(input: DeletePaymentMethodInput): Promise<DeletePaymentMethodOutput> {
    return await accountHolders.deletePaymentMethod(input)
  }

  // ---------------------------------------------------------------------------------------------
  // Callbacks
  // ---------------------------------------------------------------------------------------------

  /**
   * Used by Medusa's built-in `/hooks/payment/paycore_paycore` and by our own `/hooks/paycore` route.
   * The signature is checked on the raw bytes first; a refused callback throws (the built-in route has
   * already answered 200 by then, which is why the plugin's own route is the one to configure at PayCore).
   */
  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<PaycoreWebhookActionResult> {
    const raw = rawBodyToBuffer(payload.rawData)
    if (!raw) {
      throw new MedusaError(MedusaError.Types.UNAUTHORIZED, `${PAYCORE_CALLBACK_REJECTED}: no raw body to verify`)
    }
    const verification = verifyPaycoreCallback(raw, signatureHeader(payload.headers), {
      test: this.options_.testPrivateKey,
      live: this.options_.livePrivateKey,
    })
    if (verification.ok === "other_type") return { action: PaymentActions.NOT_SUPPORTED }
    if (!verification.ok) {
      const type = verification.status === 401 ? MedusaError.Types.UNAUTHORIZED : MedusaError.Types.INVALID_DATA
      throw new MedusaError(type, `${PAYCORE_CALLBACK_REJECTED}: ${verification.code}: ${verification.message}`)
    }
    const invoice = verification.callback.data
    const paycore = { mode: verification.mode, invoice }
    if (invoice.type !== "payment-invoices") {
      return { action: PaymentActions.NOT_SUPPORTED, paycore }
    }
    const sessionId = sessionIdFromReference(invoice.attributes.reference_id)
    if (!sessionId) {
      return { action: PaymentActions.NOT_SUPPORTED, paycore }
    }
    const mapping = mapPaymentStatus(invoice.attributes.status)
    const paid = invoice.attributes.processed_amount ?? invoice.attributes.amount ?? 0
    return {
      action: mapping.webhookAction,
      data: {
        session_id: sessionId,
        amount: fromPaycoreAmount(paid, invoice.attributes.currency, this.options_.currencyDecimals),
      },
      paycore,
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Internals
  // ---------------------------------------------------------------------------------------------

  private parseStorefrontData(data: Record<string, unknown> | undefined): StorefrontSessionData {
    const result = checkStorefrontData(data)
    if (!result.ok) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `PayCore: invalid payment session data: ${result.problems}`)
    }
    const returnUrl = result.data.return_url
    if (returnUrl) {
      const host = new URL(returnUrl).hostname.toLowerCase()
      if (!this.options_.allowedReturnHosts.includes(host)) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `PayCore: return_url host "${host}" is not allowed; add it to the allowedReturnHosts option`
        )
      }
    }
    return result.data
  }

  /** For core/create-invoice.ts; `client` stays a getter so the client is still made only when a call needs it. */
  private get invoiceDeps() {
    const client = () => this.client
    return {
      get client() {
        return client()
      },
      options: this.options_,
      logger: this.logger_,
    }
  }

  /** Asks PayCore for the invoice and maps it with the one status table (live-status.ts). */
  private liveStatus(data: Record<string, unknown> | undefined) {
    return liveStatus({ client: this.client, options: this.options_, logger: this.logger_ }, data)
  }

  private toMedusaError(action: string, error: unknown): MedusaError {
    return toMedusaError(action, error, this.logger_)
  }
}
