import type { AddressInfo } from "node:net"
import type { InvoiceState } from "./actions"
import type { CallbackLogEntry, CallbackModeInput, CallbackModeState } from "./callbacks"
import { type SandboxConfig, resolveConfig } from "./config"
import { SandboxCore } from "./core"
import type { FaultRule, FaultRuleInput } from "./faults"
import { sweepExpiredInvoices } from "./payments"
import type { JsonApiDocument, JsonApiResource } from "./resources"
import { createSandboxServer } from "./server"
import type { SaveCardTokenInput, SavedCardInfo } from "./tokens"

export type { SandboxConfig } from "./config"
export type { CallbackLogEntry, CallbackModeInput, CallbackModeState } from "./callbacks"
export type { FaultRule, FaultRuleInput } from "./faults"
export type { InvoiceState } from "./actions"
export type { JsonApiDocument, JsonApiResource } from "./resources"
export { ApiError } from "./errors"
export { DEFAULT_CONFIG, resolveConfig, ConfigError } from "./config"
export { SANDBOX_PROFILES, PROFILE_NAMES, KEPT_ON_PROFILE_SWITCH, profileNames } from "./profiles"
export type { SandboxProfile, SandboxProfileName } from "./profiles"
export { signCallbackBody, verifyCallbackSignature } from "./signature"
export { phpJsonEncode } from "./php-json"
export { TEST_CARDS, FAILURE_RESOLUTIONS } from "./test-cards"
export { cardExpiryFields } from "./card-expiry"
export type { SaveCardTokenInput, SavedCardInfo } from "./tokens"

/** A running sandbox. See README "Programmatic API". */
export interface Sandbox {
  /** e.g. `http://127.0.0.1:4010` (no trailing slash). */
  url: string
  port: number
  /** The configuration in force (changes with updateConfig). */
  readonly config: SandboxConfig
  /** Stops the server and cancels pending callback deliveries and retries. */
  close(): Promise<void>
  /** Resolves when no callback delivery (or deferred status change) is queued, scheduled or in flight. */
  callbacksIdle(): Promise<void>
  /** Called after each delivery attempt (and for each suppressed callback). Returns an unsubscribe function. */
  onCallback(listener: (entry: CallbackLogEntry) => void): () => void

  /** `{url}/hpp/?cpi={id}` */
  hppUrl(invoiceId: string): string
  getPaymentInvoice(id: string): JsonApiDocument | undefined
  findPaymentInvoiceByReference(referenceId: string): JsonApiDocument | undefined
  getPayoutInvoice(id: string): JsonApiDocument | undefined
  getInvoiceState(id: string): InvoiceState
  payInvoice(id: string, options?: { processedAmount?: number }): JsonApiDocument
  failInvoice(id: string, options?: { resolution?: string }): JsonApiDocument
  expireInvoice(id: string): JsonApiDocument
  terminateInvoice(id: string): JsonApiDocument
  setInvoiceProcessing(id: string): JsonApiDocument
  setInvoicePending(id: string, options?: { resolution?: string }): JsonApiDocument
  chargeBack(id: string, options?: { amount?: number }): JsonApiDocument
  /** A refund made in PayCore's dashboard (no API call, no reference of the shop's); default: all that is left. */
  refundAtDashboard(id: string, options?: { amount?: number }): JsonApiDocument
  processPayout(id: string): JsonApiDocument
  failPayout(id: string, options?: { resolution?: string }): JsonApiDocument
  cancelPayout(id: string): JsonApiDocument
  completeRefund(refundId: string): JsonApiResource
  failRefund(refundId: string): JsonApiResource
  callbackLog(filter?: { invoiceId?: string; status?: string }): CallbackLogEntry[]
  resendCallback(logId: number): CallbackLogEntry
  setCallbackMode(mode: CallbackModeInput): CallbackModeState
  clearCallbackMode(): CallbackModeState
  flushCallbacks(): number
  /** Saved cards (README "Saved cards (tokens)"), optionally of one customer reference and/or mode. */
  listTokens(filter?: { customerReferenceId?: string; testMode?: boolean }): SavedCardInfo[]
  /** Revokes one token, or every token of a customer reference (optionally of one mode). */
  revokeTokens(target: { token?: string; customerReferenceId?: string; testMode?: boolean }): SavedCardInfo[]
  /** Moves the saved card's expiry to last month: charges with the token fail with `card_expired`. */
  expireToken(token: string): SavedCardInfo
  /** Saves a test card for a customer without a payment (optionally with a chosen token). */
  saveCardToken(input: SaveCardTokenInput): SavedCardInfo
  addFault(rule: FaultRuleInput): FaultRule
  /** The fault rules not used up yet (a rule leaves once it has affected its last request). */
  listFaults(): FaultRule[]
  clearFaults(): void
  updateConfig(patch: Partial<SandboxConfig>): SandboxConfig
  /** Defaults + the named profile, keeping KEPT_ON_PROFILE_SWITCH (README "Profiles"). */
  applyProfile(name: string): SandboxConfig
  advanceClock(seconds: number): number
  reset(): void
}

export interface StartOptions {
  /** Environment to read PAYCORE_SANDBOX_* from (default process.env; pass {} to ignore the environment). */
  env?: NodeJS.ProcessEnv
  /** JSON config file (default: PAYCORE_SANDBOX_CONFIG from `env`). */
  configFile?: string
  /** Where request logs and internal errors go (default console.error). */
  log?: (line: string) => void
}

/**
 * Starts a PayCore sandbox. Configuration: defaults < profile < config file < PAYCORE_SANDBOX_* env < `config`.
 * Tests pass `{ port: 0 }` for a free port.
 */
export async function startSandbox(config: Partial<SandboxConfig> = {}, options: StartOptions = {}): Promise<Sandbox> {
  const resolved = resolveConfig({ env: options.env ?? process.env, configFile: options.configFile, overrides: config })
  const log = options.log ?? ((line: string) => console.error(`[paycore-sandbox] ${line}`))
  const core = new SandboxCore(resolved)
  const { server, actions, destroySockets, cancelDelays } = createSandboxServer(core, log)

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(resolved.port, resolved.host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address
  core.serverUrl = `http://${host}:${address.port}`

  const sweep =
    resolved.expirySweepIntervalMs > 0
      ? setInterval(() => sweepExpiredInvoices(core), resolved.expirySweepIntervalMs)
      : null
  sweep?.unref()

  let closed: Promise<void> | null = null

  const sandbox: Sandbox = {
    url: core.serverUrl,
    port: address.port,
    get config() {
      return core.config
    },
    close() {
      if (!closed) {
        closed = (async () => {
          if (sweep) clearInterval(sweep)
          cancelDelays()
          await core.close()
          const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
          destroySockets()
          await stopped
        })()
      }
      return closed
    },
    callbacksIdle: () => core.tracker.idle(),
    onCallback: (listener) => core.callbacks.onCallback(listener),
    hppUrl: (id) => core.hppUrl(id),
    getPaymentInvoice: (id) => actions.getPaymentInvoice(id),
    findPaymentInvoiceByReference: (ref) => actions.findPaymentInvoiceByReference(ref),
    getPayoutInvoice: (id) => actions.getPayoutInvoice(id),
    getInvoiceState: (id) => actions.getInvoiceState(id),
    payInvoice: (id, o) => actions.payInvoice(id, o),
    failInvoice: (id, o) => actions.failInvoice(id, o),
    expireInvoice: (id) => actions.expireInvoice(id),
    terminateInvoice: (id) => actions.terminateInvoice(id),
    setInvoiceProcessing: (id) => actions.setInvoiceProcessing(id),
    setInvoicePending: (id, o) => actions.setInvoicePending(id, o),
    chargeBack: (id, o) => actions.chargeBack(id, o),
    refundAtDashboard: (id, o) => actions.refundAtDashboard(id, o),
    processPayout: (id) => actions.processPayout(id),
    failPayout: (id, o) => actions.failPayout(id, o),
    cancelPayout: (id) => actions.cancelPayout(id),
    completeRefund: (id) => actions.completeRefund(id),
    failRefund: (id) => actions.failRefund(id),
    callbackLog: (filter) => actions.callbackLog(filter),
    resendCallback: (logId) => actions.resendCallback(logId),
    setCallbackMode: (mode) => actions.setCallbackMode(mode),
    clearCallbackMode: () => actions.clearCallbackMode(),
    flushCallbacks: () => actions.flushCallbacks(),
    listTokens: (filter) => actions.listTokens(filter),
    revokeTokens: (target) => actions.revokeTokens(target),
    expireToken: (token) => actions.expireToken(token),
    saveCardToken: (input) => actions.saveCardToken(input),
    addFault: (rule) => actions.addFault(rule),
    listFaults: () => actions.listFaults(),
    clearFaults: () => actions.clearFaults(),
    updateConfig: (patch) => actions.updateConfig(patch),
    applyProfile: (name) => actions.applyProfile(name),
    advanceClock: (seconds) => actions.advanceClock(seconds),
    reset: () => actions.reset(),
  }
  return sandbox
}
