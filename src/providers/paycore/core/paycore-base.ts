import {
  AbstractPaymentProvider,
  MedusaError,
} from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
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
import { parsePaycoreOptions, type PaycoreOptions } from "../types"

type InjectedDependencies = { logger?: Logger }

/**
 * The PayCore payment provider. All behaviour lives here; `services/` only names the provider,
 * as in @medusajs/payment-stripe, so that more PayCore method variants can be added later.
 */
export abstract class PaycoreBase extends AbstractPaymentProvider<PaycoreOptions> {
  protected readonly options_: PaycoreOptions
  protected readonly logger_?: Logger

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

  private notImplemented(method: string): never {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `PayCore provider: ${method} is not implemented yet in this version of medusa-payment-paycore`
    )
  }

  async initiatePayment(_input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    return this.notImplemented("initiatePayment")
  }

  async authorizePayment(_input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    return this.notImplemented("authorizePayment")
  }

  async getPaymentStatus(_input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    return this.notImplemented("getPaymentStatus")
  }

  async retrievePayment(_input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return this.notImplemented("retrievePayment")
  }

  async capturePayment(_input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return this.notImplemented("capturePayment")
  }

  async cancelPayment(_input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return this.notImplemented("cancelPayment")
  }

  async deletePayment(_input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    return this.notImplemented("deletePayment")
  }

  async updatePayment(_input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    return this.notImplemented("updatePayment")
  }

  async refundPayment(_input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    return this.notImplemented("refundPayment")
  }

  async getWebhookActionAndData(_payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    return this.notImplemented("getWebhookActionAndData")
  }
}
