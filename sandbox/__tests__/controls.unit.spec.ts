import { request } from "undici"
import type { Sandbox } from "../src"
import { CallbackReceiver, basicAuth, call, createInvoice, invoiceBody, start } from "./helpers"

describe("test controls", () => {
  let sandbox: Sandbox
  let receiver: CallbackReceiver
  beforeAll(async () => {
    receiver = await new CallbackReceiver().start()
    sandbox = await start({ callbackUrl: receiver.url })
  })
  afterAll(async () => {
    await sandbox.close()
    await receiver.close()
  })
  const statusesOf = async (id: string) => {
    await sandbox.callbacksIdle()
    return receiver.received.filter((c) => c.json.data.id === id).map((c) => c.json.data.attributes.status)
  }
  const control = (path: string, json?: unknown) => call(sandbox, "POST", `/_sandbox${path}`, { json: json ?? {} })

  it("are off unless enabled: every /_sandbox/ route answers 404", async () => {
    const closed = await start({ controls: false })
    try {
      expect((await call(closed, "GET", "/_sandbox/state")).status).toBe(404)
      expect((await call(closed, "POST", "/_sandbox/reset")).status).toBe(404)
    } finally {
      await closed.close()
    }
  })

  describe("payment invoices", () => {
    it("pay: created → processing → processed, without a browser", async () => {
      const doc = await createInvoice(sandbox)
      const res = await control(`/payment-invoices/${doc.data.id}/pay`)
      expect(res.status).toBe(200)
      expect(res.json.data.attributes).toMatchObject({ status: "processed", processed_amount: 49.9 })
      expect(await statusesOf(doc.data.id)).toEqual(["processing", "processed"])
    })

    it("pay with a smaller processedAmount: partially_processed", async () => {
      const doc = await createInvoice(sandbox, { amount: 100 })
      const res = await control(`/payment-invoices/${doc.data.id}/pay`, { processedAmount: 60.5 })
      expect(res.json.data.attributes).toMatchObject({
        status: "partially_processed",
        processed_amount: 60.5,
        amount: 100,
      })
      expect((await control(`/payment-invoices/${doc.data.id}/pay`, { processedAmount: "x" })).status).toBe(422)
      expect((await control(`/payment-invoices/${doc.data.id}/pay`)).status).toBe(409)
    })

    it("fail with a resolution: process_failed", async () => {
      const doc = await createInvoice(sandbox)
      const res = await control(`/payment-invoices/${doc.data.id}/fail`, { resolution: "insufficient_funds" })
      expect(res.json.data.attributes).toMatchObject({ status: "process_failed", resolution: "insufficient_funds" })
      expect(await statusesOf(doc.data.id)).toEqual(["processing", "process_failed"])
    })

    it("processing, then pending (with resolution), then pay", async () => {
      const doc = await createInvoice(sandbox)
      expect((await control(`/payment-invoices/${doc.data.id}/processing`)).json.data.attributes.status).toBe(
        "processing"
      )
      const pending = await control(`/payment-invoices/${doc.data.id}/pending`, { resolution: "auth_3ds_required" })
      expect(pending.json.data.attributes).toMatchObject({ status: "process_pending", resolution: "auth_3ds_required" })
      await control(`/payment-invoices/${doc.data.id}/pay`)
      expect(await statusesOf(doc.data.id)).toEqual(["processing", "process_pending", "processed"])
      expect(sandbox.getPaymentInvoice(doc.data.id)!.data.attributes.resolution).toBe("ok")
    })

    it("expire and terminate", async () => {
      const a = await createInvoice(sandbox)
      expect((await control(`/payment-invoices/${a.data.id}/expire`)).json.data.attributes.status).toBe("expired")
      const b = await createInvoice(sandbox)
      expect((await control(`/payment-invoices/${b.data.id}/terminate`)).json.data.attributes.status).toBe("terminated")
      expect(await statusesOf(b.data.id)).toEqual(["terminated"])
    })

    it("charge back partially, then fully", async () => {
      const doc = await createInvoice(sandbox, { amount: 100 })
      await control(`/payment-invoices/${doc.data.id}/pay`)
      const partial = await control(`/payment-invoices/${doc.data.id}/chargeback`, { amount: 40 })
      expect(partial.json.data.attributes).toMatchObject({ status: "partially_charged_back", charged_back_amount: 40 })
      const full = await control(`/payment-invoices/${doc.data.id}/chargeback`)
      expect(full.json.data.attributes).toMatchObject({ status: "charged_back", charged_back_amount: 100 })
      expect((await control(`/payment-invoices/${doc.data.id}/chargeback`)).status).toBe(409)
    })

    it("dashboard refund: partially, then the rest, with no reference of the shop's", async () => {
      const doc = await createInvoice(sandbox, { amount: 100 })
      await control(`/payment-invoices/${doc.data.id}/pay`)
      const partial = await control(`/payment-invoices/${doc.data.id}/dashboard-refund`, { amount: 30 })
      expect(partial.json.data.attributes).toMatchObject({ status: "partially_refunded", refunded_amount: 30 })
      const full = await control(`/payment-invoices/${doc.data.id}/dashboard-refund`)
      expect(full.json.data.attributes).toMatchObject({ status: "refunded", refunded_amount: 100 })
      const refunds = sandbox.getInvoiceState(doc.data.id).refunds.map((refund) => refund.attributes)
      expect(refunds.map((refund) => refund.amount)).toEqual([30, 70])
      expect(refunds[0].reference_id).toMatch(/^dashboard_/)
      expect((await control(`/payment-invoices/${doc.data.id}/dashboard-refund`)).status).toBe(422)
    })

    it("answers 409 for a transition the status does not allow, 404 for an unknown invoice", async () => {
      const doc = await createInvoice(sandbox)
      await control(`/payment-invoices/${doc.data.id}/pay`)
      const res = await control(`/payment-invoices/${doc.data.id}/expire`)
      expect(res.status).toBe(409)
      expect(res.json.error_type).toBe("invalid_state")
      expect((await control(`/payment-invoices/${doc.data.id}/chargeback`, { amount: 1000 })).status).toBe(422)
      expect((await control("/payment-invoices/cpi_nope/pay")).status).toBe(404)
      expect(
        (await call(sandbox, "POST", `/_sandbox/payment-invoices/${doc.data.id}/pay`, { raw: "{bad" })).status
      ).toBe(422)
    })
  })

  describe("payouts and refunds", () => {
    it("process / fail / cancel a payout", async () => {
      sandbox.updateConfig({ payoutAutoProcess: false })
      try {
        const create = async () =>
          (
            await call(sandbox, "POST", "/api/payout-invoices", {
              json: {
                service: "payment_card_eur",
                reference_id: `ctl_${Math.random()}`,
                currency: "EUR",
                amount: 10,
                fields: { card_number: "5519283812030000" },
              },
            })
          ).json.data.id as string
        const a = await create()
        expect((await control(`/payout-invoices/${a}/process`)).json.data.attributes.status).toBe("processed")
        expect(await statusesOf(a)).toEqual(["processing", "processed"])
        const b = await create()
        expect(
          (await control(`/payout-invoices/${b}/fail`, { resolution: "card_expired" })).json.data.attributes
        ).toMatchObject({
          status: "process_failed",
          resolution: "card_expired",
        })
        const c = await create()
        expect((await control(`/payout-invoices/${c}/cancel`)).json.data.attributes.status).toBe("canceled")
        expect((await control(`/payout-invoices/${a}/cancel`)).json.data.attributes.status).toBe("canceled")
        expect(await statusesOf(a)).toEqual(["processing", "processed", "canceling", "canceled"])
        expect((await control(`/payout-invoices/${a}/process`)).status).toBe(409)
      } finally {
        sandbox.updateConfig({ payoutAutoProcess: true })
      }
    })

    it("complete or fail a pending refund", async () => {
      await call(sandbox, "PATCH", "/_sandbox/config", { json: { refundOutcome: "refunding" } })
      try {
        const doc = await createInvoice(sandbox, { amount: 100 })
        sandbox.payInvoice(doc.data.id)
        const refund = (ref: string, amount: number) =>
          call(sandbox, "POST", `/api/payment-invoices/${doc.data.id}/refund`, {
            json: { data: { type: "refund", attributes: { invoiceId: doc.data.id, amount, reference_id: ref } } },
          })
        const first = (await refund("ctl_rf_1", 100)).json.data.id
        const failed = await control(`/refunds/${first}/fail`)
        expect(failed.json.data.attributes.status).toBe("process_failed")
        const second = (await refund("ctl_rf_2", 100)).json.data.id
        const done = await control(`/refunds/${second}/complete`)
        expect(done.json.data.attributes.status).toBe("processed")
        expect(await statusesOf(doc.data.id)).toEqual([
          "processing",
          "processed",
          "refunding",
          "refund_failed",
          "refunding",
          "refunded",
        ])
        expect((await control(`/refunds/${second}/complete`)).status).toBe(409)
        expect((await control("/refunds/ref_nope/complete")).status).toBe(404)
      } finally {
        sandbox.updateConfig({ refundOutcome: "processed" })
      }
    })
  })

  describe("state, config, clock, reset", () => {
    it("reads an invoice's full state: internal record, API document, refunds, callbacks", async () => {
      const doc = await createInvoice(sandbox, { amount: 12.34 })
      sandbox.payInvoice(doc.data.id)
      await sandbox.callbacksIdle()
      const res = await call(sandbox, "GET", `/_sandbox/invoices/${doc.data.id}`)
      expect(res.status).toBe(200)
      expect(res.json).toMatchObject({
        kind: "payment",
        invoice: { id: doc.data.id, amount: 1234, processedAmount: 1234, status: "processed" },
        document: { data: { id: doc.data.id, attributes: { amount: 12.34 } } },
        refunds: [],
      })
      expect(res.json.callbacks.map((c: { status: string }) => c.status)).toEqual(["processing", "processed"])
      expect((await call(sandbox, "GET", "/_sandbox/invoices/cpi_nope")).status).toBe(404)
    })

    it("reads and patches the configuration; start-only options are refused", async () => {
      const config = await call(sandbox, "GET", "/_sandbox/config")
      expect(config.json.accountId).toBe("coma_SandboxAccount01")
      const patched = await call(sandbox, "PATCH", "/_sandbox/config", { json: { onlyFinalCallbacks: true } })
      expect(patched.json.onlyFinalCallbacks).toBe(true)
      await call(sandbox, "PATCH", "/_sandbox/config", { json: { onlyFinalCallbacks: false } })
      expect((await call(sandbox, "PATCH", "/_sandbox/config", { json: { port: 1 } })).status).toBe(422)
      expect((await call(sandbox, "PATCH", "/_sandbox/config", { json: { refundOutcome: "maybe" } })).status).toBe(422)
    })

    it("advances the clock to reach expires", async () => {
      const doc = await createInvoice(sandbox)
      const res = await control("/clock", { advanceSeconds: sandbox.config.invoiceLifetimeSeconds + 1 })
      expect(res.json.now).toBeGreaterThan(doc.data.attributes.expires)
      expect((await call(sandbox, "GET", `/api/payment-invoices/${doc.data.id}`)).json.data.attributes.status).toBe(
        "expired"
      )
      expect((await control("/clock", {})).status).toBe(422)
    })

    it("summarises and resets all state", async () => {
      await createInvoice(sandbox)
      sandbox.addFault({ path: "/api/never", kind: "status" })
      sandbox.setCallbackMode({ suppress: true })
      const before = await call(sandbox, "GET", "/_sandbox/state")
      expect(before.json.paymentInvoices).toBeGreaterThan(0)
      expect(before.json.faults).toHaveLength(1)
      expect((await control("/reset")).json).toEqual({ reset: true })
      const after = await call(sandbox, "GET", "/_sandbox/state")
      expect(after.json).toMatchObject({
        paymentInvoices: 0,
        payoutInvoices: 0,
        refunds: 0,
        callbackLogEntries: 0,
        faults: [],
      })
      expect(after.json.callbackMode.suppress).toBe(0)
      expect(Math.abs(after.json.clock - Date.now() / 1000)).toBeLessThan(5)
    })
  })

  describe("HTTP faults", () => {
    afterEach(() => sandbox.clearFaults())

    it("answers the next N matching requests with 429, then normally", async () => {
      const rule = await call(sandbox, "POST", "/_sandbox/faults", {
        json: { method: "POST", path: "/api/payment-invoices", kind: "status", status: 429, times: 2 },
      })
      expect(rule.status).toBe(201)
      expect(rule.json).toMatchObject({ remaining: 2, phase: "before" })
      const body = invoiceBody({ reference_id: "fault_429" })
      for (let i = 0; i < 2; i++) {
        const res = await call(sandbox, "POST", "/api/payment-invoices", { json: body })
        expect(res.status).toBe(429)
        expect(res.json.error_type).toBe("too_many_requests")
      }
      // Not applied: the same reference_id can still be created.
      expect((await call(sandbox, "POST", "/api/payment-invoices", { json: body })).status).toBe(201)
      expect((await call(sandbox, "GET", "/_sandbox/faults")).json.faults).toEqual([])
    })

    it("answers 502 only for the matching method and path pattern", async () => {
      const doc = await createInvoice(sandbox)
      sandbox.addFault({ method: "GET", path: "/api/payment-invoices/*", kind: "status", status: 502 })
      expect((await call(sandbox, "GET", "/api/payment-invoices")).status).toBe(200)
      expect((await call(sandbox, "POST", "/api/payment-invoices", { json: invoiceBody() })).status).toBe(201)
      const res = await call(sandbox, "GET", `/api/payment-invoices/${doc.data.id}`)
      expect(res.status).toBe(502)
      expect(res.json.error_type).toBe("bad_gateway")
      expect((await call(sandbox, "GET", `/api/payment-invoices/${doc.data.id}`)).status).toBe(200)
    })

    it("drops the connection without an answer", async () => {
      sandbox.addFault({ path: "/api/payment-invoices", method: "POST", kind: "drop" })
      const body = invoiceBody({ reference_id: "fault_drop" })
      await expect(call(sandbox, "POST", "/api/payment-invoices", { json: body })).rejects.toThrow()
      expect(sandbox.findPaymentInvoiceByReference("fault_drop")).toBeUndefined()
    })

    it("applies the request, then drops the answer (outcome unknown)", async () => {
      sandbox.addFault({ path: "/api/payment-invoices", method: "POST", kind: "drop", phase: "after" })
      const body = invoiceBody({ reference_id: "fault_applied_drop" })
      await expect(call(sandbox, "POST", "/api/payment-invoices", { json: body })).rejects.toThrow()
      const found = await call(sandbox, "GET", "/api/payment-invoices?filter[reference_id]=fault_applied_drop")
      expect(found.json.data).toHaveLength(1)
      // A blind retry now hits the duplicate error: the client must look the invoice up instead.
      expect((await call(sandbox, "POST", "/api/payment-invoices", { json: body })).status).toBe(429)
    })

    it("applies the request, then answers 502", async () => {
      const doc = await createInvoice(sandbox, { amount: 100 })
      sandbox.payInvoice(doc.data.id)
      sandbox.addFault({
        path: `/api/payment-invoices/${doc.data.id}/refund`,
        kind: "status",
        status: 502,
        phase: "after",
      })
      const res = await call(sandbox, "POST", `/api/payment-invoices/${doc.data.id}/refund`, {
        json: {
          data: { type: "refund", attributes: { invoiceId: doc.data.id, amount: 100, reference_id: "fault_rf" } },
        },
      })
      expect(res.status).toBe(502)
      expect(sandbox.getPaymentInvoice(doc.data.id)!.data.attributes).toMatchObject({
        status: "refunded",
        refunded_amount: 100,
      })
    })

    it("answers slowly: a client with a shorter timeout gives up, yet the request is applied", async () => {
      sandbox.addFault({ path: "/api/payout-invoices", kind: "delay", delayMs: 150 })
      const applied = new Promise<string>((resolve) => {
        const off = sandbox.onCallback((e) => {
          if (JSON.parse(e.body).data.attributes.reference_id !== "fault_slow") return
          off()
          resolve(e.status)
        })
      })
      const timedOut = request(`${sandbox.url}/api/payout-invoices`, {
        method: "POST",
        headers: { authorization: basicAuth(sandbox), "content-type": "application/json" },
        body: JSON.stringify({
          service: "payment_card_usd",
          reference_id: "fault_slow",
          currency: "USD",
          amount: 5,
          fields: { card_number: "5519283812030000" },
          options: { auto_process: true },
        }),
        signal: AbortSignal.timeout(30),
      })
      await expect(timedOut).rejects.toMatchObject({ name: "TimeoutError" })
      expect(await applied).toBe("processing")
      const list = await call(sandbox, "GET", "/api/payout-invoices?filter[reference_id]=fault_slow")
      expect(list.json.data).toHaveLength(1)
    })

    it("with phase after, applies at once and only answers late: the callbacks come first", async () => {
      const doc = await createInvoice(sandbox, { amount: 100 })
      await control(`/payment-invoices/${doc.data.id}/pay`)
      await sandbox.callbacksIdle()
      sandbox.addFault({
        method: "POST",
        path: "/api/payment-invoices/*/refund",
        kind: "delay",
        delayMs: 400,
        phase: "after",
      })
      const refunded = new Promise<number>((resolve) => {
        const off = sandbox.onCallback((e) => {
          if (e.invoiceId !== doc.data.id || e.status !== "refunded") return
          off()
          resolve(Date.now())
        })
      })
      const res = await call(sandbox, "POST", `/api/payment-invoices/${doc.data.id}/refund`, {
        json: {
          data: { type: "refund", attributes: { invoiceId: doc.data.id, amount: 100, reference_id: "late_rf" } },
        },
      })
      const answered = Date.now()
      expect(res.status).toBe(201)
      expect(await refunded).toBeLessThan(answered)
    })

    it("answers slowly but completely to a patient client", async () => {
      sandbox.addFault({ path: "/public-api/*", kind: "delay", delayMs: 40 })
      const started = Date.now()
      const res = await call(sandbox, "POST", "/public-api/payment-prerequest", {
        json: { public_key: sandbox.config.testPublicKey, currency: "USD" },
      })
      expect(res.status).toBe(200)
      expect(Date.now() - started).toBeGreaterThanOrEqual(39)
    })

    it("never applies faults to the controls, and validates fault rules", async () => {
      sandbox.addFault({ path: "/*", kind: "status", status: 500 })
      expect((await call(sandbox, "GET", "/_sandbox/state")).status).toBe(200)
      expect((await call(sandbox, "DELETE", "/_sandbox/faults")).status).toBe(204)
      expect((await call(sandbox, "POST", "/_sandbox/faults", { json: { path: "/x", kind: "explode" } })).status).toBe(
        422
      )
      expect((await call(sandbox, "POST", "/_sandbox/faults", { json: { path: "/x", kind: "delay" } })).status).toBe(
        422
      )
      expect(
        (await call(sandbox, "POST", "/_sandbox/faults", { json: { path: "/x", kind: "status", status: 200 } })).status
      ).toBe(422)
    })
  })
})
