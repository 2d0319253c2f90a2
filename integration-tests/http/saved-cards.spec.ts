// Saved cards (#17) on the real app and the sandbox: a logged-in customer who consents saves the card PayCore
// tokenises, pays the next cart with it, and deletes it; nobody else sees or uses it; test tokens stay sealed.
import type { AxiosInstance } from "axios"
import Medusa from "@medusajs/js-sdk"
import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { PAYCORE_PROVIDER_ID, seedDemoData, type DemoSeedResult } from "../../demo/seed"
import { PAYCORE_MODULE } from "../../src/modules/paycore"
import { tokenToPay } from "../../src/saved-cards/vault"
import { createPaycoreCheckout, type PaycoreCheckout } from "../../src/storefront"
import { adminHeaders } from "../helpers/admin"
import { giveCartTo, loggedInCustomer, type LoggedInCustomer } from "../helpers/customer"
import { payOnHpp, TEST_CARDS } from "../helpers/hpp"
import { eventually, ordersForCart, paymentSession } from "../helpers/medusa-state"
import { RETURN_URL, usePaycoreSandbox } from "../helpers/paycore-sandbox"
import { storeClient, type StoreClient } from "../helpers/store-flow"

jest.setTimeout(180 * 1000)

const sandbox = usePaycoreSandbox()
const cpiOf = (url: string) => new URL(url).searchParams.get("cpi")!

paycoreIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let seed: DemoSeedResult
    let store: StoreClient
    let checkout: PaycoreCheckout

    beforeEach(async () => {
      sandbox.current.reset()
      sandbox.current.updateConfig({ tokenChargeFlow: "sync", tokenRefusal: "create_422" })
      seed = await seedDemoData(getContainer())
      store = storeClient(api, seed)
      const sdk = new Medusa({
        baseUrl: String(api.defaults.baseURL),
        publishableKey: seed.publishableKey,
        auth: { type: "jwt", jwtTokenStorageMethod: "nostore" },
      })
      checkout = createPaycoreCheckout({ sdk })
    })

    const paycore = () => getContainer().resolve(PAYCORE_MODULE) as any

    /** A cart of the customer's, ready for payment. */
    async function customersCart(customer: LoggedInCustomer) {
      const cart = await store.cartReadyForPayment("usd", 1, customer.email)
      await giveCartTo(api as AxiosInstance, cart.id, customer)
      return cart
    }

    /** A PayCore session for the cart that pays with a saved card, created as `who`: the raw answer. */
    async function payWithCardAs(who: LoggedInCustomer, cartId: string, savedCardId: string) {
      const { data } = await store.call("post", "/store/payment-collections", { cart_id: cartId })
      return api.post(
        `/store/payment-collections/${data.payment_collection.id}/payment-sessions`,
        { provider_id: PAYCORE_PROVIDER_ID, data: { saved_card_id: savedCardId } },
        { headers: who.headers, validateStatus: () => true }
      )
    }

    /** A card the customer saved earlier: a token at PayCore and its sealed copy here (Medusa's savePaymentMethod). */
    async function savedCardOf(customer: LoggedInCustomer, expiry = "12/30") {
      const token = sandbox.current.saveCardToken({
        customerReferenceId: customer.id,
        cardNumber: TEST_CARDS.success.number,
        expiry,
      })
      const [month, year] = expiry.split("/")
      const method = await getContainer()
        .resolve(Modules.PAYMENT)
        .createPaymentMethods({
          provider_id: PAYCORE_PROVIDER_ID,
          data: {
            invoice_id: "cpi_earlierPayment",
            token: token.token,
            payment_card: { last: "0000", brand: "mastercard", expiry_month: month, expiry_year: year },
          },
          context: { account_holder: { data: { customer_reference: customer.id } } } as any,
        })
      return { id: method.id, token: token.token }
    }

    it("saves the card of a logged-in customer who consents, from PayCore's callback, sealed; the store shows brand, last 4 and expiry only", async () => {
      const customer = await loggedInCustomer(api as AxiosInstance, seed, "saver@paycore-tests.com")
      const cart = await customersCart(customer)
      const started = await checkout.startPayment(cart.id, {
        returnUrl: RETURN_URL,
        saveCard: true,
        headers: customer.headers,
      })
      expect(started.next).toBe("redirect")
      const invoiceId = cpiOf(started.redirectUrl)
      const request = sandbox.current.getInvoiceState(invoiceId).invoice as any
      expect(request.cardOptions).toMatchObject({ tokenize: true, token: null, instant: false })
      expect(request).toMatchObject({ customer: { reference_id: customer.id }, service: "payment_card_usd_hpp" })

      await payOnHpp(started.redirectUrl, TEST_CARDS.success)
      await eventually(async () => (await ordersForCart(getContainer(), cart.id)).length === 1)
      const cards = await eventually(async () => {
        const answer = await api.get("/store/paycore/saved-cards", { headers: customer.headers })
        return answer.data.saved_cards.length ? answer.data.saved_cards : undefined
      })
      expect(cards).toEqual([
        {
          id: expect.stringMatching(/^pcsc_/),
          provider_id: PAYCORE_PROVIDER_ID,
          brand: "mastercard",
          last4: "0000",
          expiry_month: "12",
          expiry_year: "30",
          expired: false,
        },
      ])

      const [token] = sandbox.current.listTokens({ customerReferenceId: customer.id })
      const [row] = await paycore().listPaycoreSavedCards({ id: cards[0].id })
      expect(row.sealed_token).not.toContain(token.token)
      const session = await paymentSession(getContainer(), started.sessionId)
      expect(JSON.stringify(session)).not.toContain(token.token)
      expect(session.data).toMatchObject({ paycore_save_card: true, paycore_customer_id: customer.id })
      const { data: payments } = await getContainer()
        .resolve(ContainerRegistrationKeys.QUERY)
        .graph({ entity: "payment", fields: ["data"], filters: { id: session.payment.id } })
      expect(JSON.stringify(payments)).not.toContain(token.token)
    })

    it("pays the next cart with the saved card without PayCore's page: the token, the same customer reference, instant; one order", async () => {
      const customer = await loggedInCustomer(api as AxiosInstance, seed, "returning@paycore-tests.com")
      const card = await savedCardOf(customer)
      const cart = await customersCart(customer)

      const started = await checkout.startPayment(cart.id, {
        returnUrl: RETURN_URL,
        savedCardId: card.id,
        headers: customer.headers,
      })
      expect(started.next).toBe("return")
      const invoiceId = cpiOf(started.redirectUrl)
      expect(sandbox.current.getInvoiceState(invoiceId).invoice).toMatchObject({
        cardOptions: { tokenize: false, token: card.token, instant: true },
        customer: { reference_id: customer.id },
        service: "payment_card_usd_hpp",
        status: "processed",
      })
      const answer = await checkout.readReturn(cart.id, { headers: customer.headers })
      expect(answer.state).toBe("order")
      await eventually(async () => sandbox.current.callbackLog().length > 0 || undefined)
      expect(await ordersForCart(getContainer(), cart.id)).toHaveLength(1)
      const [row] = await paycore().listPaycoreSavedCards({ id: card.id })
      expect(row.last_used_at).not.toBeNull()
    })

    it.each([
      ["processing, then a callback", "async", "return"],
      ["created, for the CVV on PayCore's page", "hpp", "redirect"],
    ] as const)(
      "makes one order when PayCore answers a saved card's charge %s",
      async (_answer, tokenChargeFlow, next) => {
        sandbox.current.updateConfig({ tokenChargeFlow })
        const customer = await loggedInCustomer(api as AxiosInstance, seed, `${tokenChargeFlow}@paycore-tests.com`)
        const card = await savedCardOf(customer)
        const cart = await customersCart(customer)
        const started = await checkout.startPayment(cart.id, {
          returnUrl: RETURN_URL,
          savedCardId: card.id,
          headers: customer.headers,
        })
        expect(started.next).toBe(next)
        if (next === "redirect") await payOnHpp(started.redirectUrl, TEST_CARDS.success)
        const answer = await eventually(async () => {
          const read = await checkout.readReturn(cart.id, { headers: customer.headers })
          return read.state === "order" ? read : undefined
        })
        expect(answer.state).toBe("order")
        expect(await ordersForCart(getContainer(), cart.id)).toHaveLength(1)
      }
    )

    it("stops offering a saved card whose charge PayCore declines as invalid_card (tokenRefusal invoice_failed)", async () => {
      sandbox.current.updateConfig({ tokenRefusal: "invoice_failed" })
      const customer = await loggedInCustomer(api as AxiosInstance, seed, "declined@paycore-tests.com")
      const card = await savedCardOf(customer)
      sandbox.current.revokeTokens({ token: card.token })
      const cart = await customersCart(customer)
      const started = await checkout.startPayment(cart.id, {
        returnUrl: RETURN_URL,
        savedCardId: card.id,
        headers: customer.headers,
      })
      expect(started.next).toBe("return")
      const answer = await checkout.readReturn(cart.id, { headers: customer.headers })
      expect(answer).toMatchObject({ state: "failed", resolution: "invalid_card" })
      await eventually(async () => {
        const [row] = await paycore().listPaycoreSavedCards({ id: card.id })
        return row.unusable_reason === "declined by PayCore: invalid_card"
      })
      expect(await checkout.listSavedCards({ headers: customer.headers })).toEqual([])
    })

    it("does not charge a saved card twice for one cart while its first payment is pending (a double click)", async () => {
      sandbox.current.updateConfig({ tokenChargeFlow: "hpp" })
      const customer = await loggedInCustomer(api as AxiosInstance, seed, "double@paycore-tests.com")
      const card = await savedCardOf(customer)
      const cart = await customersCart(customer)
      await checkout.startPayment(cart.id, { returnUrl: RETURN_URL, savedCardId: card.id, headers: customer.headers })
      const again = await payWithCardAs(customer, cart.id, card.id)
      expect(again.status).toBe(400)
      expect(again.data.message).toMatch(/^saved_card_id: this card is already paying this cart/)
      expect(sandbox.current.listTokens({ customerReferenceId: customer.id })).toHaveLength(1)
    })

    it("saves nothing without consent, refuses a guest's consent, and a customer sees and uses only their own cards", async () => {
      const owner = await loggedInCustomer(api as AxiosInstance, seed, "owner@paycore-tests.com")
      const other = await loggedInCustomer(api as AxiosInstance, seed, "other@paycore-tests.com")
      const card = await savedCardOf(owner)

      // Logged in, no consent: nothing asked of PayCore, nothing saved.
      const cart = await customersCart(other)
      const plain = await checkout.startPayment(cart.id, { returnUrl: RETURN_URL, headers: other.headers })
      const plainRequest = sandbox.current.getInvoiceState(cpiOf(plain.redirectUrl)).invoice as any
      expect(plainRequest.cardOptions?.tokenize ?? false).toBe(false)
      await payOnHpp(plain.redirectUrl, TEST_CARDS.success)
      await eventually(async () => (await ordersForCart(getContainer(), cart.id)).length === 1)
      expect((await api.get("/store/paycore/saved-cards", { headers: other.headers })).data.saved_cards).toEqual([])

      // A guest: 401 naming the field, no invoice.
      const guestCart = await store.cartReadyForPayment("usd")
      const guest = await store.startPaycorePayment(guestCart.id, { save_card: true })
      expect(guest.status).toBe(401)
      expect(guest.error.message).toBe("save_card: log in to save or use a card")
      expect(
        (
          await api.get("/store/paycore/saved-cards", {
            validateStatus: () => true,
            headers: { "x-publishable-api-key": seed.publishableKey },
          })
        ).status
      ).toBe(401)

      // Someone else's card: not listed, not usable (404 naming the field), not deletable.
      const otherCart = await customersCart(other)
      const stolen = await payWithCardAs(other, otherCart.id, card.id)
      expect(stolen.status).toBe(404)
      expect(stolen.data.message).toBe(`saved_card_id: no saved card ${card.id} for this customer`)
      const deleted = await api.delete(`/store/paycore/saved-cards/${card.id}`, {
        headers: other.headers,
        validateStatus: () => true,
      })
      expect(deleted.status).toBe(404)
      // Nor on another customer's cart, even with one's own card.
      const ownersOnOthersCart = await payWithCardAs(owner, otherCart.id, card.id)
      expect(ownersOnOthersCart.status).toBe(400)
      expect(ownersOnOthersCart.data.message).toBe("saved_card_id: the cart is not this customer's")
      expect((await api.get("/store/paycore/saved-cards", { headers: owner.headers })).data.saved_cards).toHaveLength(1)
    })

    it("never opens a test token for a live provider", async () => {
      const customer = await loggedInCustomer(api as AxiosInstance, seed, "modes@paycore-tests.com")
      const card = await savedCardOf(customer)
      const live = { accountId: sandbox.current.config.accountId, testMode: false, key: "x".repeat(44) }
      await expect(tokenToPay(paycore(), live, customer.id, card.id)).rejects.toThrow(
        `saved_card_id: no saved card ${card.id} for this customer`
      )
    })

    it("stops offering a card PayCore refuses (revoked token) or that expired, with a 400 naming saved_card_id", async () => {
      const customer = await loggedInCustomer(api as AxiosInstance, seed, "revoked@paycore-tests.com")
      const card = await savedCardOf(customer)
      sandbox.current.revokeTokens({ token: card.token })
      const cart = await customersCart(customer)
      const refused = await payWithCardAs(customer, cart.id, card.id)
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/^saved_card_id: PayCore refused this saved card \(HTTP 422/)
      expect((await api.get("/store/paycore/saved-cards", { headers: customer.headers })).data.saved_cards).toEqual([])

      const expired = await savedCardOf(customer, "01/24")
      const listed = (await api.get("/store/paycore/saved-cards", { headers: customer.headers })).data.saved_cards
      expect(listed).toEqual([expect.objectContaining({ id: expired.id, expired: true })])
      const tooLate = await checkout
        .startPayment(cart.id, { returnUrl: RETURN_URL, savedCardId: expired.id, headers: customer.headers })
        .catch((error) => error)
      expect(tooLate.message).toBe("saved_card_id: the card expired (01/24); pay with a new card")
    })

    it("deletes a card and its stored token: by the customer, by an admin (recorded), and with the customer", async () => {
      const customer = await loggedInCustomer(api as AxiosInstance, seed, "deleter@paycore-tests.com")
      const first = await savedCardOf(customer)
      expect(await checkout.listSavedCards({ headers: customer.headers })).toHaveLength(1)
      await checkout.deleteSavedCard(first.id, { headers: customer.headers })
      expect(await checkout.listSavedCards({ headers: customer.headers })).toEqual([])
      const [wiped] = await paycore().listPaycoreSavedCards({ id: first.id }, { withDeleted: true })
      expect(wiped).toMatchObject({ sealed_token: "", deleted_by: `customer:${customer.id}` })

      const { headers: admin } = await adminHeaders(api as AxiosInstance, getContainer())
      const second = await savedCardOf(customer, "11/31")
      const listed = await api.get(`/admin/paycore/customers/${customer.id}/saved-cards`, { headers: admin })
      expect(listed.data.saved_cards).toEqual([
        expect.objectContaining({ id: second.id, last4: "0000", test_mode: true, unusable_reason: null }),
      ])
      expect(JSON.stringify(listed.data)).not.toContain(second.token)
      await api.delete(`/admin/paycore/saved-cards/${second.id}`, { headers: admin })
      const [byAdmin] = await paycore().listPaycoreSavedCards({ id: second.id }, { withDeleted: true })
      expect(byAdmin.deleted_by).toMatch(/^admin:user_/)

      const third = await savedCardOf(customer, "10/31")
      await api.delete(`/admin/customers/${customer.id}`, { headers: admin })
      await eventually(async () => {
        const [row] = await paycore().listPaycoreSavedCards({ id: third.id }, { withDeleted: true })
        return row.deleted_at && row.sealed_token === "" && row.deleted_by === "system:customer deleted"
      })
    })

    it("implements Medusa's account holder and payment method methods: a holder for a logged-in customer, list, delete", async () => {
      const customer = await loggedInCustomer(api as AxiosInstance, seed, "holder@paycore-tests.com")
      const cart = await customersCart(customer)
      await checkout.startPayment(cart.id, { returnUrl: RETURN_URL, headers: customer.headers })
      const { data } = await getContainer()
        .resolve(ContainerRegistrationKeys.QUERY)
        .graph({ entity: "customer", fields: ["account_holders.*"], filters: { id: customer.id } })
      const holder = (data[0] as any).account_holders[0]
      expect(holder).toMatchObject({ provider_id: PAYCORE_PROVIDER_ID, external_id: customer.id })
      expect(holder.data).toEqual({ id: customer.id, customer_reference: customer.id })

      const card = await savedCardOf(customer)
      const payment = getContainer().resolve(Modules.PAYMENT)
      const methods = await payment.listPaymentMethods({
        provider_id: PAYCORE_PROVIDER_ID,
        context: { account_holder: holder },
      })
      expect(methods).toEqual([
        {
          id: card.id,
          provider_id: PAYCORE_PROVIDER_ID,
          data: {
            id: card.id,
            brand: "mastercard",
            last4: "0000",
            expiry_month: "12",
            expiry_year: "30",
            expired: false,
          },
        },
      ])
      await payment.deleteAccountHolder(holder.id)
      expect(await checkout.listSavedCards({ headers: customer.headers })).toEqual([])
    })
  },
})
