import { runInNewContext } from "node:vm"
import { DEFAULT_CONFIG, type Sandbox, resolveConfig } from "../src"
import { parseCliArgs } from "../src/cli"
import { FRAME_SCRIPT } from "../src/hpp-views"
import { type HttpResult, call, createInvoice, localPath, start, submitCard } from "./helpers"

/**
 * The HPP inside PayCore's widget (`window.widget.init({flow: "iframe", cpi, amount, currency, public_key, baseUrl})`
 * frames `${baseUrl}?amount=…&currency=…&public_key=…&cpi=…`): who may frame it, what `?cpi=` does with the widget's
 * other parameters, the messages the page posts to the window framing it, and how it leaves the frame.
 */

const RETURN_URLS = {
  success: "https://shop.example/ok?cart=1&step=2",
  pending: "https://shop.example/pending",
  fail: "https://shop.example/fail",
}

/** The widget's query: `qs.stringify(params, { skipNulls: true })` of flat values (amount stays a JS number). */
function widgetQuery(params: Record<string, string | number | null | undefined>): string {
  return Object.entries(params)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join("&")
}

const csp = (res: HttpResult) => res.headers["content-security-policy"]

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
}

interface FakeLink {
  href: string
  attributes: string
  click: () => { defaultPrevented: boolean }
  handlers: ((event: { preventDefault: () => void }) => void)[]
}

interface ScriptRun {
  /** Messages posted to the parent window: [message, targetOrigin]. */
  posted: [unknown, string][]
  /** Addresses given to location.replace. */
  replaced: string[]
  links: FakeLink[]
}

/**
 * Runs the page's inline script in a fake browser window (node:vm): framed or not, with or without
 * requestAnimationFrame (a frame the browser does not paint), loading or already loaded. Fires the load event, then
 * the animation frames, then the timers.
 */
function runPageScript(
  html: string,
  options: { framed: boolean; animationFrames?: boolean; readyState?: "loading" | "complete" }
): ScriptRun {
  const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
  expect(scripts).toHaveLength(1)
  const run: ScriptRun = { posted: [], replaced: [], links: [] }
  for (const [, attributes] of html.matchAll(/<a\b([^>]*)>/g)) {
    const link: FakeLink = {
      href: decodeEntities(/href="([^"]*)"/.exec(attributes)?.[1] ?? ""),
      attributes,
      handlers: [],
      click: () => {
        const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) }
        for (const handler of link.handlers) handler(event)
        return event
      },
    }
    run.links.push(link)
  }
  const withAttribute = (name: string) =>
    run.links.filter((link) => new RegExp(`\\s${name}(\\s|=|$)`).test(link.attributes))
  const loadListeners: (() => void)[] = []
  const frames: (() => void)[] = []
  const timers: { fn: () => void; ms: number }[] = []
  const parent = { postMessage: (message: unknown, origin: string) => run.posted.push([message, origin]) }
  const window: Record<string, unknown> = {
    addEventListener: (type: string, fn: () => void) => type === "load" && loadListeners.push(fn),
  }
  window.parent = options.framed ? parent : window
  if (options.animationFrames !== false) window.requestAnimationFrame = (fn: () => void) => frames.push(fn)
  const document = {
    readyState: options.readyState ?? "loading",
    querySelector: (selector: string) => withAttribute(/^\[([a-z-]+)\]$/.exec(selector)![1])[0] ?? null,
    querySelectorAll: (selector: string) =>
      withAttribute(/^\[([a-z-]+)\]$/.exec(selector)![1]).map((link) => ({
        href: link.href,
        addEventListener: (type: string, fn: FakeLink["handlers"][number]) =>
          type === "click" && link.handlers.push(fn),
      })),
  }
  const location = { replace: (url: string) => run.replaced.push(url) }
  const setTimeout = (fn: () => void, ms: number) => timers.push({ fn, ms })
  runInNewContext(scripts[0][1], { window, document, location, setTimeout })
  document.readyState = "complete"
  for (const fn of loadListeners) fn()
  for (const fn of frames.splice(0)) fn()
  for (const timer of timers.sort((a, b) => a.ms - b.ms)) timer.fn()
  return run
}

const messages = (run: ScriptRun) => run.posted.map(([message]) => message)

describe("HPP in a frame (PayCore's widget)", () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await start()
  })
  afterAll(() => sandbox.close())

  const newInvoice = async (attributes: Record<string, unknown> = {}) =>
    (await createInvoice(sandbox, { return_urls: RETURN_URLS, ...attributes })).data.id as string

  describe("framing: Content-Security-Policy frame-ancestors, never X-Frame-Options", () => {
    /** One HTML answer of each kind the HPP gives. */
    async function hppAnswers(target: Sandbox): Promise<[string, HttpResult][]> {
      const create = (attributes: Record<string, unknown> = {}) =>
        createInvoice(target, { return_urls: RETURN_URLS, ...attributes }).then((doc) => doc.data.id as string)
      const payable = await create()
      const threeDs = await create()
      await submitCard(target, threeDs, "5123817234060000")
      const paid = await create()
      await submitCard(target, paid, "5519283812030000")
      const noReturn = await create({ return_urls: undefined })
      await submitCard(target, noReturn, "4302912837020000")
      return [
        ["payment page", await call(target, "GET", `/hpp/?cpi=${payable}`)],
        ["payment page, POST /hpp", await call(target, "POST", "/hpp", { form: { cpi: payable } })],
        ["card form with errors (422)", await submitCard(target, payable, "4111111111111111")],
        ["3-D Secure page", await call(target, "GET", `/hpp/3ds?cpi=${threeDs}`)],
        [
          "3-D Secure page with errors (422)",
          await call(target, "POST", "/hpp/3ds", { form: { cpi: threeDs, code: "" } }),
        ],
        ["status page", await call(target, "GET", `/hpp/?cpi=${paid}`)],
        ["status page (409)", await submitCard(target, paid, "5519283812030000")],
        ["result page", await call(target, "GET", `/hpp/result?cpi=${noReturn}`)],
        ["error page (404)", await call(target, "GET", "/hpp/?cpi=cpi_unknown")],
        [
          "error page (401)",
          await call(target, "GET", `/hpp/?${widgetQuery({ public_key: "pk_test_x", amount: 1, currency: "USD" })}`),
        ],
      ]
    }

    it("by default lets any origin frame every HPP page (frame-ancestors *)", async () => {
      expect(DEFAULT_CONFIG.hppFrameAncestors).toEqual(["*"])
      for (const [name, res] of await hppAnswers(sandbox)) {
        expect([name, res.headers["content-type"], csp(res)]).toEqual([
          name,
          expect.stringContaining("text/html"),
          "frame-ancestors *",
        ])
        expect([name, res.headers["x-frame-options"]]).toEqual([name, undefined])
      }
    })

    it("with a list, lets only the sandbox itself and the listed origins frame them", async () => {
      const local = await start({
        hppFrameAncestors: ["https://shop.example", "http://localhost:8000", "https://*.cdn.example"],
      })
      try {
        for (const [name, res] of await hppAnswers(local)) {
          expect([name, csp(res)]).toEqual([
            name,
            "frame-ancestors 'self' https://shop.example http://localhost:8000 https://*.cdn.example",
          ])
          expect([name, res.headers["x-frame-options"]]).toEqual([name, undefined])
        }
      } finally {
        await local.close()
      }
    })

    it("follows the option at run time: [] = the sandbox's own origin only, * anywhere in the list = any", async () => {
      const id = await newInvoice()
      try {
        sandbox.updateConfig({ hppFrameAncestors: [] })
        expect(csp(await call(sandbox, "GET", `/hpp/?cpi=${id}`))).toBe("frame-ancestors 'self'")
        sandbox.updateConfig({ hppFrameAncestors: ["https://shop.example", "https://shop.example"] })
        expect(csp(await call(sandbox, "GET", `/hpp/?cpi=${id}`))).toBe("frame-ancestors 'self' https://shop.example")
        sandbox.updateConfig({ hppFrameAncestors: ["https://shop.example", "*"] })
        expect(csp(await call(sandbox, "GET", `/hpp/?cpi=${id}`))).toBe("frame-ancestors *")
      } finally {
        sandbox.updateConfig({ hppFrameAncestors: ["*"] })
      }
    })

    it("leaves redirects and the routes outside /hpp alone", async () => {
      const id = await newInvoice()
      const others = [
        await call(
          sandbox,
          "GET",
          `/hpp/?${widgetQuery({ public_key: sandbox.config.testPublicKey, amount: 5, currency: "USD", reference_id: "framing_link" })}`
        ),
        await submitCard(sandbox, id, "5519283812030000"),
        await call(sandbox, "GET", `/api/payment-invoices/${id}`),
        await call(sandbox, "GET", `/public-api/payment-invoices/${id}`),
        await call(sandbox, "POST", "/public-api/payment-invoices/process", { form: { public_key: "pk_test_x" } }),
        await call(sandbox, "GET", "/_sandbox/state"),
      ]
      expect(others.map((res) => res.status)).toEqual([303, 303, 200, 200, 401, 200])
      for (const res of others) {
        expect(csp(res)).toBeUndefined()
        expect(res.headers["x-frame-options"]).toBeUndefined()
      }
    })

    it("is set by env (comma or space separated, or JSON), flag or file, and refuses what is not an origin", () => {
      const fromEnv = (value: string) =>
        resolveConfig({ env: { PAYCORE_SANDBOX_HPP_FRAME_ANCESTORS: value } }).hppFrameAncestors
      expect(fromEnv("https://shop.example, http://localhost:8000")).toEqual([
        "https://shop.example",
        "http://localhost:8000",
      ])
      expect(fromEnv("https://shop.example http://[::1]:8000")).toEqual(["https://shop.example", "http://[::1]:8000"])
      expect(fromEnv('["https://shop.example"]')).toEqual(["https://shop.example"])
      expect(fromEnv("")).toEqual([])
      expect(parseCliArgs(["--hpp-frame-ancestors", "https://a.example,https://b.example"]).overrides).toEqual({
        hppFrameAncestors: ["https://a.example", "https://b.example"],
      })
      for (const bad of [
        "https://shop.example/checkout",
        "shop.example",
        "https://shop.example;script-src",
        "'self'",
        "ftp://shop.example",
      ]) {
        expect(() => resolveConfig({ overrides: { hppFrameAncestors: [bad] } })).toThrow(/hppFrameAncestors/)
      }
    })

    it("is kept when the profile changes, like where the sandbox runs", () => {
      sandbox.updateConfig({ hppFrameAncestors: ["https://shop.example"] })
      try {
        expect(sandbox.applyProfile("hpp-framed-return-message").hppFrameAncestors).toEqual(["https://shop.example"])
        expect(sandbox.applyProfile("documented").hppFrameAncestors).toEqual(["https://shop.example"])
      } finally {
        sandbox.updateConfig({ hppFrameAncestors: ["*"] })
      }
    })
  })

  describe("?cpi= next to the widget's amount, currency and public_key", () => {
    it("by default opens the invoice whatever the other parameters say (the cpi wins)", async () => {
      expect(DEFAULT_CONFIG.hppCpiParams).toBe("ignored")
      const id = await newInvoice({ amount: 32.5 })
      const res = await call(
        sandbox,
        "GET",
        `/hpp/?${widgetQuery({ amount: 1, currency: "EUR", public_key: "pk_live_someone_else", cpi: id })}`
      )
      expect(res.status).toBe(200)
      expect(res.text).toContain('data-testid="card-form"')
      expect(sandbox.getPaymentInvoice(id)!.data.attributes).toMatchObject({ amount: 32.5, currency: "USD" })
    })

    describe("profile hpp-cpi-params-must-match", () => {
      let strict: Sandbox
      beforeAll(async () => {
        strict = await start({ profile: "hpp-cpi-params-must-match" })
      })
      afterAll(() => strict.close())

      const invoice = (attributes: Record<string, unknown> = {}) =>
        createInvoice(strict, { amount: 32.5, ...attributes }).then((doc) => doc.data.id as string)
      const open = (params: Record<string, string | number | null | undefined>) =>
        call(strict, "GET", `/hpp/?${widgetQuery(params)}`)

      it("sets hppCpiParams: must_match", () => {
        expect(strict.config.hppCpiParams).toBe("must_match")
      })

      it.each([
        [
          "the widget's own query (amount a JS number, empty public_key)",
          { amount: 32.5, currency: "USD", public_key: "" },
        ],
        ["the amount as an exact decimal with trailing zeros", { amount: "32.50", currency: "USD" }],
        ["the amount with more trailing zeros", { amount: "32.500" }],
        ["the account's test public key for a test-mode invoice", { public_key: "pk_test_sandbox_public_key" }],
        ["no other parameter", {}],
      ])("opens the invoice for %s", async (_name, params) => {
        const id = await invoice()
        const res = await open({ ...params, cpi: id })
        expect(res.status).toBe(200)
        expect(res.text).toContain('data-testid="card-form"')
      })

      it("opens a live-mode invoice with the live public key, and a JPY invoice with 1500.0", async () => {
        const live = await invoice({ test_mode: false })
        expect(
          (await open({ amount: 32.5, currency: "USD", public_key: strict.config.livePublicKey, cpi: live })).status
        ).toBe(200)
        const jpy = await invoice({ currency: "JPY", service: "payment_card_jpy_hpp", amount: 1500 })
        expect((await open({ amount: "1500.0", currency: "JPY", cpi: jpy })).status).toBe(200)
      })

      it.each([
        ["amount", { amount: 32.49 }, "amount does not match the invoice (32.50 USD)"],
        ["amount", { amount: "32.501" }, "amount does not match the invoice (32.50 USD)"],
        ["amount", { amount: "abc" }, "amount does not match the invoice (32.50 USD)"],
        ["amount", { amount: "" }, "amount does not match the invoice (32.50 USD)"],
        ["currency", { currency: "EUR" }, "currency does not match the invoice (USD)"],
        ["currency", { currency: "usd" }, "currency does not match the invoice (USD)"],
        [
          "public_key",
          { public_key: "pk_live_sandbox_public_key" },
          "public_key does not match the invoice: it is not the account&#39;s test public key",
        ],
        [
          "public_key",
          { public_key: "pk_test_unknown" },
          "public_key does not match the invoice: it is not the account&#39;s test public key",
        ],
      ])("refuses a mismatching %s (%j): 422 error page naming it", async (field, params, message) => {
        const id = await invoice()
        const res = await open({ ...params, cpi: id })
        expect(res.status).toBe(422)
        expect(res.text).toContain(
          `data-testid="hpp-error" data-error-type="validation_error" data-error-fields="${field}"`
        )
        expect(res.text).toContain(`<li>${message}</li>`)
        expect(csp(res)).toBe("frame-ancestors *")
        expect(strict.getPaymentInvoice(id)!.data.attributes.status).toBe("created")
      })

      it("names every mismatching parameter at once, for a GET and for a POSTed form", async () => {
        const id = await invoice()
        const wrong = { amount: "10", currency: "EUR", public_key: "pk_test_unknown", cpi: id }
        const viaGet = await open(wrong)
        const viaPost = await call(strict, "POST", "/hpp/", { form: wrong })
        for (const res of [viaGet, viaPost]) {
          expect(res.status).toBe(422)
          expect(res.text).toContain('data-error-fields="amount currency public_key"')
        }
      })

      it("refuses a test key for a live-mode invoice, and still answers 404 for an unknown invoice", async () => {
        const live = await invoice({ test_mode: false })
        const res = await open({ public_key: strict.config.testPublicKey, cpi: live })
        expect(res.status).toBe(422)
        expect(res.text).toContain("it is not the account&#39;s live public key")
        expect((await open({ amount: 1, cpi: "cpi_unknown" })).status).toBe(404)
      })

      it("checks the status page too (an invoice already paid)", async () => {
        const id = await invoice()
        await submitCard(strict, id, "5519283812030000")
        expect((await open({ amount: 32.5, cpi: id })).text).toContain('data-status="processed"')
        expect((await open({ amount: 3, cpi: id })).status).toBe(422)
      })
    })
  })

  describe("messages to the window framing the page", () => {
    it("every HPP page carries the one event script", async () => {
      const id = await newInvoice()
      const threeDs = await newInvoice()
      await submitCard(sandbox, threeDs, "5123817234060000")
      const pages = [
        await call(sandbox, "GET", `/hpp/?cpi=${id}`),
        await call(sandbox, "GET", `/hpp/3ds?cpi=${threeDs}`),
        await call(sandbox, "GET", `/hpp/result?cpi=${id}`),
        await call(sandbox, "GET", "/hpp/?cpi=cpi_unknown"),
      ]
      for (const page of pages) {
        expect(page.text).toContain(`<script id="hpp-frame-events">${FRAME_SCRIPT}</script>`)
        expect(page.text.match(/<script/g)).toHaveLength(1)
      }
      expect(FRAME_SCRIPT).toContain("window.parent !== window")
      expect(FRAME_SCRIPT).toContain('window.parent.postMessage(name, "*")')
    })

    it("framed, posts ready once loaded and rendered once shown, as strings to any origin", async () => {
      const id = await newInvoice()
      const page = await call(sandbox, "GET", `/hpp/?cpi=${id}`)
      expect(runPageScript(page.text, { framed: true }).posted).toEqual([
        ["ready", "*"],
        ["rendered", "*"],
      ])
      // A frame the browser does not paint (no animation frame) still says rendered; a late script still says ready.
      expect(messages(runPageScript(page.text, { framed: true, animationFrames: false }))).toEqual([
        "ready",
        "rendered",
      ])
      expect(messages(runPageScript(page.text, { framed: true, readyState: "complete" }))).toEqual([
        "ready",
        "rendered",
      ])
    })

    it("framed, posts the same on the 3-D Secure page and the error page; not framed, posts nothing", async () => {
      const id = await newInvoice()
      const step = await submitCard(sandbox, id, "5123817234060000")
      const threeDs = await call(sandbox, "GET", localPath(step.headers.location as string))
      const error = await call(sandbox, "GET", "/hpp/?cpi=cpi_unknown")
      for (const page of [threeDs, error]) {
        expect(messages(runPageScript(page.text, { framed: true }))).toEqual(["ready", "rendered"])
        expect(runPageScript(page.text, { framed: false })).toMatchObject({ posted: [], replaced: [] })
      }
    })

    it("keeps the Return to shop link and the cancel form plain (they navigate the frame)", async () => {
      const id = await newInvoice()
      const page = await call(sandbox, "GET", `/hpp/?cpi=${id}`)
      expect(page.text).toContain(`<form method="post" action="${sandbox.url}/hpp/cancel" data-testid="cancel-form">`)
      await submitCard(sandbox, id, "5519283812030000")
      const status = await call(sandbox, "GET", `/hpp/?cpi=${id}`)
      const run = runPageScript(status.text, { framed: true })
      const link = run.links.find((l) => l.attributes.includes('data-testid="return-link"'))!
      expect(link.href).toBe(RETURN_URLS.success)
      expect(link.attributes).not.toContain("data-framed-return")
      expect(link.click().defaultPrevented).toBe(false)
      expect(messages(run)).toEqual(["ready", "rendered"])
    })
  })

  describe("leaving the frame after the outcome", () => {
    /** Each way the page ends: [name, how to get there, the return URL expected]. */
    const endings: [string, (target: Sandbox, id: string) => Promise<HttpResult>, string][] = [
      ["card paid", (target, id) => submitCard(target, id, "5519283812030000"), RETURN_URLS.success],
      ["card declined", (target, id) => submitCard(target, id, "4302912837020000"), RETURN_URLS.fail],
      ["card pending", (target, id) => submitCard(target, id, "5519283812030000", "07/77"), RETURN_URLS.pending],
      [
        "3-D Secure passed",
        async (target, id) => {
          const step = await submitCard(target, id, "5123817234060000")
          expect(step.status).toBe(303)
          expect(step.headers.location).toBe(`${target.url}/hpp/3ds?cpi=${id}`)
          return call(target, "POST", "/hpp/3ds", { form: { cpi: id, code: "1234" } })
        },
        RETURN_URLS.success,
      ],
      ["buyer cancels", (target, id) => call(target, "POST", "/hpp/cancel", { form: { cpi: id } }), RETURN_URLS.fail],
      [
        "another method approved",
        (target, id) => call(target, "POST", "/hpp/pay", { form: { cpi: id, outcome: "success" } }),
        RETURN_URLS.success,
      ],
    ]
    const create = (target: Sandbox, name: string) =>
      createInvoice(target, {
        return_urls: RETURN_URLS,
        ...(name === "another method approved" ? { service: "paypal_usd_hpp" } : {}),
      }).then((doc) => doc.data.id as string)

    describe("by default (hppFramedReturn: navigate)", () => {
      it.each(endings)(
        "%s: 303 to the return URL, framed or not (it loads inside the frame)",
        async (name, end, url) => {
          expect(sandbox.config.hppFramedReturn).toBe("navigate")
          const res = await end(sandbox, await create(sandbox, name))
          expect(res.status).toBe(303)
          expect(res.headers.location).toBe(url)
        }
      )
    })

    describe("profile hpp-framed-return-message", () => {
      let messaging: Sandbox
      beforeAll(async () => {
        messaging = await start({ profile: "hpp-framed-return-message" })
      })
      afterAll(() => messaging.close())

      it.each(endings)(
        "%s: a page that, framed, posts return and stays; not framed, goes on to the same return URL",
        async (name, end, url) => {
          expect(messaging.config.hppFramedReturn).toBe("message")
          const id = await create(messaging, name)
          const res = await end(messaging, id)
          expect(res.status).toBe(200)
          expect(res.headers.location).toBeUndefined()
          expect(csp(res)).toBe("frame-ancestors *")
          const status = messaging.getPaymentInvoice(id)!.data.attributes.status
          expect(res.text).toContain(`data-testid="hpp-status" data-status="${status}"`)

          const framed = runPageScript(res.text, { framed: true })
          expect(framed.posted).toEqual([
            ["ready", "*"],
            ["rendered", "*"],
            ["return", "*"],
          ])
          expect(framed.replaced).toEqual([])

          const unframed = runPageScript(res.text, { framed: false })
          expect(unframed).toMatchObject({ posted: [], replaced: [url] })

          // Without JavaScript: a plain link to the same address.
          const link = framed.links.find((l) => l.attributes.includes('data-testid="return-link"'))!
          expect(link.href).toBe(url)
          expect(link.attributes).toContain("data-return-now")
        }
      )

      it("keeps the return URL's query and the operation context exact", async () => {
        messaging.updateConfig({ sendOperationContext: true })
        try {
          const id = await create(messaging, "card paid")
          const res = await submitCard(messaging, id, "5519283812030000")
          const [target] = runPageScript(res.text, { framed: false }).replaced
          const url = new URL(target)
          expect(url.origin + url.pathname).toBe("https://shop.example/ok")
          expect(Object.fromEntries(url.searchParams)).toMatchObject({ cart: "1", step: "2", id, status: "processed" })
        } finally {
          messaging.updateConfig({ sendOperationContext: false })
        }
      })

      it("without any return URL, the unframed page goes on to the sandbox's result page", async () => {
        const id = (await createInvoice(messaging)).data.id as string
        const res = await submitCard(messaging, id, "5519283812030000")
        expect(runPageScript(res.text, { framed: false }).replaced).toEqual([`${messaging.url}/hpp/result?cpi=${id}`])
      })

      it("the status page's Return to shop link posts return when framed (and stays a link when not)", async () => {
        const id = await create(messaging, "card paid")
        await submitCard(messaging, id, "5519283812030000")
        const page = await call(messaging, "GET", `/hpp/?cpi=${id}`)
        expect(page.status).toBe(200)
        const framed = runPageScript(page.text, { framed: true })
        expect(messages(framed)).toEqual(["ready", "rendered"])
        const link = framed.links.find((l) => l.attributes.includes('data-testid="return-link"'))!
        expect(link.attributes).toContain("data-framed-return")
        expect(link.attributes).not.toContain("data-return-now")
        expect(link.click().defaultPrevented).toBe(true)
        expect(messages(framed)).toEqual(["ready", "rendered", "return"])

        const unframed = runPageScript(page.text, { framed: false })
        const plain = unframed.links.find((l) => l.attributes.includes('data-testid="return-link"'))!
        expect(plain.click().defaultPrevented).toBe(false)
        expect(unframed).toMatchObject({ posted: [], replaced: [] })
      })

      it("keeps the 303 to the 3-D Secure step and the pages before the outcome", async () => {
        const id = await create(messaging, "card paid")
        const page = await call(messaging, "GET", `/hpp/?cpi=${id}`)
        expect(page.text).toContain('data-testid="card-form"')
        expect(page.text).not.toMatch(/<a\b[^>]*data-return-now/)
        const step = await submitCard(messaging, id, "5123817234060000")
        expect([step.status, step.headers.location]).toEqual([303, `${messaging.url}/hpp/3ds?cpi=${id}`])
      })
    })
  })
})
