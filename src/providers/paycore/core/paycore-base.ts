import { AbstractPaymentProvider, MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  BigNumberInput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  Logger,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import {
  cachedPaymentPrerequest,
  isPaycoreError,
  PaycoreApiError,
  PaycoreClient,
  type CreatePaymentInvoiceAttributes,
  type PaycoreLogger,
  type PaycorePaymentInvoice,
  type PaycorePayoutInvoice,
} from "../../../lib/paycore"
import {
  parsePaycoreOptions,
  storefrontSessionDataSchema,
  type PaycoreOptions,
  type PaycoreSessionData,
  type StorefrontSessionData,
} from "../types"
import { amountsMatch, fromPaycoreAmount, mapPaymentStatus, resolutionMessage, toPaycoreAmount } from "../utils"
import { paymentReferenceFor, sessionIdFromReference } from "../utils/reference"
import { rawBodyToBuffer, signatureHeader, verifyPaycoreCallback, type PaycoreMode } from "./callback"

type InjectedDependencies = { logger?: Logger }

/** What `getWebhookActionAndData` returns: Medusa's result plus the verified invoice for our own route. */
export type PaycoreWebhookActionResult = WebhookActionResult & {
  paycore: { mode: PaycoreMode; invoice: PaycorePaymentInvoice | PaycorePayoutInvoice }
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
      this.#client = new PaycoreClient({
        baseUrl: this.options_.baseUrl,
        accountId: this.options_.accountId,
        apiKey: this.options_.apiKey,
        publicKey: this.options_.publicKey,
        timeoutMs: this.options_.timeoutMs,
        retry: { attempts: this.options_.retryAttempts },
        connections: this.options_.connections,
        logger: this.logger_ ? medusaLoggerAdapter(this.logger_) : undefined,
      })
    }
    return this.#client
  }

  // ---------------------------------------------------------------------------------------------
  // Checkout
  // ---------------------------------------------------------------------------------------------

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const storefront = this.parseStorefrontData(input.data)
    const sessionId = storefront.session_id ?? input.context?.idempotency_key
    if (!sessionId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "PayCore: the payment session id is missing")
    }
    const data = await this.createInvoice({
      sessionId,
      attempt: 1,
      amount: input.amount,
      currencyCode: input.currency_code,
      storefront,
      context: input.context,
    })
    // In HPP link mode the invoice does not exist yet: the reference is the only id there is.
    return { id: data.paycore_invoice_id || data.paycore_reference_id, data, status: PaymentSessionStatus.PENDING }
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
    const storefront = this.parseStorefrontData(input.data)
    const sessionId = current?.session_id ?? storefront.session_id ?? input.context?.idempotency_key
    if (!sessionId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "PayCore: the payment session id is missing")
    }
    const data = await this.createInvoice({
      sessionId,
      attempt: (current?.paycore_attempt ?? 0) + 1,
      amount: input.amount,
      currencyCode: input.currency_code,
      storefront,
      context: input.context,
    })
    return { data, status: PaymentSessionStatus.PENDING }
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = input.data as Partial<PaycoreSessionData> | undefined
    if (!data?.paycore_invoice_id || !data.currency) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "PayCore: this payment has no PayCore invoice to refund")
    }
    // Medusa passes the refund's id: PayCore then refuses a second refund with the same reference,
    // so a retried request can never refund twice.
    const reference = input.context?.idempotency_key
    if (!reference) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "PayCore: a refund needs Medusa's refund id as its reference")
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
    const result = storefrontSessionDataSchema.safeParse(data ?? {})
    if (!result.success) {
      const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `PayCore: invalid payment session data: ${problems}`)
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

  private async createInvoice(args: {
    sessionId: string
    attempt: number
    amount: BigNumberInput
    currencyCode: string
    storefront: StorefrontSessionData
    context: InitiatePaymentInput["context"]
  }): Promise<PaycoreSessionData> {
    const currency = args.currencyCode.toUpperCase()
    let amount: number
    try {
      amount = toPaycoreAmount(args.amount, currency, this.options_.currencyDecimals)
    } catch (error) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `PayCore: ${(error as Error).message}`)
    }
    const reference = paymentReferenceFor(args.sessionId, args.attempt)
    const cartId = args.storefront.cart_id
    const customer = customerFor(args.sessionId, args.context, args.storefront)
    const placeholders = { cart_id: cartId ?? "", session_id: args.sessionId }
    const service = await this.chosenService(args.storefront.service, currency, amount)
    const returnUrls = this.returnUrls(args.storefront.return_url, placeholders)
    const metadata = { medusa_session_id: args.sessionId, ...(cartId ? { medusa_cart_id: cartId } : {}) }
    const description = fill(this.options_.invoiceDescription, placeholders)
    const hppOptions = {
      ...(args.storefront.locale ? { locale: args.storefront.locale } : {}),
      ...(args.storefront.display ? { display: args.storefront.display } : {}),
      ...(args.storefront.style ? { style: args.storefront.style } : {}),
    }
    const common = {
      session_id: args.sessionId,
      ...(cartId ? { cart_id: cartId } : {}),
      paycore_reference_id: reference,
      paycore_attempt: args.attempt,
      amount,
      currency,
      test_mode: this.options_.testMode,
      ...(args.storefront.return_url ? { return_url: args.storefront.return_url } : {}),
    }

    if (this.options_.invoiceCreation === "hpp_link") {
      // PayCore creates the invoice when the customer opens the link; its id arrives with the first callback.
      const link = hppLink(`${this.options_.baseUrl}/hpp/`, {
        public_key: this.options_.publicKey!,
        reference_id: reference,
        amount: String(amount),
        currency,
        description,
        ...(service ? { service } : {}),
        ...(returnUrls.return_urls ? { return_urls: returnUrls.return_urls } : {}),
        ...(customer ? { customer } : {}),
        metadata,
        ...hppOptions,
      })
      return { ...common, paycore_invoice_id: "", paycore_flow: "hpp_link", hpp_url: link, paycore_status: "link_created" }
    }

    const attributes: CreatePaymentInvoiceAttributes = {
      reference_id: reference,
      amount,
      currency,
      test_mode: this.options_.testMode,
      description,
      service,
      customer,
      metadata,
      callback_url: this.options_.callbackUrl,
      ...returnUrls,
      // PayCore documents these as hosted-page parameters; sent as invoice attributes for a `?cpi=` page.
      ...hppOptions,
    }
    let invoice: PaycorePaymentInvoice
    try {
      invoice = await this.client.createPaymentInvoice(attributes)
    } catch (error) {
      // PayCore already has an invoice with this reference: an earlier try for this very session
      // (e.g. a retried request) created it. Adopt it only if it asks for the same money.
      if (error instanceof PaycoreApiError && error.isDuplicateReference) {
        invoice = await this.adoptExistingInvoice(reference, amount, currency, error)
      } else {
        throw this.toMedusaError("create the payment invoice", error)
      }
    }
    return {
      ...common,
      paycore_invoice_id: invoice.id,
      paycore_flow: "private_api",
      hpp_url: `${this.options_.baseUrl}/hpp/?cpi=${encodeURIComponent(invoice.id)}`,
      paycore_status: invoice.attributes.status,
      paycore_updated: invoice.attributes.updated ?? null,
    }
  }

  /**
   * The storefront's chosen service must be one PayCore offers for this currency and amount (from the same
   * pre-request the store's payment-methods route shows); otherwise the configured service, or none (the
   * HPP's own picker).
   */
  private async chosenService(requested: string | undefined, currency: string, amount: number): Promise<string | undefined> {
    if (!requested) return this.options_.services[currency]
    let offered: string[]
    try {
      const prerequest = await cachedPaymentPrerequest(this.client, { currency, amount })
      offered = Object.keys(prerequest.attributes.services ?? {})
    } catch (error) {
      throw this.toMedusaError("list the payment methods", error)
    }
    if (!offered.includes(requested)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `PayCore: service "${requested}" is not available for ${currency}; choose one of: ${offered.join(", ") || "(none)"}`
      )
    }
    return requested
  }

  private async adoptExistingInvoice(
    reference: string,
    amount: number,
    currency: string,
    duplicate: PaycoreApiError
  ): Promise<PaycorePaymentInvoice> {
    let existing: PaycorePaymentInvoice | null
    try {
      existing = await this.client.findPaymentInvoiceByReference(reference)
    } catch (error) {
      throw this.toMedusaError("read the existing payment invoice", error)
    }
    const attributes = existing?.attributes
    if (!existing || !attributes) {
      throw this.toMedusaError(`create the payment invoice (reference ${reference} is taken by another invoice)`, duplicate)
    }
    if (
      attributes.currency.toUpperCase() !== currency ||
      attributes.amount === null ||
      attributes.amount === undefined ||
      !amountsMatch(attributes.amount, amount, currency, this.options_.currencyDecimals)
    ) {
      // Permanent: the reference stays taken, so "try again" (what a 429 duplicate would otherwise say) cannot help.
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `PayCore refused to create the payment invoice: reference ${reference} is already used by invoice ` +
          `${existing.id} for ${attributes.amount ?? "an unknown amount"} ${attributes.currency}, not ${amount} ${currency}`
      )
    }
    return existing
  }

  /** A storefront's return URL (one for every outcome, told apart by `paycore_result`) wins over the options. */
  private returnUrls(
    storefrontUrl: string | undefined,
    placeholders: Record<string, string>
  ): Pick<CreatePaymentInvoiceAttributes, "return_url" | "return_urls"> {
    if (storefrontUrl) {
      const withResult = (result: string) => {
        const url = new URL(storefrontUrl)
        url.searchParams.set("paycore_result", result)
        return url.toString()
      }
      return { return_urls: { success: withResult("success"), pending: withResult("pending"), fail: withResult("fail") } }
    }
    const configured = this.options_.returnUrls
    if (!configured) return {}
    const success = fill(configured.success, placeholders, encodeURIComponent)
    return {
      return_urls: {
        success,
        pending: configured.pending ? fill(configured.pending, placeholders, encodeURIComponent) : success,
        fail: configured.fail ? fill(configured.fail, placeholders, encodeURIComponent) : success,
      },
    }
  }

  /** Asks PayCore for the invoice and maps it with the one status table. */
  private async liveStatus(
    data: Record<string, unknown> | undefined
  ): Promise<{ status: PaymentSessionStatus; data: Record<string, unknown> }> {
    const session = data as Partial<PaycoreSessionData> | undefined
    if (!session?.paycore_reference_id && !session?.paycore_invoice_id) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "PayCore: this payment session has no PayCore invoice")
    }
    const linkFlow = session.paycore_flow === "hpp_link" || this.options_.invoiceCreation === "hpp_link"
    if (linkFlow && !session.paycore_invoice_id) {
      // Nothing was paid on the link yet as far as we know: PayCore's first callback brings the invoice id.
      return { status: PaymentSessionStatus.PENDING, data: { ...session } }
    }
    let invoice: PaycorePaymentInvoice | null
    try {
      invoice = session.paycore_invoice_id
        ? linkFlow
          ? await this.client.getPublicPaymentInvoice(session.paycore_invoice_id)
          : await this.client.getPaymentInvoice(session.paycore_invoice_id)
        : await this.client.findPaymentInvoiceByReference(session.paycore_reference_id!)
    } catch (error) {
      // An invoice id PayCore does not know is an answer, not an outage.
      if (!(error instanceof PaycoreApiError && error.status === 404)) {
        throw this.toMedusaError("read the payment invoice", error)
      }
      invoice = null
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

    if (session.paycore_reference_id && attributes.reference_id !== session.paycore_reference_id) {
      return { status: PaymentSessionStatus.ERROR, data: { ...updated, paycore_problem: "reference_mismatch" } }
    }
    const mapping = mapPaymentStatus(attributes.status)
    // A partially processed invoice took some money: say why it is not accepted, as for a processed one.
    if (mapping.sessionStatus === PaymentSessionStatus.CAPTURED || mapping.status === "partially_processed") {
      const problem = this.paidAmountProblem(session, invoice)
      if (problem) {
        this.logger_?.error(`PayCore: invoice ${invoice.id} was paid but not accepted: ${problem}`)
        return { status: PaymentSessionStatus.ERROR, data: { ...updated, paycore_problem: problem } }
      }
    }
    return { status: mapping.sessionStatus, data: updated }
  }

  /** A processed invoice counts only for exactly the amount and currency the session asked for. */
  private paidAmountProblem(session: Partial<PaycoreSessionData>, invoice: PaycorePaymentInvoice): string | null {
    const attributes = invoice.attributes
    if (session.currency && attributes.currency.toUpperCase() !== session.currency) {
      return `currency_mismatch: paid in ${attributes.currency}, expected ${session.currency}`
    }
    const paid = attributes.processed_amount ?? attributes.amount
    if (paid === null || paid === undefined || session.amount === undefined) {
      return "amount_unknown"
    }
    if (!amountsMatch(paid, session.amount, session.currency ?? attributes.currency, this.options_.currencyDecimals)) {
      return `amount_mismatch: paid ${paid} ${attributes.currency}, expected ${session.amount}`
    }
    return null
  }

  /** PayCore's refusals become 400s with PayCore's request id; outages become clear "try again" errors. */
  private toMedusaError(action: string, error: unknown): MedusaError {
    if (error instanceof MedusaError) return error
    if (error instanceof PaycoreApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
      return new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `PayCore refused to ${action}: ${error.message}${error.requestId ? ` (request ${error.requestId})` : ""}`
      )
    }
    if (isPaycoreError(error)) {
      this.logger_?.warn(`PayCore: could not ${action}: ${error.message}`)
      return new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `PayCore could not ${action} right now (${error.message}). Please try again.`
      )
    }
    return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `PayCore: could not ${action}: ${(error as Error).message}`)
  }
}

/** PayCore's customer object: its reference is the Medusa customer, or the session for guests. */
function customerFor(
  sessionId: string,
  context: InitiatePaymentInput["context"],
  storefront: StorefrontSessionData
): CreatePaymentInvoiceAttributes["customer"] {
  const customer = context?.customer
  const email = customer?.email || storefront.email
  const name =
    [customer?.first_name, customer?.last_name].filter(Boolean).join(" ") || storefront.customer_name || undefined
  if (!email && !name) return undefined
  return {
    reference_id: customer?.id ?? `guest_${sessionId}`,
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
  }
}

/** PayCore's hosted-page link: flat fields, nested ones in brackets (`customer[email]`, `display[hide_footer]`). */
function hppLink(base: string, params: Record<string, unknown>): string {
  const search = new URLSearchParams()
  const add = (key: string, value: unknown) => {
    if (value === undefined || value === null) return
    if (typeof value === "object") {
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>)) add(`${key}[${inner}]`, innerValue)
    } else {
      search.append(key, String(value))
    }
  }
  for (const [key, value] of Object.entries(params)) add(key, value)
  return `${base}?${search.toString()}`
}

function fill(template: string, values: Record<string, string>, encode: (value: string) => string = (v) => v) {
  return template.replace(/\{(cart_id|session_id)\}/g, (_, key: string) => encode(values[key] ?? ""))
}

function medusaLoggerAdapter(logger: Logger): PaycoreLogger {
  const line = (message: string, meta?: Record<string, unknown>) =>
    meta && Object.keys(meta).length ? `${message} ${JSON.stringify(meta)}` : message
  return {
    debug: (message, meta) => logger.debug(line(message, meta)),
    info: (message, meta) => logger.info(line(message, meta)),
    warn: (message, meta) => logger.warn(line(message, meta)),
    error: (message, meta) => logger.error(line(message, meta)),
  }
}
