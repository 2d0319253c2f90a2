import { z } from "zod"
import type { SavedCardSessionFields } from "../../saved-cards/types"

/**
 * What a storefront may put in a payment session's `data` when it creates the session
 * (`POST /store/payment-collections/:id/payment-sessions { provider_id, data }`). Medusa adds `session_id`.
 * Unknown keys are refused by name (a storefront cannot plant `paycore_refunds` or other fields the plugin and the
 * admin read), and so is a wrong value of a known key. `cart_id` is set by the server (api/middlewares.ts), never
 * trusted from the storefront.
 */
export const storefrontSessionDataSchema = z.strictObject({
  session_id: z.string().optional(),
  /** Where PayCore sends the customer back; its host must be in the `allowedReturnHosts` option. */
  return_url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
  cart_id: z.string().max(64).optional(),
  /** The order this session is a payment link of (src/workflows/payment-links); set by the server, like `cart_id`. */
  paycore_order_id: z
    .string()
    .regex(/^order_[A-Za-z0-9]+$/, "must be an order id (order_…)")
    .optional(),
  /** The cart's contact details for PayCore's customer object; set by the server from the cart, like `cart_id`. */
  cart_customer: z
    .strictObject({
      email: z.email().max(255).optional(),
      phone: z.string().max(64).optional(),
      address: z
        .strictObject({
          country: z
            .string()
            .regex(/^[A-Z]{2}$/)
            .optional(),
          region: z.string().max(255).optional(),
          city: z.string().max(255).optional(),
          street: z.string().max(255).optional(),
          post_code: z.string().max(32).optional(),
        })
        .optional(),
    })
    .optional(),
  /** The customer's email for PayCore's receipts (guests have no Medusa customer in the context). */
  email: z.email().max(255).optional(),
  customer_name: z.string().trim().max(255).optional(),
  /** A PayCore service code (from GET /store/paycore/payment-methods) to open directly, skipping the HPP's picker. */
  service: z
    .string()
    .regex(/^[a-z0-9_]{3,100}$/, "must be a PayCore service code such as payment_card_usd_hpp")
    .optional(),
  /** The logged-in customer consents to keep the card this payment uses (PayCore tokenises it). */
  save_card: z.boolean().optional(),
  /** Pay with one of the logged-in customer's saved cards (`GET /store/paycore/saved-cards`). */
  saved_card_id: z
    .string()
    .regex(/^pcsc_[A-Za-z0-9]+$/, "must be a saved card id (pcsc_…)")
    .optional(),
  /** The HPP's language. */
  locale: z.enum(["en", "uk", "ru"]).optional(),
  /** HPP layout switches (PayCore's `display[...]` parameters). */
  display: z
    .strictObject({
      hide_header: z.boolean().optional(),
      hide_footer: z.boolean().optional(),
      hide_progress_bar: z.boolean().optional(),
      hide_method_filter: z.boolean().optional(),
      hide_lifetime_counter: z.boolean().optional(),
    })
    .optional(),
  /** HPP look (PayCore's `style[...]` parameters). */
  style: z
    .strictObject({
      pay_button_label: z.enum(["pay", "subscribe", "donate"]).optional(),
      show_method_logo: z.boolean().optional(),
      theme: z.enum(["light", "dark"]).optional(),
      font_family: z
        .string()
        .max(100)
        .regex(/^[\w ,'"-]+$/, "must be a CSS font family list")
        .optional(),
      primary: z
        .string()
        .regex(/^#[0-9a-fA-F]{3,8}$/, "must be a hex colour such as #1d4ed8")
        .optional(),
      success_color: z
        .string()
        .regex(/^#[0-9a-fA-F]{3,8}$/, "must be a hex colour such as #16a34a")
        .optional(),
    })
    .optional(),
})

export type StorefrontSessionData = z.output<typeof storefrontSessionDataSchema>

/**
 * A storefront's session data checked against the schema: the data, or one message naming every wrong field
 * ("paycore_refunds: is not a field a storefront may set; locale: …"). The store route answers it as a 400.
 */
export function checkStorefrontData(
  data: unknown
): { ok: true; data: StorefrontSessionData } | { ok: false; problems: string } {
  const result = storefrontSessionDataSchema.safeParse(data ?? {})
  if (result.success) return { ok: true, data: result.data }
  const problems = result.error.issues
    .map((issue) =>
      issue.code === "unrecognized_keys"
        ? `${issue.keys.map((key) => [...issue.path, key].join(".")).join(", ")}: is not a field a storefront may set`
        : `${issue.path.join(".")}: ${issue.message}`
    )
    .join("; ")
  return { ok: false, problems }
}

/** The storefront's keys of a stored session's data (which also holds the plugin's own fields). */
export function storefrontPart(data: Record<string, unknown> | undefined): Record<string, unknown> {
  const keys = Object.keys(storefrontSessionDataSchema.shape)
  return Object.fromEntries(Object.entries(data ?? {}).filter(([key]) => keys.includes(key)))
}

/**
 * True for data the plugin stored on a session (it always writes `paycore_reference_id`), which no storefront may
 * send: the store route refuses it by name. Medusa passes such data back to `initiatePayment` when it recreates a
 * session itself (its cart-completion compensation refunds the payment and opens a new session with the old data).
 */
export function isStoredSessionData(data: Record<string, unknown> | undefined): boolean {
  return typeof data?.paycore_reference_id === "string"
}

/**
 * What a new session keeps of an earlier one's data (Medusa's recreate after a refund, a recovered checkout): the
 * customer's choices (return URL, method, language, look, contact), never its id, its consent to save a card, or a
 * saved card (a new invoice would charge that card again without the customer asking).
 */
export function restartedSessionData(previous: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const kept = storefrontPart(previous ?? undefined)
  for (const key of ["session_id", "save_card", "saved_card_id"]) delete kept[key]
  return kept
}

/**
 * The keys of a stored session's (or payment's) data that store API answers show: what a storefront needs to send
 * the customer to PayCore and to explain the outcome. Invoice and reference ids, amounts, the email, the return URL
 * and refunds stay on the server (and in the admin API): `GET /store/orders/:id` answers whoever has the order id.
 */
export const STOREFRONT_VISIBLE_KEYS = [
  "hpp_url",
  "paycore_status",
  "paycore_resolution",
  "paycore_resolution_message",
  "paycore_problem",
  "paycore_previous_payment",
  "test_mode",
  "service",
  "locale",
  "hpp_embed",
] as const

/** A session's data as the store API shows it (see STOREFRONT_VISIBLE_KEYS). */
export function storefrontView(data: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const visible: readonly string[] = STOREFRONT_VISIBLE_KEYS
  const view = Object.fromEntries(Object.entries(data ?? {}).filter(([key]) => visible.includes(key)))
  // Only an invoice that can still be paid is opened embedded; an order's payment keeps its amount to itself.
  if (view.paycore_status !== "created") delete view.hpp_embed
  return view
}

/** A PayCore session's `data` as store API answers show it (what `storefrontView` keeps). */
export type PaycoreStorefrontSessionData = Partial<
  Pick<PaycoreSessionData, Exclude<(typeof STOREFRONT_VISIBLE_KEYS)[number], "service" | "locale">>
> & { service?: string; locale?: string }

/**
 * What the provider stores in `payment_session.data` (merged over the storefront's data). Never a key: the admin
 * API shows all of it; the store API only `storefrontView` of it.
 */
export type PaycoreSessionData = {
  session_id: string
  cart_id?: string
  /** Set on an order's payment link (no cart): paying it captures the order's outstanding amount. */
  paycore_order_id?: string
  /** Unknown until PayCore's first callback in HPP link mode (the invoice is created on PayCore's page). */
  paycore_invoice_id: string
  paycore_reference_id: string
  /**
   * How the invoice was created: by the server (Private API), by PayCore's page from a signed-less link, or by the
   * server with a saved card's token.
   */
  paycore_flow?: "private_api" | "hpp_link" | "token"
  /** 1 for the session's first invoice; a new invoice is made when the session's amount changes. */
  paycore_attempt: number
  /** Send the customer here to pay (PayCore's hosted payment page). */
  hpp_url: string
  /** What PayCore's widget needs to open the same page in an iframe (invoices the server created only). */
  hpp_embed?: PaycoreHppEmbed
  /** Major-unit amount and upper-case currency the invoice was created with. */
  amount: number
  currency: string
  test_mode: boolean
  paycore_status: string
  paycore_resolution?: string | null
  /** The resolution in words a customer can read (English), for the storefront's failure message. */
  paycore_resolution_message?: string | null
  /** PayCore's `updated` (unix seconds) of the state recorded here. */
  paycore_updated?: number | null
  processed_amount?: number | null
  refunded_amount?: number | null
  paycore_refunds?: Array<{ id: string; reference_id: string; amount: number; status: string }>
  /** Why the provider refused to treat a paid invoice as this session's payment. */
  paycore_problem?: string
  /**
   * "refunded" on the session Medusa recreated after refunding the cart's payment (its cart completion failed after
   * the capture): the storefront tells the customer their money went back, instead of waiting for a payment.
   */
  paycore_previous_payment?: "refunded"
  return_url?: string
} & Partial<Pick<StorefrontSessionData, KeptChoice>> &
  SavedCardSessionFields

/** The storefront's choices a session keeps in its data (see `restartedSessionData`), besides those named above. */
type KeptChoice = "email" | "customer_name" | "cart_customer" | "service" | "locale" | "display" | "style"

/**
 * The parameters PayCore's widget (`@paycore/merchant-widget-js`, `widget.init`) requires to open an existing
 * invoice's hosted page (`cpi`) in an iframe: the widget insists on public_key, amount and currency even then.
 */
export type PaycoreHppEmbed = {
  /** The widget's `baseUrl`: PayCore's hosted page without its query. */
  base_url: string
  cpi: string
  /** The account's public key of the session's mode, or "" when the option is not set. */
  public_key: string
  amount: number
  currency: string
}
