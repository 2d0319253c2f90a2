import type { SandboxCore } from "./core"
import type { ApiError } from "./errors"
import { type SandboxResponse, html } from "./http"
import { formatMajor } from "./money"
import type { CardSnapshot, PaymentInvoice } from "./state"
import { savedCardOf } from "./tokens"

/**
 * Server-rendered HTML of the hosted payment page. Every step is a plain form post, so the pages work the same for a
 * browser test and for an HTTP client. One inline script (FRAME_SCRIPT, the same on every page) only talks to the
 * window that frames the page, PayCore's widget (README "In a frame (PayCore's widget)"). Stable `name`, `id` and
 * `data-testid` attributes are part of the sandbox's documented interface (README "HPP").
 */

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
}

const STYLE = `
  *{box-sizing:border-box}
  body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f6;color:#111827}
  header,footer{padding:12px 24px;background:#111827;color:#f9fafb;font-size:14px}
  footer{background:transparent;color:#6b7280;text-align:center}
  main{max-width:440px;margin:32px auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
  h1{font-size:20px;margin:0 0 16px}
  .amount{font-size:28px;font-weight:600}
  .muted{color:#6b7280;font-size:13px}
  .badge{display:inline-block;padding:2px 8px;border-radius:999px;background:#fef3c7;color:#92400e;font-size:12px;font-weight:600}
  label{display:block;margin:12px 0 4px;font-size:13px;font-weight:600}
  input{width:100%;padding:10px;border:1px solid #d1d5db;border-radius:8px;font-size:16px}
  .row{display:flex;gap:12px}.row>div{flex:1}
  button{width:100%;margin-top:16px;padding:12px;border:0;border-radius:8px;background:#2563eb;color:#fff;font-size:16px;font-weight:600;cursor:pointer}
  button.secondary{background:#e5e7eb;color:#111827}
  button.danger{background:#dc2626}
  .errors{background:#fee2e2;color:#991b1b;border-radius:8px;padding:8px 12px;margin:12px 0;font-size:14px}
  .status{font-size:22px;font-weight:700;margin:8px 0}
  .ok{color:#047857}.fail{color:#b91c1c}.wait{color:#b45309}
  a.button{display:block;text-align:center;margin-top:16px;padding:12px;border-radius:8px;background:#2563eb;color:#fff;text-decoration:none;font-weight:600}
  table.cards{width:100%;font-size:12px;border-collapse:collapse;margin-top:16px}table.cards td{padding:2px 4px;border-top:1px solid #e5e7eb}
`

/** The messages a framed HPP page posts to its parent (PayCore's widget events), as plain strings. */
export const FRAME_MESSAGES = { ready: "ready", rendered: "rendered", return: "return" } as const

/**
 * The page's only script; it does nothing unless the page is framed (`window.parent !== window`), except on the
 * return step of `hppFramedReturn: "message"`. Framed: posts `ready` on the window's load event and `rendered` once
 * the next frame has been painted (or 250 ms later, for a frame the browser does not paint), each once per page;
 * then, on the return step (a link marked `data-return-now`), `return`. A link marked `data-framed-return` posts
 * `return` when clicked instead of navigating the frame. Unframed, the return step goes on to the link's address with
 * `location.replace` (no history entry, like a 303). It reads addresses from the page, so it embeds no data and is
 * the same text on every page; the HPP's only CSP directive is `frame-ancestors`, which does not restrict scripts.
 */
export const FRAME_SCRIPT = `(function () {
  var framed = window.parent !== window;
  var now = document.querySelector("[data-return-now]");
  if (now && !framed) {
    location.replace(now.href);
    return;
  }
  if (!framed) return;
  function post(name) {
    window.parent.postMessage(name, "*");
  }
  var links = document.querySelectorAll("[data-framed-return]");
  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener("click", function (event) {
      event.preventDefault();
      post("${FRAME_MESSAGES.return}");
    });
  }
  var shown = false;
  function rendered() {
    if (shown) return;
    shown = true;
    post("${FRAME_MESSAGES.rendered}");
    if (now) post("${FRAME_MESSAGES.return}");
  }
  function loaded() {
    post("${FRAME_MESSAGES.ready}");
    if (window.requestAnimationFrame) {
      window.requestAnimationFrame(function () {
        setTimeout(rendered, 0);
      });
    }
    setTimeout(rendered, 250);
  }
  if (document.readyState === "complete") loaded();
  else window.addEventListener("load", loaded);
})();`

function flag(value: unknown): boolean {
  return value === true || value === "true" || value === "1"
}

function page(title: string, body: string, inv?: PaymentInvoice): string {
  const hideHeader = inv ? flag(inv.display.hide_header) : false
  const hideFooter = inv ? flag(inv.display.hide_footer) : false
  return `<!doctype html>
<html lang="${escapeHtml(inv?.locale ?? "en")}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · PayCore sandbox</title><style>${STYLE}</style></head>
<body>
${hideHeader ? "" : `<header data-testid="hpp-header">PayCore sandbox · hosted payment page</header>`}
<main>${body}</main>
${hideFooter ? "" : `<footer data-testid="hpp-footer">Local PayCore sandbox — no real money moves.</footer>`}
<script id="hpp-frame-events">${FRAME_SCRIPT}</script>
</body></html>`
}

function summary(core: SandboxCore, inv: PaymentInvoice): string {
  const amount = formatMajor(inv.amount, core.decimals(inv.currency))
  return `
  <div>${inv.testMode ? `<span class="badge" data-testid="hpp-test-mode">TEST MODE</span>` : ""}</div>
  <p class="amount"><span data-testid="hpp-amount">${escapeHtml(amount)}</span> <span data-testid="hpp-currency">${escapeHtml(inv.currency)}</span></p>
  ${inv.description ? `<p data-testid="hpp-description">${escapeHtml(inv.description)}</p>` : ""}
  <p class="muted">Invoice <span data-testid="hpp-invoice-id">${escapeHtml(inv.id)}</span> · order ${escapeHtml(inv.referenceId)}</p>`
}

function errorList(errors: string[]): string {
  if (errors.length === 0) return ""
  return `<div class="errors" role="alert" data-testid="form-errors"><ul>${errors.map((e) => `<li>${escapeHtml(e)}</li>`).join("")}</ul></div>`
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`
}

function cancelForm(core: SandboxCore, inv: PaymentInvoice): string {
  return `<form method="post" action="${core.baseUrl}/hpp/cancel" data-testid="cancel-form">${hidden("cpi", inv.id)}
  <button type="submit" class="secondary" data-testid="cancel-button">Cancel payment</button></form>`
}

export interface CardFormValues {
  card_number?: string
  card_expiry?: string
  card_holder?: string
}

/** The page for an invoice in `created`: method picker, card form or alternative-method form. */
export function renderPaymentPage(
  core: SandboxCore,
  inv: PaymentInvoice,
  options: { status?: number; errors?: string[]; values?: CardFormValues } = {}
): SandboxResponse {
  const errors = options.errors ?? []
  const service = inv.service ? core.config.paymentServices.find((s) => s.code === inv.service) : undefined
  const saved = savedCardOf(core, inv)
  let content: string
  if (!service) {
    const services = core.config.paymentServices.filter((s) => s.currency === inv.currency)
    content = `<h1>Choose a payment method</h1>
  <form method="post" action="${core.baseUrl}/hpp/select" data-testid="method-form">${hidden("cpi", inv.id)}
  ${services
    .map((s) => {
      const name = core.config.methods[s.method]?.name ?? s.method
      return `<button type="submit" name="service" value="${escapeHtml(s.code)}" data-testid="method-${escapeHtml(s.code)}">${escapeHtml(name)}</button>`
    })
    .join("\n  ")}
  </form>`
  } else if (service.method === "payment_card" && saved) {
    content = savedCardForm(core, inv, saved.card)
  } else if (service.method === "payment_card") {
    const v = options.values ?? {}
    content = `<h1>Pay by card</h1>
  <form method="post" action="${core.baseUrl}/hpp/pay" id="card-form" data-testid="card-form" autocomplete="off">${hidden("cpi", inv.id)}
    <label for="card_number">Card number</label>
    <input id="card_number" name="card_number" data-testid="card-number" inputmode="numeric" autocomplete="cc-number" placeholder="5519 2838 1203 0000" value="${escapeHtml(v.card_number ?? "")}" required>
    <div class="row">
      <div><label for="card_expiry">Expiry (MM/YY)</label>
      <input id="card_expiry" name="card_expiry" data-testid="card-expiry" autocomplete="cc-exp" placeholder="MM/YY" value="${escapeHtml(v.card_expiry ?? "")}" required></div>
      <div><label for="card_cvv">CVV</label>
      <input id="card_cvv" name="card_cvv" data-testid="card-cvv" inputmode="numeric" autocomplete="cc-csc" placeholder="123" required></div>
    </div>
    <label for="card_holder">Card holder</label>
    <input id="card_holder" name="card_holder" data-testid="card-holder" autocomplete="cc-name" placeholder="JANE DOE" value="${escapeHtml(v.card_holder ?? "")}">
    <button type="submit" data-testid="pay-button">${escapeHtml(payButtonText(core, inv))}</button>
  </form>
  ${testCardsTable()}`
  } else {
    const name = core.config.methods[service.method]?.name ?? service.method
    content = `<h1>${escapeHtml(name)}</h1>
  <p class="muted">Simulated ${escapeHtml(name)} payment: choose what the provider answers.</p>
  <form method="post" action="${core.baseUrl}/hpp/pay" data-testid="alt-form">${hidden("cpi", inv.id)}
    <button type="submit" name="outcome" value="success" data-testid="outcome-success">Approve payment</button>
    <button type="submit" name="outcome" value="pending" class="secondary" data-testid="outcome-pending">Leave pending</button>
    <button type="submit" name="outcome" value="fail" class="danger" data-testid="outcome-fail">Decline payment</button>
  </form>`
  }
  const body = `${summary(core, inv)}${errorList(errors)}${content}${cancelForm(core, inv)}`
  return html(options.status ?? 200, page("Payment", body, inv))
}

function payButtonText(core: SandboxCore, inv: PaymentInvoice): string {
  const label = typeof inv.style.pay_button_label === "string" ? inv.style.pay_button_label : "pay"
  return `${label.charAt(0).toUpperCase() + label.slice(1)} ${formatMajor(inv.amount, core.decimals(inv.currency))} ${inv.currency}`
}

/**
 * A `token` payment (README "Saved cards (tokens)"): the saved card shown pre-filled (read-only inputs without a
 * name, so they are not posted) and one field, the CVV, with the card form's `name`, `id` and test ids.
 */
function savedCardForm(core: SandboxCore, inv: PaymentInvoice, card: CardSnapshot): string {
  const brand = card.brand.charAt(0).toUpperCase() + card.brand.slice(1)
  const expiry = `${card.expiry_month}/${card.expiry_year.slice(-2)}`
  return `<h1>Pay with your saved card</h1>
  <form method="post" action="${core.baseUrl}/hpp/pay" id="saved-card-form" data-testid="saved-card-form" autocomplete="off">${hidden("cpi", inv.id)}
    <div data-testid="saved-card">
    <p><span data-testid="saved-card-brand" data-brand="${escapeHtml(card.brand)}">${escapeHtml(brand)}</span>${card.holder ? ` · <span data-testid="saved-card-holder">${escapeHtml(card.holder)}</span>` : ""}</p>
    <label for="saved_card_number">Card number</label>
    <input id="saved_card_number" data-testid="saved-card-number" value="${escapeHtml(card.mask)}" readonly>
    <div class="row">
      <div><label for="saved_card_expiry">Expiry (MM/YY)</label>
      <input id="saved_card_expiry" data-testid="saved-card-expiry" value="${escapeHtml(expiry)}" readonly></div>
      <div><label for="card_cvv">CVV</label>
      <input id="card_cvv" name="card_cvv" data-testid="card-cvv" inputmode="numeric" autocomplete="cc-csc" placeholder="123" required autofocus></div>
    </div>
    </div>
    <button type="submit" data-testid="pay-button">${escapeHtml(payButtonText(core, inv))}</button>
  </form>
  <p class="muted">Any 3 or 4 digits pass as the CVV; the saved test card decides the outcome (3-D Secure for 5123 8172 3406 0000).</p>`
}

function testCardsTable(): string {
  const rows: [string, string][] = [
    ["5519 2838 1203 0000", "success, no 3-D Secure"],
    ["5123 8172 3406 0000", "success after 3-D Secure"],
    ["4302 9128 3702 0000", "declined (expiry picks the reason)"],
    ["4412 3972 1208 0000", "declined after 3-D Secure"],
    ["expiry 07/77", "pending (auth_3ds_required) on a success card"],
  ]
  return `<table class="cards muted" data-testid="test-cards"><tr><td colspan="2"><strong>PayCore test cards</strong> (any CVV)</td></tr>${rows
    .map(([a, b]) => `<tr><td>${a}</td><td>${b}</td></tr>`)
    .join("")}</table>`
}

export function renderThreeDsPage(
  core: SandboxCore,
  inv: PaymentInvoice,
  options: { status?: number; errors?: string[] } = {}
): SandboxResponse {
  const body = `${summary(core, inv)}
  <h1>3-D Secure verification</h1>
  <p class="muted">Your bank asks for a confirmation code. Any code passes except <code>0000</code>, which fails verification.</p>
  ${errorList(options.errors ?? [])}
  <form method="post" action="${core.baseUrl}/hpp/3ds" id="three-ds-form" data-testid="three-ds-form">${hidden("cpi", inv.id)}
    <label for="code">Confirmation code</label>
    <input id="code" name="code" data-testid="three-ds-code" inputmode="numeric" autocomplete="one-time-code" value="1234" required>
    <button type="submit" data-testid="three-ds-submit">Confirm</button>
  </form>`
  return html(options.status ?? 200, page("3-D Secure", body, inv))
}

const STATUS_TEXT: Record<string, [string, string]> = {
  processed: ["Payment successful", "ok"],
  partially_processed: ["Payment partially processed", "ok"],
  process_failed: ["Payment failed", "fail"],
  expired: ["Invoice expired", "fail"],
  terminated: ["Payment canceled", "fail"],
  processing: ["Payment is being processed", "wait"],
  process_pending: ["Payment pending", "wait"],
}

/**
 * The page of an invoice that no longer accepts payment (PayCore: "If the service is already in its final status,
 * the user will see its status page"). With `hppFramedReturn: "message"` its "Return to shop" link, when framed, posts
 * `return` to the parent instead of navigating the frame.
 */
export function renderStatusPage(
  core: SandboxCore,
  inv: PaymentInvoice,
  returnUrl: string | null,
  status = 200
): SandboxResponse {
  return html(status, statusPage(core, inv, returnUrl, false))
}

/**
 * The return step of `hppFramedReturn: "message"` (instead of a 303 to the return URL): the status page whose
 * "Return to shop" link is marked `data-return-now`. Framed, the page posts `return` to the parent and stays;
 * unframed, its script goes on to the return URL; without JavaScript the buyer follows the link.
 */
export function renderReturnPage(core: SandboxCore, inv: PaymentInvoice, returnUrl: string): SandboxResponse {
  return html(200, statusPage(core, inv, returnUrl, true))
}

function statusPage(core: SandboxCore, inv: PaymentInvoice, returnUrl: string | null, returnNow: boolean): string {
  const [text, tone] = STATUS_TEXT[inv.status] ?? [`Invoice ${inv.status.replace(/_/g, " ")}`, "wait"]
  const marks = [
    core.config.hppFramedReturn === "message" ? " data-framed-return" : "",
    returnNow ? " data-return-now" : "",
  ].join("")
  const body = `${summary(core, inv)}
  <p class="status ${tone}" data-testid="hpp-status" data-status="${escapeHtml(inv.status)}">${escapeHtml(text)}</p>
  <p class="muted">Status <code>${escapeHtml(inv.status)}</code>, resolution <code data-testid="hpp-resolution">${escapeHtml(inv.resolution)}</code></p>
  ${returnUrl ? `<a class="button" href="${escapeHtml(returnUrl)}" data-testid="return-link"${marks}>Return to shop</a>` : ""}`
  return page(text, body, inv)
}

export function renderErrorPage(core: SandboxCore, error: ApiError): SandboxResponse {
  const titles: Record<number, string> = {
    401: "Unknown public key",
    403: "Not allowed",
    404: "Invoice not found",
    422: "Invalid payment parameters",
    429: "Duplicate payment",
  }
  const title = titles[error.status] ?? "Payment page error"
  const fields = [...new Set(error.codes.flatMap((c) => (c.field ? [c.field] : [])))].join(" ")
  const fieldsAttribute = fields ? ` data-error-fields="${escapeHtml(fields)}"` : ""
  const body = `<h1 data-testid="hpp-error" data-error-type="${escapeHtml(error.errorType)}"${fieldsAttribute}>${escapeHtml(title)}</h1>${errorList(
    error.codes.map((c) => c.message)
  )}`
  return html(error.status, page(title, body))
}
