import type {
  CreatePaymentInvoiceAttributes,
  CreatePayoutInvoiceAttributes,
  PaycorePaymentInvoice,
  PaycorePaymentPrerequest,
  PaycorePayoutInvoice,
  PaycorePayoutPrerequest,
  PaycoreRefund,
  PrerequestInput,
  RefundPaymentInvoiceInput,
} from "./schemas"
import { getBalances } from "./client/balances"
import type { PaycoreBalance } from "./balance-schemas"
import {
  confirmPayoutInvoice,
  createInvoice,
  findInvoiceByReference,
  getInvoice,
  PAYMENT_INVOICES,
  PAYOUT_INVOICES,
} from "./client/invoices"
import { resolveClientOptions, type PaycoreClientOptions } from "./client/options"
import { getPublicPaymentInvoice, paymentPrerequest, payoutPrerequest } from "./client/public-api"
import { refundPaymentInvoice } from "./client/refunds"
import { PaycoreTransport } from "./client/transport"

export { paycoreClientOptionsSchema } from "./client/options"
export type { PaycoreClientOptions, PaycoreLogger } from "./client/options"

/**
 * The one HTTP client for PayCore.io (Corefy) Commerce APIs. Independent of Medusa.
 *
 * - Private API (`{baseUrl}/api`, HTTP Basic `accountId:apiKey`): invoices, refunds, payouts.
 * - Public API (`{baseUrl}/public-api`, public key in the body): pre-requests, public invoice reads.
 *
 * Retries (the important part): exponential backoff with full jitter, only for 429,
 * 5xx, timeouts and network errors, and only where repeating cannot do harm:
 * - reads (GET, pre-requests) are simply repeated;
 * - creates are idempotent by `reference_id`: before a create whose outcome is unknown
 *   (timeout, dropped connection, 5xx, 429) is sent again, the client looks the
 *   reference up and returns what exists instead of creating a second object. If
 *   PayCore answers a repeated create with "duplicate reference", the earlier attempt
 *   did land: the client looks it up and returns it. If the outcome still cannot be
 *   settled, it throws `PaycoreOutcomeUnknownError` — calling again later with the same
 *   reference_id is safe.
 * - any other 4xx is thrown at once as `PaycoreApiError`.
 *
 * The work is done in `./client/`: `transport` (HTTP, authentication, typed errors),
 * `retry` (backoff and idempotent creates), `invoices` (payment and payout invoices),
 * `refunds`, `balances`, `public-api`, `options` and `validation`.
 */
export class PaycoreClient {
  readonly #transport: PaycoreTransport
  readonly #payoutRequestFormat: "envelope" | "flat"

  constructor(options: PaycoreClientOptions) {
    const resolved = resolveClientOptions(options)
    this.#transport = new PaycoreTransport(resolved)
    this.#payoutRequestFormat = resolved.payoutRequestFormat
  }

  /** Closes the client's own connection pool (an injected dispatcher is left alone). Idempotent. */
  async close(): Promise<void> {
    await this.#transport.close()
  }

  // -------------------------------------------------------------------------
  // Payment invoices
  // -------------------------------------------------------------------------

  /**
   * `POST /api/payment-invoices`. Idempotent by `reference_id`: an invoice that an
   * earlier, unconfirmed attempt created is returned instead of a second one.
   */
  async createPaymentInvoice(attributes: CreatePaymentInvoiceAttributes): Promise<PaycorePaymentInvoice> {
    return createInvoice(this.#transport, PAYMENT_INVOICES, "createPaymentInvoice", attributes)
  }

  /** `GET /api/payment-invoices/{id}`. */
  async getPaymentInvoice(invoiceId: string): Promise<PaycorePaymentInvoice> {
    return getInvoice(this.#transport, PAYMENT_INVOICES, "getPaymentInvoice", invoiceId)
  }

  /**
   * `GET /api/payment-invoices?filter[reference_id]=…` → the invoice with exactly this
   * reference, or null. The result is matched again locally, so a server that ignores
   * the filter cannot make the client return somebody else's invoice. A PayCore that refuses the filter, or ignores it
   * without listing the reference, gives `PaycoreReferenceLookupError` ("unknown"), never null.
   */
  async findPaymentInvoiceByReference(referenceId: string): Promise<PaycorePaymentInvoice | null> {
    return findInvoiceByReference(this.#transport, PAYMENT_INVOICES, "findPaymentInvoiceByReference", referenceId)
  }

  /**
   * `POST /api/payment-invoices/{id}/refund` (PayCore's "new refund model"). Idempotent
   * by `reference_id` (use e.g. the Medusa refund id). When a 409/422/429 answers a refund
   * whose reference the invoice already lists, the `PaycoreApiError` with
   * `isDuplicateReference: true` is thrown: the refund exists. See `./client/refunds`.
   */
  async refundPaymentInvoice(invoiceId: string, refund: RefundPaymentInvoiceInput): Promise<PaycoreRefund> {
    return refundPaymentInvoice(this.#transport, invoiceId, refund)
  }

  // -------------------------------------------------------------------------
  // Payout invoices
  // -------------------------------------------------------------------------

  /**
   * `POST /api/payout-invoices` (JSON:API envelope). Idempotent by `reference_id`.
   * Card numbers in `fields` are masked to first 6 + last 4 in anything logged.
   */
  async createPayoutInvoice(attributes: CreatePayoutInvoiceAttributes): Promise<PaycorePayoutInvoice> {
    return createInvoice(this.#transport, PAYOUT_INVOICES, "createPayoutInvoice", attributes, this.#payoutRequestFormat)
  }

  /** `GET /api/payout-invoices/{id}`. */
  async getPayoutInvoice(invoiceId: string): Promise<PaycorePayoutInvoice> {
    return getInvoice(this.#transport, PAYOUT_INVOICES, "getPayoutInvoice", invoiceId)
  }

  /**
   * `POST /api/payout-invoices/{id}/process`: confirms a payout that waits for it (sent without
   * `options.auto_process` on an account without "Payout Autoprocessing"). Not retried; answers the payout as
   * read back afterwards.
   */
  async confirmPayoutInvoice(invoiceId: string): Promise<PaycorePayoutInvoice> {
    return confirmPayoutInvoice(this.#transport, invoiceId, "confirmPayoutInvoice")
  }

  /**
   * `GET /api/payout-invoices?filter[reference_id]=…` → the payout invoice with exactly this reference, or null;
   * `PaycoreReferenceLookupError` when PayCore refuses or ignores the filter (as for payment invoices).
   */
  async findPayoutInvoiceByReference(referenceId: string): Promise<PaycorePayoutInvoice | null> {
    return findInvoiceByReference(this.#transport, PAYOUT_INVOICES, "findPayoutInvoiceByReference", referenceId)
  }

  // -------------------------------------------------------------------------
  // Account balances
  // -------------------------------------------------------------------------

  /**
   * `GET {path}` on the Private API, e.g. `getBalances("/api/balances")`: the account's balances. PayCore publishes no
   * path for them, so the caller names it (`PaycoreConfigError` unless it starts with `/api/`). Read tolerantly: a
   * `data` array whose items' `attributes` have `currency` and `available` (or `balance`, or `amount`); anything else
   * is a `PaycoreResponseError`. `available` is decimal text; `test_mode` is null where PayCore does not give it.
   */
  async getBalances(path: string): Promise<PaycoreBalance[]> {
    return getBalances(this.#transport, path)
  }

  // -------------------------------------------------------------------------
  // Public API
  // -------------------------------------------------------------------------

  /** `POST /public-api/payment-prerequest`: payment services and methods available for a currency. */
  async paymentPrerequest(input: PrerequestInput): Promise<PaycorePaymentPrerequest> {
    return paymentPrerequest(this.#transport, input)
  }

  /** `POST /public-api/payout-prerequest`: payout services (with limits and rates) for a currency. */
  async payoutPrerequest(input: PrerequestInput): Promise<PaycorePayoutPrerequest> {
    return payoutPrerequest(this.#transport, input)
  }

  /** `GET /public-api/payment-invoices/{id}` (no credentials are sent). */
  async getPublicPaymentInvoice(invoiceId: string): Promise<PaycorePaymentInvoice> {
    return getPublicPaymentInvoice(this.#transport, invoiceId)
  }
}
