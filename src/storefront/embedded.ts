import { PaycoreCheckoutError } from "./errors"
import type { StartedPayment } from "./types"

/**
 * PayCore's widget (npm `@paycore/merchant-widget-js`, its `dist` build: importing it sets `window.widget`). Its
 * licence is PayCore's own, so the kit does not bundle it: the storefront installs and loads it.
 */
export type PaycoreWidget = {
  init(config: Record<string, unknown>): void
}

/** What PayCore's framed page posts to the storefront (docs/paycore-notes.md, "Public API / HPP"). */
export const PAYCORE_EMBED_EVENTS = ["ready", "rendered", "return", "close"] as const
export type PaycoreEmbedEvent = (typeof PAYCORE_EMBED_EVENTS)[number]

export type EmbeddedCheckoutOptions = {
  /** The id of the element the frame goes into (the widget finds it by id). Give it a height. */
  containerId: string
  /** Default: `window.widget`, which importing `@paycore/merchant-widget-js` sets. */
  widget?: PaycoreWidget
  /** The frame's id (the widget replaces a frame of the same id). */
  frameId?: string
  onEvent?: (event: PaycoreEmbedEvent) => void
  /**
   * When PayCore's page says the customer is done (`return`) instead of loading the return page in the frame.
   * Default: the whole window goes to the payment's return URL.
   */
  onReturn?: (returnUrl: string) => void
  window?: Window
}

export type EmbeddedCheckout = { frame: HTMLIFrameElement; close(): void }

/**
 * Opens the payment's PayCore page inside the storefront (the widget's iframe flow) instead of redirecting.
 * The invoice is the one the server created (`cpi`); the widget also insists on the key, amount and currency.
 */
export function openEmbeddedCheckout(payment: StartedPayment, options: EmbeddedCheckoutOptions): EmbeddedCheckout {
  const win = options.window ?? globalThis.window
  const embed = payment.embed
  if (!embed) {
    throw new PaycoreCheckoutError(
      "payment.embed: this payment has no invoice of its own yet (invoiceCreation hpp_link); use payment.redirectUrl"
    )
  }
  const widget = options.widget ?? (win as unknown as { widget?: PaycoreWidget }).widget
  if (!widget || typeof widget.init !== "function") {
    throw new PaycoreCheckoutError(
      'widget: PayCore\'s widget is not loaded; import "@paycore/merchant-widget-js" (it sets window.widget) or pass options.widget'
    )
  }
  const container = win.document.getElementById(options.containerId)
  if (!container) throw new PaycoreCheckoutError(`containerId: no element has the id "${options.containerId}"`)

  const frameId = options.frameId ?? "paycore_checkout_frame"
  const origin = new URL(embed.base_url).origin
  const onReturn = options.onReturn ?? ((url: string) => win.location.assign(url))
  const listener = (event: MessageEvent) => {
    if (event.origin !== origin || typeof event.data !== "string") return
    const name = PAYCORE_EMBED_EVENTS.find((known) => known === event.data)
    if (!name) return
    options.onEvent?.(name)
    if (name === "return") onReturn(payment.returnUrl)
  }
  win.addEventListener("message", listener)

  widget.init({
    selector: options.containerId,
    flow: "iframe",
    frameId,
    baseUrl: embed.base_url,
    cpi: embed.cpi,
    public_key: embed.public_key,
    amount: Number(embed.amount),
    currency: embed.currency,
  })
  // The widget reports a refused configuration on the console only: no frame means it refused.
  const frame = win.document.getElementById(frameId)
  if (!frame || frame.tagName !== "IFRAME") {
    win.removeEventListener("message", listener)
    throw new PaycoreCheckoutError("PayCore's widget did not open its frame (its reason is on the browser console)")
  }
  frame.setAttribute("title", "PayCore payment")
  return {
    frame: frame as HTMLIFrameElement,
    close() {
      win.removeEventListener("message", listener)
      frame.remove()
    },
  }
}

/**
 * For the return page: when PayCore's framed page sent the customer back inside the checkout frame, the whole
 * window goes to the return page instead. True when it did (the page is being replaced: do nothing else).
 */
export function leaveEmbeddedFrame(win: Window = globalThis.window): boolean {
  const top = win.top
  if (!top || top === win.self) return false
  try {
    if (top.location.origin !== win.location.origin) return false
  } catch {
    return false // framed by another site: not our checkout
  }
  top.location.replace(win.location.href)
  return true
}
