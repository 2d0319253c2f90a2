import { BigNumber, MedusaError, PaymentActions } from "@medusajs/framework/utils"

import { phpJsonEncode, type Sandbox } from "../../../../../sandbox/src"
import { PaycoreClient, signPaycoreBody } from "../../../../lib/paycore"
import { PAYCORE_CALLBACK_REJECTED, type PaycoreWebhookActionResult } from "../paycore-base"
import type { PaycoreProviderService } from "../../services/paycore-provider"
import {
  createProvider,
  expectMedusaError,
  newRefundId,
  newSessionId,
  sessionInput,
  signedPayload,
  startCallbackReceiver,
  webhookPayload,
  type ReceivedCallback,
} from "./test-utils"
import { startTestSandbox } from "./sandbox-utils"

// The worked signature example (docs/paycore-notes.md, "Callbacks and signatures"): these exact 194 bytes, this key, this signature.
const EXAMPLE_SECRET = "sk_test_EXAMPLEsecretKEY123"
const EXAMPLE_BODY =
  '{"data":{"type":"payment-invoices","id":"cpi_yv1RgJ2l8ty2AxIs","attributes":{"status":"processed","resolution":"ok","amount":22,"currency":"USD","reference_id":"order_01HXYZ","test_mode":true}}}'
const EXAMPLE_SIGNATURE = "+sWdcNdL4IHzEYK5pI8KYF6hh/o="

describe("PaycoreProviderService.getWebhookActionAndData", () => {
  let sandbox: Sandbox
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>
  let provider: PaycoreProviderService
  let client: PaycoreClient

  beforeAll(async () => {
    sandbox = await startTestSandbox()
    receiver = await startCallbackReceiver()
    provider = createProvider(sandbox, { callbackUrl: receiver.url }).provider
    client = new PaycoreClient({
      baseUrl: sandbox.url,
      accountId: sandbox.config.accountId,
      apiKey: sandbox.config.apiKey,
    })
  })

  afterAll(async () => {
    await client.close()
    await sandbox.close()
    await receiver.close()
  })

  /** The callback the sandbox delivered over HTTP for this invoice and status: exact bytes and headers. */
  async function delivered(invoiceId: string, status: string): Promise<ReceivedCallback> {
    await sandbox.callbacksIdle()
    const found = receiver.received.filter((callback) => {
      const body = JSON.parse(callback.raw.toString("utf8")) as { data: { id: string; attributes: { status: string } } }
      return body.data.id === invoiceId && body.data.attributes.status === status
    })
    if (found.length !== 1) throw new Error(`expected one ${status} callback for ${invoiceId}, got ${found.length}`)
    return found[0]
  }

  function payloadOf(callback: ReceivedCallback) {
    return webhookPayload(callback.raw, callback.headers as Record<string, unknown>)
  }

  async function initiated(amount = 49.9, currency = "usd") {
    const input = sessionInput({ amount, currency_code: currency })
    const result = await provider.initiatePayment(input)
    return { sessionId: input.data.session_id, invoiceId: result.id, data: result.data! }
  }

  /** A callback body for the invoice as it is now, encoded the way PayCore's PHP encodes it, signed with `secret`. */
  function currentStateSigned(
    invoiceId: string,
    secret = sandbox.config.testPrivateKey,
    edit?: (document: any) => void
  ) {
    const document = structuredClone(sandbox.getPaymentInvoice(invoiceId)!)
    edit?.(document)
    const raw = phpJsonEncode(document)
    return { raw, payload: signedPayload(raw, secret) }
  }

  async function rejection(payload: Parameters<PaycoreProviderService["getWebhookActionAndData"]>[0], type: string) {
    const error = await expectMedusaError(provider.getWebhookActionAndData(payload), type)
    expect(error.message.startsWith(`${PAYCORE_CALLBACK_REJECTED}: `)).toBe(true)
    return error
  }

  describe("the worked signature example of the PayCore reference", () => {
    it("verifies the example's exact bytes with the example's key", async () => {
      const { provider: exampleProvider } = createProvider(sandbox, { testPrivateKey: EXAMPLE_SECRET })
      expect(signPaycoreBody(EXAMPLE_BODY, EXAMPLE_SECRET)).toBe(EXAMPLE_SIGNATURE)

      const result = await exampleProvider.getWebhookActionAndData(
        webhookPayload(EXAMPLE_BODY, { "x-signature": EXAMPLE_SIGNATURE })
      )

      // Its reference (order_01HXYZ) is not a Medusa payment session: verified, but not ours.
      expect(result.action).toBe(PaymentActions.NOT_SUPPORTED)
      expect(result.data).toBeUndefined()
      expect(result.paycore).toMatchObject({ mode: "test", invoice: { id: "cpi_yv1RgJ2l8ty2AxIs" } })
    })

    it("refuses the same JSON pretty-printed under the example's signature", async () => {
      const { provider: exampleProvider } = createProvider(sandbox, { testPrivateKey: EXAMPLE_SECRET })
      const pretty = JSON.stringify(JSON.parse(EXAMPLE_BODY), null, 2)

      const error = await expectMedusaError(
        exampleProvider.getWebhookActionAndData(webhookPayload(pretty, { "x-signature": EXAMPLE_SIGNATURE })),
        MedusaError.Types.UNAUTHORIZED
      )
      expect(error.message).toContain("invalid_signature")
    })

    it("captures the example when its reference is a Medusa payment session", async () => {
      const sessionId = newSessionId()
      const raw = EXAMPLE_BODY.replace("order_01HXYZ", sessionId)

      const result = await provider.getWebhookActionAndData(signedPayload(raw, sandbox.config.testPrivateKey))

      expect(result.action).toBe(PaymentActions.SUCCESSFUL)
      expect(result.data?.session_id).toBe(sessionId)
      expect((result.data?.amount as BigNumber).numeric).toBe(22)
    })
  })

  describe("callbacks delivered by the sandbox", () => {
    it("a processed callback signed with the test key → captured, with the session id and the amount in major units", async () => {
      const { sessionId, invoiceId } = await initiated(49.9)
      sandbox.payInvoice(invoiceId)
      const callback = await delivered(invoiceId, "processed")

      const result = await provider.getWebhookActionAndData(payloadOf(callback))

      expect(result.action).toBe(PaymentActions.SUCCESSFUL)
      expect(result.data?.session_id).toBe(sessionId)
      expect(result.data?.amount).toBeInstanceOf(BigNumber)
      expect((result.data?.amount as BigNumber).numeric).toBe(49.9)
      expect(result.paycore!.mode).toBe("test")
      expect(result.paycore!.invoice).toMatchObject({ id: invoiceId, type: "payment-invoices" })
      // What PayCore's PHP sends: escaped slashes, and the exact bytes the sandbox logged and signed.
      expect(callback.raw.toString("utf8")).toContain("http:\\/\\/")
      const [logged] = sandbox.callbackLog({ invoiceId, status: "processed" })
      expect(callback.raw.toString("utf8")).toBe(logged.body)
      expect(callback.headers["x-signature"]).toBe(logged.signature)
    })

    it("amounts of JPY callbacks are whole yen", async () => {
      const { invoiceId } = await initiated(1235, "jpy")
      sandbox.payInvoice(invoiceId)

      const result = await provider.getWebhookActionAndData(payloadOf(await delivered(invoiceId, "processed")))

      expect(result.action).toBe(PaymentActions.SUCCESSFUL)
      expect((result.data?.amount as BigNumber).numeric).toBe(1235)
    })

    it("the processing step before it → pending", async () => {
      const { sessionId, invoiceId } = await initiated()
      sandbox.payInvoice(invoiceId)

      const result = await provider.getWebhookActionAndData(payloadOf(await delivered(invoiceId, "processing")))

      expect(result).toMatchObject({ action: PaymentActions.PENDING, data: { session_id: sessionId } })
    })

    it("a failed payment → failed", async () => {
      const { sessionId, invoiceId } = await initiated()
      sandbox.failInvoice(invoiceId, { resolution: "insufficient_funds" })

      const result = await provider.getWebhookActionAndData(payloadOf(await delivered(invoiceId, "process_failed")))

      expect(result).toMatchObject({ action: PaymentActions.FAILED, data: { session_id: sessionId } })
    })

    it("an expired invoice → canceled", async () => {
      const { sessionId, invoiceId } = await initiated()
      sandbox.expireInvoice(invoiceId)

      const result = await provider.getWebhookActionAndData(payloadOf(await delivered(invoiceId, "expired")))

      expect(result).toMatchObject({ action: PaymentActions.CANCELED, data: { session_id: sessionId } })
    })

    it("a terminated invoice → canceled", async () => {
      const { invoiceId } = await initiated()
      sandbox.terminateInvoice(invoiceId)

      const result = await provider.getWebhookActionAndData(payloadOf(await delivered(invoiceId, "terminated")))

      expect(result.action).toBe(PaymentActions.CANCELED)
    })

    it("a pending payment (process_pending) → pending", async () => {
      const { invoiceId } = await initiated()
      sandbox.setInvoicePending(invoiceId, { resolution: "auth_3ds_required" })

      const result = await provider.getWebhookActionAndData(payloadOf(await delivered(invoiceId, "process_pending")))

      expect(result.action).toBe(PaymentActions.PENDING)
    })

    it("a partly paid invoice → failed, with the amount actually paid", async () => {
      const { invoiceId } = await initiated(50)
      sandbox.payInvoice(invoiceId, { processedAmount: 20 })

      const result = await provider.getWebhookActionAndData(
        payloadOf(await delivered(invoiceId, "partially_processed"))
      )

      expect(result.action).toBe(PaymentActions.FAILED)
      expect((result.data?.amount as BigNumber).numeric).toBe(20)
    })

    it("refund callbacks after the payment → not_supported", async () => {
      const { invoiceId, data } = await initiated(30)
      sandbox.payInvoice(invoiceId)
      const authorized = await provider.authorizePayment({ data })
      await provider.refundPayment({ data: authorized.data, amount: 30, context: { idempotency_key: newRefundId() } })

      const result = await provider.getWebhookActionAndData(payloadOf(await delivered(invoiceId, "refunded")))

      expect(result.action).toBe(PaymentActions.NOT_SUPPORTED)
      expect(result.paycore!.invoice.attributes.status).toBe("refunded")
    })

    it("a callback for a session's second invoice (<session>-r2) names the session", async () => {
      const { sessionId, data } = await initiated(10)
      const updated = await provider.updatePayment({ data, amount: 11, currency_code: "usd" })
      const invoiceId = String(updated.data!.paycore_invoice_id)
      sandbox.payInvoice(invoiceId)

      const result = await provider.getWebhookActionAndData(payloadOf(await delivered(invoiceId, "processed")))

      expect(result.action).toBe(PaymentActions.SUCCESSFUL)
      expect(result.data?.session_id).toBe(sessionId)
      expect((result.data?.amount as BigNumber).numeric).toBe(11)
    })

    it("a payment invoice whose reference is not a payses_ id → not_supported", async () => {
      const foreign = await client.createPaymentInvoice({
        reference_id: "order_1042",
        amount: 5,
        currency: "USD",
        test_mode: true,
        callback_url: receiver.url,
      })
      sandbox.payInvoice(foreign.id)

      const result = await provider.getWebhookActionAndData(payloadOf(await delivered(foreign.id, "processed")))

      expect(result.action).toBe(PaymentActions.NOT_SUPPORTED)
      expect(result.data).toBeUndefined()
      expect(result.paycore!.invoice.id).toBe(foreign.id)
    })

    it("a signed callback of another type (refunds) → not_supported, with no invoice", async () => {
      const result = await provider.getWebhookActionAndData(
        signedPayload('{"data":{"type":"refunds","id":"ref_1","attributes":{}}}', sandbox.config.testPrivateKey)
      )
      expect(result).toEqual({ action: PaymentActions.NOT_SUPPORTED })
    })

    it("a payout invoice → not_supported", async () => {
      const payout = await client.createPayoutInvoice({
        reference_id: `payout_${newSessionId()}`,
        service: "payment_card_usd",
        amount: 25,
        currency: "USD",
        test_mode: true,
        fields: { card_number: "5519283812030000" },
        callback_url: receiver.url,
        options: { auto_process: true },
      })
      await sandbox.callbacksIdle()
      const [logged] = sandbox.callbackLog({ invoiceId: payout.id, status: "processed" })
      const callback = receiver.received.find((entry) => entry.raw.toString("utf8") === logged.body)!

      const result: PaycoreWebhookActionResult = await provider.getWebhookActionAndData(payloadOf(callback))

      expect(result.action).toBe(PaymentActions.NOT_SUPPORTED)
      expect(result.data).toBeUndefined()
      expect(result.paycore!.invoice).toMatchObject({ type: "payout-invoices", id: payout.id })
    })

    it("a live invoice signed with the live key is verified in live mode", async () => {
      const { provider: liveProvider } = createProvider(sandbox, {
        testMode: false,
        publicKey: sandbox.config.livePublicKey,
        callbackUrl: receiver.url,
      })
      const input = sessionInput({ amount: 15 })
      const initiated = await liveProvider.initiatePayment(input)
      sandbox.payInvoice(initiated.id)

      const result = await liveProvider.getWebhookActionAndData(payloadOf(await delivered(initiated.id, "processed")))

      expect(result).toMatchObject({ action: PaymentActions.SUCCESSFUL, data: { session_id: input.data.session_id } })
      expect(result.paycore!.mode).toBe("live")
    })
  })

  it("a created invoice → pending", async () => {
    const { sessionId, invoiceId } = await initiated()
    const { payload } = currentStateSigned(invoiceId)

    const result = await provider.getWebhookActionAndData(payload)

    expect(result).toMatchObject({ action: PaymentActions.PENDING, data: { session_id: sessionId } })
    expect((result.data?.amount as BigNumber).numeric).toBe(49.9)
  })

  describe("the raw body", () => {
    it("verifies as a Buffer, a string, and Medusa's serialised { type: 'Buffer', data: [...] }", async () => {
      const { sessionId, invoiceId } = await initiated()
      sandbox.payInvoice(invoiceId)
      const callback = await delivered(invoiceId, "processed")
      const headers = callback.headers as Record<string, unknown>
      const serialised = JSON.parse(JSON.stringify(callback.raw)) as { type: string; data: number[] }
      expect(serialised.type).toBe("Buffer")

      for (const rawData of [callback.raw, callback.raw.toString("utf8"), serialised]) {
        const result = await provider.getWebhookActionAndData({
          data: JSON.parse(callback.raw.toString("utf8")),
          rawData: rawData as never,
          headers,
        })
        expect(result).toMatchObject({ action: PaymentActions.SUCCESSFUL, data: { session_id: sessionId } })
      }
    })

    it("verifies PHP-style bodies: escaped slashes, \\u-escaped text and metadata: []", async () => {
      const { provider: phpProvider } = createProvider(sandbox, {
        callbackUrl: receiver.url,
        invoiceDescription: "Замовлення {cart_id}",
      })
      const input = sessionInput({ amount: 12, data: { cart_id: "cart_01ABC" } })
      const { id: invoiceId } = await phpProvider.initiatePayment(input)
      sandbox.payInvoice(invoiceId)
      const callback = await delivered(invoiceId, "processed")
      const text = callback.raw.toString("utf8")
      expect(text).toContain("\\/")
      expect(text).toContain("\\u0417\\u0430\\u043c") // "Зам"

      const result = await phpProvider.getWebhookActionAndData(payloadOf(callback))

      expect(result.action).toBe(PaymentActions.SUCCESSFUL)
      expect(result.paycore!.invoice.attributes).toMatchObject({ description: "Замовлення cart_01ABC" })

      // PayCore writes an empty object as [] (PHP cannot tell them apart).
      const { raw, payload } = currentStateSigned(invoiceId, sandbox.config.testPrivateKey, (document) => {
        document.data.attributes.metadata = {}
      })
      expect(raw).toContain('"metadata":[]')
      expect(raw).toContain('"flow_data":[]')

      const empty = await phpProvider.getWebhookActionAndData(payload)

      expect(empty).toMatchObject({ action: PaymentActions.SUCCESSFUL, data: { session_id: input.data.session_id } })
      expect(empty.paycore!.invoice.attributes.metadata).toEqual({})
    })

    it("takes the first X-Signature when Node hands over an array", async () => {
      const { sessionId, invoiceId } = await initiated()
      const { raw } = currentStateSigned(invoiceId)

      const result = await provider.getWebhookActionAndData(
        webhookPayload(raw, { "x-signature": [signPaycoreBody(raw, sandbox.config.testPrivateKey)] })
      )

      expect(result.data?.session_id).toBe(sessionId)
    })
  })

  describe("refuses, with the paycore_callback_rejected marker", () => {
    it("a callback without a signature (unauthorized)", async () => {
      const { raw } = currentStateSigned((await initiated()).invoiceId)

      const missing = await rejection(webhookPayload(raw), MedusaError.Types.UNAUTHORIZED)
      const empty = await rejection(webhookPayload(raw, { "x-signature": "  " }), MedusaError.Types.UNAUTHORIZED)

      expect(missing.message).toContain("missing_signature")
      expect(empty.message).toContain("missing_signature")
    })

    it("a callback with a wrong signature (unauthorized)", async () => {
      const { raw } = currentStateSigned((await initiated()).invoiceId)

      const error = await rejection(signedPayload(raw, "sk_test_somebody_else"), MedusaError.Types.UNAUTHORIZED)

      expect(error.message).toContain("invalid_signature")
    })

    it("a body altered after signing (unauthorized)", async () => {
      const { invoiceId } = await initiated(49.9)
      sandbox.payInvoice(invoiceId)
      const callback = await delivered(invoiceId, "processed")
      const altered = Buffer.from(
        callback.raw.toString("utf8").replace('"processed_amount":49.9', '"processed_amount":4990')
      )
      expect(altered.equals(callback.raw)).toBe(false)

      const error = await rejection(
        webhookPayload(altered, callback.headers as Record<string, unknown>),
        MedusaError.Types.UNAUTHORIZED
      )

      expect(error.message).toContain("invalid_signature")
    })

    it("a body re-serialised by a JSON parser (unauthorized): only the raw bytes are signed", async () => {
      const { invoiceId } = await initiated()
      sandbox.payInvoice(invoiceId)
      const callback = await delivered(invoiceId, "processed")
      const reserialised = JSON.stringify(JSON.parse(callback.raw.toString("utf8")))

      await rejection(
        webhookPayload(reserialised, callback.headers as Record<string, unknown>),
        MedusaError.Types.UNAUTHORIZED
      )
    })

    it("a test invoice signed with the live key while test_mode is on (wrong mode, unauthorized)", async () => {
      const { invoiceId } = await initiated()
      const { payload } = currentStateSigned(invoiceId, sandbox.config.livePrivateKey)

      const error = await rejection(payload, MedusaError.Types.UNAUTHORIZED)

      expect(error.message).toContain("wrong_mode")
    })

    it("takes the mode from the key that verified a body without test_mode, as in PayCore's payout example", async () => {
      const { invoiceId } = await initiated()
      const { payload } = currentStateSigned(invoiceId, sandbox.config.testPrivateKey, (document) => {
        delete document.data.attributes.test_mode
      })

      const result = await provider.getWebhookActionAndData(payload)

      expect(result.paycore!.mode).toBe("test")
    })

    it("a live-signed callback when only the test key is configured (unauthorized)", async () => {
      const { provider: testOnly } = createProvider(sandbox, { livePrivateKey: undefined })
      const { invoiceId } = await initiated()
      const { payload } = currentStateSigned(invoiceId, sandbox.config.livePrivateKey, (document) => {
        document.data.attributes.test_mode = false
      })

      const error = await expectMedusaError(testOnly.getWebhookActionAndData(payload), MedusaError.Types.UNAUTHORIZED)

      expect(error.message).toContain(`${PAYCORE_CALLBACK_REJECTED}: invalid_signature`)
    })

    it("no raw body at all (unauthorized)", async () => {
      const error = await rejection(
        { data: {}, rawData: undefined as never, headers: {} },
        MedusaError.Types.UNAUTHORIZED
      )

      expect(error.message).toContain("no raw body")
    })

    it("a correctly signed body that is not JSON (invalid_data)", async () => {
      const error = await rejection(
        signedPayload('{"data":{"type":"payment-invoices",', sandbox.config.testPrivateKey),
        MedusaError.Types.INVALID_DATA
      )

      expect(error.message).toContain("malformed_body")
    })

    it("a correctly signed JSON body that is not a PayCore resource (invalid_data)", async () => {
      const error = await rejection(
        signedPayload('{"data":{"id":"ref_1"}}', sandbox.config.testPrivateKey),
        MedusaError.Types.INVALID_DATA
      )

      expect(error.message).toContain("malformed_body")
    })

    it("and never repeats a key in its message", async () => {
      const { raw } = currentStateSigned((await initiated()).invoiceId)
      const messages: string[] = []
      for (const payload of [
        webhookPayload(raw),
        signedPayload(raw, "sk_test_other"),
        signedPayload("{", sandbox.config.testPrivateKey),
      ]) {
        messages.push(await provider.getWebhookActionAndData(payload).then(String, (error: Error) => error.message))
      }

      for (const secret of [sandbox.config.testPrivateKey, sandbox.config.livePrivateKey, sandbox.config.apiKey]) {
        expect(messages.join("\n")).not.toContain(secret)
      }
    })
  })
})
