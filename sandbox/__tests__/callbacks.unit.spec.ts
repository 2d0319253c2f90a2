import type { CallbackLogEntry, Sandbox } from "../src"
import { signCallbackBody, verifyCallbackSignature } from "../src"
import { CallbackReceiver, call, createInvoice, start, submitCard } from "./helpers"

describe("callbacks", () => {
  let receiver: CallbackReceiver
  let sandbox: Sandbox
  beforeEach(async () => {
    receiver = await new CallbackReceiver().start()
    sandbox = await start({ callbackUrl: receiver.url })
  })
  afterEach(async () => {
    await sandbox.close()
    await receiver.close()
  })

  const paidInvoice = async (attributes: Record<string, unknown> = {}) => {
    const doc = await createInvoice(sandbox, attributes)
    sandbox.payInvoice(doc.data.id)
    await sandbox.callbacksIdle()
    return doc.data.id as string
  }

  it("POSTs the invoice document, signed with sk_test for test-mode invoices, as application/json", async () => {
    const id = await paidInvoice({ test_mode: true })
    expect(receiver.statuses()).toEqual(["processing", "processed"])
    for (const cb of receiver.received) {
      expect(cb.headers["content-type"]).toBe("application/json")
      expect(cb.headers["x-signature"]).toBe(signCallbackBody(cb.body, sandbox.config.testPrivateKey))
      expect(verifyCallbackSignature(cb.body, cb.headers["x-signature"] as string, sandbox.config.livePrivateKey)).toBe(
        false
      )
    }
    const last = receiver.received[1].json
    expect(last.data).toMatchObject({ type: "payment-invoices", id, links: { self: `/api/payment-invoices/${id}` } })
    expect(last.data.attributes).toMatchObject({ status: "processed", processed_amount: 49.9 })
  })

  it("signs live-mode invoices with sk_live", async () => {
    await paidInvoice({ test_mode: false })
    for (const cb of receiver.received) {
      expect(cb.headers["x-signature"]).toBe(signCallbackBody(cb.body, sandbox.config.livePrivateKey))
    }
  })

  it("writes bodies like PHP json_encode: escaped slashes, [] for empty objects, \\u escapes", async () => {
    await paidInvoice({ description: "Café ☕", return_url: "https://shop.example/back" })
    const body = receiver.received[0].body
    expect(body).toContain('"return_url":"https:\\/\\/shop.example\\/back"')
    expect(body).toContain('"links":{"self":"\\/api\\/payment-invoices\\/')
    expect(body).toContain('"metadata":[]')
    expect(body).toContain('"return_urls":[]')
    expect(body).toContain('"original_data":[]')
    expect(body).toContain('"description":"Caf\\u00e9 \\u2615"')
    expect(body).not.toMatch(/[^\x00-\x7f]/)
    expect(body).not.toContain("\n")
  })

  it("sends to the invoice's callback_url instead of the account default", async () => {
    const other = await new CallbackReceiver().start()
    try {
      const doc = await createInvoice(sandbox, { callback_url: other.url })
      sandbox.payInvoice(doc.data.id)
      await sandbox.callbacksIdle()
      expect(other.statuses()).toEqual(["processing", "processed"])
      expect(receiver.received).toHaveLength(0)
    } finally {
      await other.close()
    }
  })

  it("sends nothing when neither the invoice nor the account has a callback URL", async () => {
    sandbox.updateConfig({ callbackUrl: null })
    await paidInvoice()
    expect(receiver.received).toHaveLength(0)
    expect(sandbox.callbackLog()).toHaveLength(0)
  })

  it("sends no callback for the initial created status", async () => {
    await createInvoice(sandbox)
    await sandbox.callbacksIdle()
    expect(receiver.received).toHaveLength(0)
  })

  it("with onlyFinalCallbacks sends only final statuses", async () => {
    sandbox.updateConfig({ onlyFinalCallbacks: true })
    const id = await paidInvoice()
    await call(sandbox, "POST", `/api/payment-invoices/${id}/refund`, {
      json: { data: { type: "refund", attributes: { invoiceId: id, amount: 10, reference_id: "rf_final" } } },
    })
    await sandbox.callbacksIdle()
    expect(receiver.statuses()).toEqual(["processed", "partially_refunded"])
  })

  it("reports every refund step and the chargeback as invoice callbacks", async () => {
    const id = await paidInvoice({ amount: 100 })
    await call(sandbox, "POST", `/api/payment-invoices/${id}/refund`, {
      json: { data: { type: "refund", attributes: { invoiceId: id, amount: 30, reference_id: "rf_cb_1" } } },
    })
    sandbox.chargeBack(id)
    await sandbox.callbacksIdle()
    expect(receiver.statuses()).toEqual(["processing", "processed", "refunding", "partially_refunded", "charged_back"])
    const last = receiver.received.at(-1)!.json.data.attributes
    expect(last).toMatchObject({ refunded_amount: 30, charged_back_amount: 70 })
    const refunding = receiver.received[2].json
    expect(refunding.included).toEqual([
      expect.objectContaining({
        type: "refunds",
        attributes: expect.objectContaining({ status: "processing", amount: 30 }),
      }),
    ])
  })

  it("counts only HTTP 200 as delivered and retries on the linear schedule (n-th retry after n × interval)", async () => {
    sandbox.updateConfig({ callbackRetryIntervalMs: 10 })
    const answers = [500, 201, "destroy", 200] as const
    receiver.answer = (n) => answers[n - 1] ?? 200
    const entries: CallbackLogEntry[] = []
    sandbox.onCallback((e) => entries.push(e))
    const doc = await createInvoice(sandbox)
    sandbox.setInvoiceProcessing(doc.data.id)
    await sandbox.callbacksIdle()
    expect(entries.map((e) => [e.attempt, e.outcome, e.responseStatus])).toEqual([
      [1, "failed", 500],
      [2, "failed", 201],
      [3, "failed", null],
      [4, "delivered", 200],
    ])
    expect(entries[2].error).toBeTruthy()
    expect(entries.map((e) => e.nextAttemptInMs)).toEqual([10, 20, 30, null])
    expect(new Set(entries.map((e) => e.deliveryId)).size).toBe(1)
    expect(new Set(entries.map((e) => e.body)).size).toBe(1)
    // The retries really waited: each gap is at least n × interval.
    for (let n = 1; n < entries.length; n++) {
      expect(Date.parse(entries[n].time) - Date.parse(entries[n - 1].time)).toBeGreaterThanOrEqual(n * 10 - 1)
    }
  })

  it("stops after callbackMaxAttempts", async () => {
    sandbox.updateConfig({ callbackMaxAttempts: 3, callbackRetryIntervalMs: 1 })
    receiver.answer = () => 503
    const doc = await createInvoice(sandbox)
    sandbox.setInvoiceProcessing(doc.data.id)
    await sandbox.callbacksIdle()
    expect(receiver.received).toHaveLength(3)
    expect(sandbox.callbackLog().map((e) => e.nextAttemptAt === null)).toEqual([false, false, true])
  })

  it("treats a receiver that does not answer in time as failed (timeout) and retries", async () => {
    sandbox.updateConfig({ callbackTimeoutMs: 50, callbackRetryIntervalMs: 1 })
    receiver.answer = (n) => (n === 1 ? "hang" : 200)
    const doc = await createInvoice(sandbox)
    sandbox.setInvoiceProcessing(doc.data.id)
    await sandbox.callbacksIdle()
    const log = sandbox.callbackLog()
    expect(log.map((e) => e.outcome)).toEqual(["failed", "delivered"])
    expect(log[0].error).toMatch(/timeout after 50 ms/)
  })

  it("treats a refused connection as failed", async () => {
    await receiver.close()
    sandbox.updateConfig({ callbackMaxAttempts: 2, callbackRetryIntervalMs: 1 })
    const doc = await createInvoice(sandbox)
    sandbox.setInvoiceProcessing(doc.data.id)
    await sandbox.callbacksIdle()
    const log = sandbox.callbackLog()
    expect(log).toHaveLength(2)
    expect(log[0].error).toMatch(/ECONNREFUSED/)
  })

  it("keeps a callback log readable over HTTP, filtered by invoice", async () => {
    const a = await paidInvoice()
    await paidInvoice()
    const res = await call(sandbox, "GET", `/_sandbox/callbacks?invoiceId=${a}`)
    expect(res.status).toBe(200)
    expect(
      res.json.callbacks.map((e: CallbackLogEntry) => [e.invoiceId, e.status, e.attempt, e.responseStatus])
    ).toEqual([
      [a, "processing", 1, 200],
      [a, "processed", 1, 200],
    ])
    const entry = res.json.callbacks[0]
    expect(entry).toMatchObject({ url: receiver.url, outcome: "delivered", invoiceType: "payment-invoices" })
    expect(entry.signature).toBe(signCallbackBody(entry.body, sandbox.config.testPrivateKey))
    expect(Date.parse(entry.time)).not.toBeNaN()
  })

  it("resends a logged callback with the same body and signature", async () => {
    await paidInvoice()
    const [first] = sandbox.callbackLog()
    const res = await call(sandbox, "POST", `/_sandbox/callbacks/${first.id}/resend`)
    expect(res.status).toBe(200)
    await sandbox.callbacksIdle()
    expect(receiver.received).toHaveLength(3)
    expect(receiver.received[2].body).toBe(receiver.received[0].body)
    expect(receiver.received[2].headers["x-signature"]).toBe(first.signature)
    expect(sandbox.callbackLog().at(-1)).toMatchObject({ resent: true, attempt: 1 })
    expect((await call(sandbox, "POST", "/_sandbox/callbacks/999999/resend")).status).toBe(404)
  })

  it("sends payout callbacks with the payouts parts", async () => {
    await call(sandbox, "POST", "/api/payout-invoices", {
      json: {
        service: "payment_card_usd",
        reference_id: "po_cb",
        currency: "USD",
        amount: 10,
        fields: { card_number: "5519283812030000" },
        test_mode: true,
        options: { auto_process: true },
      },
    })
    await sandbox.callbacksIdle()
    expect(receiver.statuses()).toEqual(["processing", "processed"])
    const last = receiver.received[1]
    expect(last.json.data.type).toBe("payout-invoices")
    expect(last.json.data.attributes.payouts).toEqual([
      expect.objectContaining({ status: "processed", amount: 10, currency: "USD" }),
    ])
    expect(last.headers["x-signature"]).toBe(signCallbackBody(last.body, sandbox.config.testPrivateKey))
    expect(last.body).not.toContain("5519283812030000")
  })

  describe("fault modes", () => {
    it("duplicate: delivers each of the next callbacks twice", async () => {
      await call(sandbox, "POST", "/_sandbox/callbacks/mode", { json: { duplicate: 1 } })
      await paidInvoice()
      expect(receiver.statuses()).toEqual(["processing", "processing", "processed"])
      expect(receiver.received[0].body).toBe(receiver.received[1].body)
      expect(sandbox.callbackLog().map((e) => e.duplicate)).toEqual([false, true, false])
    })

    it("reorder reverse: holds the next N callbacks and sends them newest first", async () => {
      const res = await call(sandbox, "POST", "/_sandbox/callbacks/mode", {
        json: { reorder: { order: "reverse", count: 3 } },
      })
      expect(res.json.reorder).toEqual({ order: "reverse", count: 3, seed: 1 })
      const id = await paidInvoice({ amount: 20 })
      expect(receiver.received).toHaveLength(0) // two held, waiting for a third
      expect(sandbox.setCallbackMode({}).held).toBe(2)
      sandbox.chargeBack(id)
      await sandbox.callbacksIdle()
      expect(receiver.statuses()).toEqual(["charged_back", "processed", "processing"])
      // Receivers must order by `updated`, not by arrival.
      const updated = receiver.received.map((c) => c.json.data.attributes.updated)
      expect([...updated].sort()).toEqual([...updated].reverse())
    })

    it("reorder shuffle: a seeded, reproducible order; flush releases early", async () => {
      sandbox.setCallbackMode({ reorder: { order: "shuffle", count: 10, seed: 7 } })
      for (let i = 0; i < 4; i++) {
        const doc = await createInvoice(sandbox, { reference_id: `shuffle_${i}` })
        sandbox.setInvoiceProcessing(doc.data.id)
      }
      const flushed = await call(sandbox, "POST", "/_sandbox/callbacks/flush")
      expect(flushed.json).toEqual({ released: 4 })
      await sandbox.callbacksIdle()
      const order = receiver.received.map((c) => c.json.data.attributes.reference_id)
      expect([...order].sort()).toEqual(["shuffle_0", "shuffle_1", "shuffle_2", "shuffle_3"])
      // mulberry32 with seed 7: the same order on every run.
      expect(order).toEqual(["shuffle_2", "shuffle_1", "shuffle_3", "shuffle_0"])
    })

    it("delay: the next callbacks arrive late", async () => {
      sandbox.setCallbackMode({ delay: { ms: 40, count: 1 } })
      const entries: CallbackLogEntry[] = []
      sandbox.onCallback((e) => entries.push(e))
      const started = Date.now()
      const doc = await createInvoice(sandbox)
      sandbox.setInvoiceProcessing(doc.data.id)
      expect(receiver.received).toHaveLength(0)
      await sandbox.callbacksIdle()
      expect(Date.parse(entries[0].time) - started).toBeGreaterThanOrEqual(39)
      expect((await call(sandbox, "GET", "/_sandbox/callbacks/mode")).json.delay).toBeNull()
    })

    it("suppress: never sends (logged as suppressed, for reconciliation tests) until resent", async () => {
      await call(sandbox, "POST", "/_sandbox/callbacks/mode", { json: { suppress: true } })
      const id = await paidInvoice()
      expect(receiver.received).toHaveLength(0)
      const log = sandbox.callbackLog({ invoiceId: id })
      expect(log.map((e) => [e.status, e.outcome, e.attempt])).toEqual([
        ["processing", "suppressed", 0],
        ["processed", "suppressed", 0],
      ])
      await call(sandbox, "DELETE", "/_sandbox/callbacks/mode")
      sandbox.resendCallback(log[1].id)
      await sandbox.callbacksIdle()
      expect(receiver.statuses()).toEqual(["processed"])
    })

    it("failNext: the next N attempts fail without reaching the receiver, then retries deliver", async () => {
      sandbox.setCallbackMode({ failNext: 2 })
      const doc = await createInvoice(sandbox)
      sandbox.setInvoiceProcessing(doc.data.id)
      await sandbox.callbacksIdle()
      expect(receiver.received).toHaveLength(1)
      expect(sandbox.callbackLog().map((e) => [e.attempt, e.outcome])).toEqual([
        [1, "failed"],
        [2, "failed"],
        [3, "delivered"],
      ])
      expect(sandbox.callbackLog()[0].error).toMatch(/simulated/)
    })

    it("rejects invalid mode bodies with 422", async () => {
      expect(
        (
          await call(sandbox, "POST", "/_sandbox/callbacks/mode", {
            json: { reorder: { order: "sideways", count: 2 } },
          })
        ).status
      ).toBe(422)
      expect((await call(sandbox, "POST", "/_sandbox/callbacks/mode", { json: { duplicate: -1 } })).status).toBe(422)
      expect((await call(sandbox, "POST", "/_sandbox/callbacks/mode", { json: { delay: { ms: "x" } } })).status).toBe(
        422
      )
    })
  })

  it("close() cancels pending retries", async () => {
    sandbox.updateConfig({ callbackRetryIntervalMs: 60_000 })
    receiver.answer = () => 500
    const attempted = new Promise<void>((resolve) => sandbox.onCallback(() => resolve()))
    const doc = await createInvoice(sandbox)
    sandbox.setInvoiceProcessing(doc.data.id)
    await attempted
    await sandbox.close() // must not wait a minute for the retry
    await sandbox.callbacksIdle()
    expect(receiver.received).toHaveLength(1)
  })

  it("reset() during a delivery drops it: no log entry, no retry", async () => {
    receiver.answer = () => {
      sandbox.reset() // while the sandbox waits for this answer
      return 500
    }
    const doc = await createInvoice(sandbox)
    sandbox.setInvoiceProcessing(doc.data.id)
    await sandbox.callbacksIdle()
    expect(receiver.received).toHaveLength(1)
    expect(sandbox.callbackLog()).toEqual([])
  })

  it("submitting the HPP card form produces the same callbacks as the controls", async () => {
    const doc = await createInvoice(sandbox)
    await submitCard(sandbox, doc.data.id, "5519283812030000")
    await sandbox.callbacksIdle()
    expect(receiver.statuses()).toEqual(["processing", "processed"])
    expect(receiver.received[0].json.data.attributes.payload.payment_card.mask).toBe("551928******0000")
  })
})
