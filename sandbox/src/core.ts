import { CallbackDispatcher } from "./callbacks"
import type { SandboxConfig } from "./config"
import { FaultInjector } from "./faults"
import { Store } from "./state"
import { Clock, WorkTracker } from "./work"

/**
 * Everything one running sandbox owns: configuration (changeable at run time through the controls), state,
 * clock, callback dispatcher, fault rules. The API modules are functions over this object.
 */
export class SandboxCore {
  readonly store: Store
  readonly clock = new Clock()
  readonly tracker = new WorkTracker()
  readonly callbacks: CallbackDispatcher
  readonly faults = new FaultInjector()
  /** The server's own URL, known once it listens. */
  serverUrl = ""
  private readonly deferred = new Map<NodeJS.Immediate, () => void>()
  private closed = false

  constructor(public config: SandboxConfig) {
    this.store = new Store(config.stateFile)
    this.store.load()
    this.callbacks = new CallbackDispatcher({ config: () => this.config, store: this.store, tracker: this.tracker })
  }

  /** Base for absolute links (flow_data.action, HPP URLs, redirects), without a trailing slash. */
  get baseUrl(): string {
    return (this.config.publicBaseUrl ?? this.serverUrl).replace(/\/+$/, "")
  }

  decimals(currency: string): number {
    const d = this.config.currencies[currency]
    // Invoices persisted under an older configuration may use a currency removed since: assume 2 decimals.
    return d ?? 2
  }

  /** The key PayCore signs callbacks with: sk_test_… for test-mode operations, sk_live_… otherwise. */
  secretFor(testMode: boolean): string {
    return testMode ? this.config.testPrivateKey : this.config.livePrivateKey
  }

  hppUrl(invoiceId: string): string {
    return `${this.baseUrl}/hpp/?cpi=${encodeURIComponent(invoiceId)}`
  }

  /** Runs `fn` on a later tick, counted as pending work for callbacksIdle(). */
  defer(fn: () => void): void {
    if (this.closed) return
    const done = this.tracker.begin()
    const handle = setImmediate(() => {
      this.deferred.delete(handle)
      try {
        if (!this.closed) fn()
      } finally {
        done()
      }
    })
    this.deferred.set(handle, done)
  }

  save(): void {
    this.store.save()
  }

  async close(): Promise<void> {
    this.closed = true
    for (const [handle, done] of this.deferred) {
      clearImmediate(handle)
      done()
    }
    this.deferred.clear()
    await this.callbacks.close()
  }
}
