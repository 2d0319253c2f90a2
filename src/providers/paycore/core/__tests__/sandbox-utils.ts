import { startSandbox, type Sandbox, type SandboxConfig } from "../../../../../sandbox/src"

/**
 * The PayCore sandbox as the provider's per-method tests use it: started once per test file on a free port, driven
 * through its controls; PayCore's misbehaviour comes from the sandbox's fault controls, never from mocks.
 */
// -------------------------------------------------------------------------------------------------
// Sandbox
// -------------------------------------------------------------------------------------------------

/**
 * A sandbox with the test controls on, no background expiry sweep, and the currencies the tests rely on
 * spelled out (USD/EUR 2 decimals, JPY 0, KWD 3), each with a card service except EUR's alternatives.
 */
export async function startTestSandbox(overrides: Partial<SandboxConfig> = {}): Promise<Sandbox> {
  return startSandbox(
    {
      port: 0,
      controls: true,
      expirySweepIntervalMs: 0,
      currencies: { USD: 2, EUR: 2, UAH: 2, JPY: 0, KWD: 3 },
      // No callback retries: a test that does not listen for callbacks must not leave deliveries queued.
      callbackMaxAttempts: 1,
      callbackTimeoutMs: 2_000,
      ...overrides,
    },
    { env: {}, log: () => undefined }
  )
}

/**
 * One sandbox for a test file: started before its tests, faults cleared after each test, closed at the end.
 * The returned object forwards to the running sandbox, so tests use it like the sandbox itself.
 */
export function useTestSandbox(overrides: Partial<SandboxConfig> = {}): Sandbox {
  let current: Sandbox | undefined
  beforeAll(async () => {
    current = await startTestSandbox(overrides)
  })
  afterEach(() => {
    current?.clearFaults()
  })
  afterAll(async () => {
    await current?.close()
  })
  return new Proxy({} as Sandbox, {
    get(_target, property) {
      if (!current) throw new Error("the test sandbox starts in beforeAll")
      return (current as any)[property]
    },
  })
}

/** The invoices the sandbox holds for one reference, read through PayCore's own list endpoint. */
export async function listInvoicesByReference(sandbox: Sandbox, referenceId: string): Promise<Array<{ id: string }>> {
  const response = await fetch(
    `${sandbox.url}/api/payment-invoices?filter%5Breference_id%5D=${encodeURIComponent(referenceId)}`,
    { headers: { authorization: basicAuthorization(sandbox) } }
  )
  const body = (await response.json()) as { data: Array<{ id: string }> }
  return body.data
}

/** What the provider sends as `Authorization`; no test result may ever contain it. */
export function basicAuthorization(sandbox: Sandbox): string {
  return `Basic ${Buffer.from(`${sandbox.config.accountId}:${sandbox.config.apiKey}`, "utf8").toString("base64")}`
}

/** The attributes of an invoice as the sandbox answers them (major units, like PayCore). */
export function invoiceAttributes(sandbox: Sandbox, invoiceId: string): Record<string, unknown> {
  const document = sandbox.getPaymentInvoice(invoiceId)
  if (!document) throw new Error(`the sandbox has no invoice ${invoiceId}`)
  return document.data.attributes
}

/** The sandbox action that moves an invoice to each status, as the buyer or PayCore would. */
const DRIVERS = {
  created: () => {},
  processing: (sandbox: Sandbox, id: string) => sandbox.setInvoiceProcessing(id),
  process_pending: (sandbox: Sandbox, id: string) => sandbox.setInvoicePending(id, { resolution: "auth_3ds_required" }),
  processed: (sandbox: Sandbox, id: string) => sandbox.payInvoice(id),
  partially_processed: (sandbox: Sandbox, id: string) =>
    sandbox.payInvoice(id, { processedAmount: Number(invoiceAttributes(sandbox, id).amount) / 2 }),
  process_failed: (sandbox: Sandbox, id: string) => sandbox.failInvoice(id, { resolution: "insufficient_funds" }),
  expired: (sandbox: Sandbox, id: string) => sandbox.expireInvoice(id),
  terminated: (sandbox: Sandbox, id: string) => sandbox.terminateInvoice(id),
  charged_back: (sandbox: Sandbox, id: string) => {
    sandbox.payInvoice(id)
    sandbox.chargeBack(id)
  },
} satisfies Record<string, (sandbox: Sandbox, id: string) => unknown>

/** Statuses `driveInvoice` can put an invoice in. */
export type DrivableStatus = keyof typeof DRIVERS

/** Moves an invoice to `status` through the sandbox's test controls. */
export function driveInvoice(sandbox: Sandbox, invoiceId: string, status: DrivableStatus): void {
  DRIVERS[status](sandbox, invoiceId)
}

/**
 * A URL on which nothing listens: port 1 (tcpmux) is privileged and unused on any machine that runs tests,
 * so connecting is refused at once, unlike a just-closed ephemeral port another test could reuse.
 */
export const UNREACHABLE_URL = "http://127.0.0.1:1"
