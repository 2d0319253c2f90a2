import { createHash } from "node:crypto"
import type { SandboxConfig } from "./config"
import type { SandboxCore } from "./core"
import { ApiError, apiErrors } from "./errors"
import { randomAlphanumeric } from "./ids"
import type { CardSnapshot, InvoiceCardOptions, PaymentInvoice, SavedCard } from "./state"
import { type CardOutcome, TEST_CARDS, cardBrand, cardOutcome, maskCardNumber, parseExpiry } from "./test-cards"
import type { Problems } from "./validation"

/**
 * Saved cards, PayCore's card tokens (../shared/docs/paycore-api-addendum.md §1; docs/paycore-notes.md, "Payment
 * invoices"; README "Saved cards (tokens)"):
 * - a Private API invoice with `gateway_options.cardgate.tokenize: true` and `customer.reference_id`, paid by card,
 *   saves the card: `payload.token` and `payload.payment_card` (2-digit expiry strings, an issuer);
 * - `token` + the same `customer.reference_id` + `gateway_options.cardgate.instant: true` charges it
 *   (`tokenChargeFlow`); `token` without `instant` opens the hosted page with the card pre-filled, asking for the CVV;
 * - a token that cannot be used is refused as `tokenRefusal` says; an expired card fails with `card_expired`.
 * One token per mode, customer reference and card number; it lasts until the card expires (no deletion endpoint:
 * the sandbox's controls revoke or expire it).
 */

/** Length of a new token: PayCore's published tokens have 32 and 39 characters of [A-Za-z0-9]. */
export const TOKEN_LENGTH = 40

/**
 * `issuer_name` / `issuer_country` of saved cards: the values of PayCore's tokenisation example (test card
 * 5123 81…), used for every test card.
 */
export const SAVED_CARD_ISSUER = { name: "FIRST DATA CORPORATION", country: "US" } as const

/** Resolutions of a token charge that cannot happen. `card_expired` is PayCore's; `invalid_card` the sandbox's. */
export const TOKEN_REFUSED_RESOLUTION = "invalid_card"
export const CARD_EXPIRED_RESOLUTION = "card_expired"

/** Identifies a card number without keeping it. */
export function cardFingerprint(cardNumber: string): string {
  return createHash("sha256").update(cardNumber).digest("hex")
}

/** `payload.payment_card` as PayCore's tokenisation example writes it: 2-digit `expiry_year`, an issuer. */
export function savedCardSnapshot(
  cardNumber: string,
  holder: string | null,
  month: string,
  year2: string
): CardSnapshot {
  return {
    first: cardNumber.slice(0, 6),
    last: cardNumber.slice(-4),
    mask: maskCardNumber(cardNumber),
    brand: cardBrand(cardNumber),
    holder,
    expiry_month: month,
    expiry_year: year2,
    issuer_name: SAVED_CARD_ISSUER.name,
    issuer_country: SAVED_CARD_ISSUER.country,
  }
}

export function customerReference(customer: Record<string, unknown> | null | undefined): string | null {
  const ref = customer?.reference_id
  return typeof ref === "string" && ref !== "" ? ref : null
}

/** A successful card payment of this invoice saves the card (tokenize + customer.reference_id, not a token payment). */
export function tokenizes(inv: PaymentInvoice): boolean {
  const options = inv.cardOptions
  return !!options && options.tokenize && !options.token && customerReference(inv.customer) !== null
}

/** True when the card's expiry month is over at `nowMs` (a card is valid to the end of its expiry month). */
export function cardExpired(card: Pick<CardSnapshot, "expiry_month" | "expiry_year">, nowMs: number): boolean {
  const year = 2000 + Number(card.expiry_year.slice(-2))
  const month = Number(card.expiry_month)
  const now = new Date(nowMs)
  const thisYear = now.getUTCFullYear()
  return year < thisYear || (year === thisYear && month < now.getUTCMonth() + 1)
}

function findActive(
  core: SandboxCore,
  testMode: boolean,
  customer: string,
  fingerprint: string
): SavedCard | undefined {
  for (const saved of core.store.savedCards.values()) {
    if (
      !saved.revoked &&
      saved.testMode === testMode &&
      saved.customerReferenceId === customer &&
      saved.fingerprint === fingerprint
    ) {
      return saved
    }
  }
  return undefined
}

function newToken(core: SandboxCore): string {
  for (;;) {
    const token = randomAlphanumeric(TOKEN_LENGTH)
    if (!core.store.savedCards.has(token)) return token
  }
}

export interface SaveCardInput {
  testMode: boolean
  customerReferenceId: string
  fingerprint: string
  card: CardSnapshot
  sourceInvoiceId: string | null
  /** A chosen token (controls); default a new random one. */
  token?: string
}

/**
 * Saves a card, or refreshes the card already saved for this mode, customer and card number (same token; holder and
 * expiry of the latest payment). A revoked token stays revoked: the card gets a new one.
 */
export function saveCard(core: SandboxCore, input: SaveCardInput): SavedCard {
  const now = core.clock.now()
  const existing = findActive(core, input.testMode, input.customerReferenceId, input.fingerprint)
  if (existing) {
    existing.card = { ...input.card }
    existing.updated = now
    core.save()
    return existing
  }
  const saved: SavedCard = {
    token: input.token ?? newToken(core),
    testMode: input.testMode,
    customerReferenceId: input.customerReferenceId,
    fingerprint: input.fingerprint,
    card: { ...input.card },
    revoked: false,
    created: now,
    updated: now,
    sourceInvoiceId: input.sourceInvoiceId,
  }
  core.store.savedCards.set(saved.token, saved)
  core.save()
  return saved
}

/** Saves the card of an invoice that has just been paid, when it asked for it; returns the token to show. */
export function tokenizeOnSuccess(core: SandboxCore, inv: PaymentInvoice): string | null {
  if (!tokenizes(inv) || !inv.card || !inv.cardFingerprint) return inv.token ?? null
  return saveCard(core, {
    testMode: inv.testMode,
    customerReferenceId: customerReference(inv.customer)!,
    fingerprint: inv.cardFingerprint,
    card: inv.card,
    sourceInvoiceId: inv.id,
  }).token
}

export type TokenCheck =
  | { kind: "usable"; saved: SavedCard }
  | { kind: "expired"; saved: SavedCard }
  | { kind: "refused"; message: string; saved: SavedCard | null }

/** Can `token` pay an invoice of this customer reference and mode now? */
export function checkToken(
  core: SandboxCore,
  token: string,
  customerReferenceId: string | null,
  testMode: boolean
): TokenCheck {
  const saved = core.store.savedCards.get(token)
  if (!saved) return { kind: "refused", message: "token is not a saved card of this account", saved: null }
  if (saved.testMode !== testMode) {
    const mode = (test: boolean) => (test ? "test" : "live")
    return {
      kind: "refused",
      message: `token was saved in ${mode(saved.testMode)} mode; this invoice is in ${mode(testMode)} mode`,
      saved: null,
    }
  }
  if (saved.customerReferenceId !== customerReferenceId) {
    return { kind: "refused", message: "token was saved for another customer.reference_id", saved: null }
  }
  if (saved.revoked) return { kind: "refused", message: "token has been revoked", saved }
  if (cardExpired(saved.card, core.clock.nowMs())) return { kind: "expired", saved }
  return { kind: "usable", saved }
}

/** `tokenRefusal: "create_422"`: the create answer for a token that cannot be used. */
export function tokenRefusedError(message: string): ApiError {
  return apiErrors.validation([{ code: "invalid_token", field: "token", message }])
}

/** What charging the saved card does: the test-card table, with the saved expiry. */
export function savedCardOutcome(saved: SavedCard): CardOutcome {
  const testCard = TEST_CARDS.find((card) => cardFingerprint(card.number) === saved.fingerprint)
  if (!testCard) return { kind: "unknown_card" }
  return cardOutcome(testCard.number, saved.card.expiry_month + saved.card.expiry_year.slice(-2))
}

/** The saved card an invoice pays with (`token`), if it exists. */
export function savedCardOf(core: SandboxCore, inv: PaymentInvoice): SavedCard | undefined {
  const token = inv.cardOptions?.token
  return token ? core.store.savedCards.get(token) : undefined
}

// ---- request attributes ------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
}

const RECURRENT_MESSAGE =
  "is no longer accepted (since 2020-11-03): charge a saved card with token and gateway_options.cardgate.instant"

/**
 * `token`, `gateway_options.cardgate.{tokenize, instant, restrict_saved_cards}` and the refused `recurrent` of a
 * Private API create. Problems go to `problems`; null when the request uses none of them.
 */
export function readCardOptions(
  config: SandboxConfig,
  attrs: Record<string, unknown>,
  problems: Problems
): InvoiceCardOptions | null {
  if (attrs.recurrent !== undefined) problems.add("recurrent", "not_allowed", `recurrent ${RECURRENT_MESSAGE}`)
  // PHP clients write an empty object as [] (README "Body encoding"): taken as {}.
  const object = (value: unknown) => (Array.isArray(value) && value.length === 0 ? {} : value)
  let cardgate: Record<string, unknown> = {}
  const gateway = object(attrs.gateway_options)
  if (gateway !== undefined && gateway !== null && !isRecord(gateway)) {
    problems.add("gateway_options", "invalid_type", "gateway_options must be an object")
  } else if (isRecord(gateway) && gateway.cardgate !== undefined && gateway.cardgate !== null) {
    const value = object(gateway.cardgate)
    if (isRecord(value)) cardgate = value
    else problems.add("gateway_options.cardgate", "invalid_type", "gateway_options.cardgate must be an object")
  }
  if (cardgate.recurrent !== undefined) {
    problems.add("gateway_options.cardgate.recurrent", "not_allowed", `recurrent ${RECURRENT_MESSAGE}`)
  }
  const flag = (key: string): boolean | null => {
    const value = cardgate[key]
    if (value === undefined || value === null) return null
    if (typeof value === "boolean") return value
    problems.add(`gateway_options.cardgate.${key}`, "invalid_type", `gateway_options.cardgate.${key} must be a boolean`)
    return null
  }
  const tokenize = flag("tokenize") ?? false
  const instant = flag("instant") ?? false
  const restrictSavedCards = flag("restrict_saved_cards")

  let token: string | null = null
  if (attrs.token !== undefined && attrs.token !== null) {
    if (typeof attrs.token === "string" && attrs.token !== "") token = attrs.token
    else problems.add("token", "invalid_type", "token must be a non-empty string")
  }
  if (instant && token === null && attrs.token == null) {
    problems.add("token", "required", "token is required with gateway_options.cardgate.instant")
  }
  if (token !== null) {
    // A customer without reference_id is already a problem of the customer schema.
    if (!isRecord(attrs.customer)) {
      problems.add(
        "customer.reference_id",
        "required",
        "customer.reference_id is required with token: the token belongs to the customer it was saved for"
      )
    }
    const code = typeof attrs.service === "string" && attrs.service !== "" ? attrs.service : null
    const service = code ? config.paymentServices.find((s) => s.code === code) : undefined
    if (!code) {
      problems.add("service", "required", "service is required with token (a payment_card service)")
    } else if (service && service.method !== "payment_card") {
      problems.add("service", "invalid", `a token pays by card: ${code} is not a payment_card service`)
    }
  }
  if (!tokenize && !instant && token === null && restrictSavedCards === null) return null
  return { tokenize, restrictSavedCards, token, instant }
}

// ---- controls ----------------------------------------------------------------------------------------------

/** A saved card as the controls list it (camelCase, like the rest of `/_sandbox/`). */
export interface SavedCardInfo {
  token: string
  customerReferenceId: string
  mode: "test" | "live"
  testMode: boolean
  mask: string
  brand: string
  holder: string | null
  expiryMonth: string
  expiryYear: string
  revoked: boolean
  expired: boolean
  created: number
  updated: number
  sourceInvoiceId: string | null
}

export function savedCardInfo(core: SandboxCore, saved: SavedCard): SavedCardInfo {
  return {
    token: saved.token,
    customerReferenceId: saved.customerReferenceId,
    mode: saved.testMode ? "test" : "live",
    testMode: saved.testMode,
    mask: saved.card.mask,
    brand: saved.card.brand,
    holder: saved.card.holder,
    expiryMonth: saved.card.expiry_month,
    expiryYear: saved.card.expiry_year,
    revoked: saved.revoked,
    expired: cardExpired(saved.card, core.clock.nowMs()),
    created: saved.created,
    updated: saved.updated,
    sourceInvoiceId: saved.sourceInvoiceId,
  }
}

export function requireSavedCard(core: SandboxCore, token: string): SavedCard {
  const saved = core.store.savedCards.get(token)
  if (!saved) throw apiErrors.notFound(`Token ${token} not found`)
  return saved
}

/** Sets the card's expiry to the month before the sandbox clock's month (a card that is already expired stays). */
export function expireSavedCard(core: SandboxCore, saved: SavedCard): void {
  const nowMs = core.clock.nowMs()
  if (cardExpired(saved.card, nowMs)) return
  const now = new Date(nowMs)
  let year = now.getUTCFullYear()
  let month = now.getUTCMonth() // the previous month, 1-based
  if (month === 0) {
    month = 12
    year -= 1
  }
  saved.card = {
    ...saved.card,
    expiry_month: String(month).padStart(2, "0"),
    expiry_year: String(year % 100).padStart(2, "0"),
  }
  saved.updated = core.clock.now()
  core.save()
}

export interface SaveCardTokenInput {
  customerReferenceId: string
  /** One of PayCore's test cards (spaces allowed). */
  cardNumber: string
  /** `MM/YY` */
  expiry: string
  holder?: string | null
  /** Default true. */
  testMode?: boolean
  /** [A-Za-z0-9]{16,64}; default a new random token. */
  token?: string
}

/** The controls' way to save a card without a payment (e.g. PayCore's published token, for a verbatim request). */
export function saveCardFromControls(core: SandboxCore, input: SaveCardTokenInput): SavedCard {
  const number = typeof input.cardNumber === "string" ? input.cardNumber.replace(/[\s-]/g, "") : ""
  const expiry = typeof input.expiry === "string" ? parseExpiry(input.expiry) : null
  const codes: { code: string; field: string; message: string }[] = []
  if (typeof input.customerReferenceId !== "string" || input.customerReferenceId === "") {
    codes.push({ code: "required", field: "customerReferenceId", message: "customerReferenceId is required" })
  }
  if (!TEST_CARDS.some((card) => card.number === number)) {
    codes.push({ code: "invalid", field: "cardNumber", message: "cardNumber must be one of PayCore's test cards" })
  }
  if (!expiry) codes.push({ code: "invalid", field: "expiry", message: "expiry must be MM/YY" })
  if (input.holder !== undefined && input.holder !== null && typeof input.holder !== "string") {
    codes.push({ code: "invalid_type", field: "holder", message: "holder must be a string" })
  }
  if (input.testMode !== undefined && typeof input.testMode !== "boolean") {
    codes.push({ code: "invalid_type", field: "testMode", message: "testMode must be a boolean" })
  }
  if (input.token !== undefined && (typeof input.token !== "string" || !/^[A-Za-z0-9]{16,64}$/.test(input.token))) {
    codes.push({ code: "invalid", field: "token", message: "token must be 16 to 64 letters and digits" })
  }
  if (codes.length > 0) throw apiErrors.validation(codes)
  const testMode = input.testMode ?? true
  const fingerprint = cardFingerprint(number)
  const existing = findActive(core, testMode, input.customerReferenceId, fingerprint)
  if (input.token !== undefined) {
    const taken = core.store.savedCards.get(input.token)
    if (taken && taken !== existing)
      throw apiErrors.invalid("token", "duplicate", "token is already used by another card")
    if (existing && existing.token !== input.token) {
      throw apiErrors.invalid(
        "token",
        "mismatch",
        `this card is already saved for this customer and mode with token ${existing.token}`
      )
    }
  }
  return saveCard(core, {
    testMode,
    customerReferenceId: input.customerReferenceId,
    fingerprint,
    card: savedCardSnapshot(number, input.holder?.trim() || null, expiry!.month, expiry!.year2),
    sourceInvoiceId: null,
    token: input.token,
  })
}
