// An order that owes money after checkout, and the admin's payment-link routes, for the http specs.
import type { AxiosInstance } from "axios"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { ensureAdminUser } from "../../demo/seed"
import type { Sandbox } from "../../sandbox/src"
import { paidOrder } from "./checkout"
import { testAddress, type StoreClient } from "./store-flow"

type Admin = { headers: Record<string, string> }

const OTHER_ADMIN = { email: "other-admin@paycore-tests.com", password: "integration-secret-2" }

export function paymentLinkFlow(api: AxiosInstance, admin: () => Admin, container: () => MedusaContainer) {
  const adminOrder = async (orderId: string) =>
    (await api.get(`/admin/orders/${orderId}?fields=id,payment_status,summary`, admin())).data.order
  return {
    adminOrder,
    /** An order paid at checkout, then edited by the admin to add one item: it owes that item now. */
    async editedOrder(store: StoreClient, sandbox: Sandbox, variantId: string) {
      const paid = await paidOrder(store, sandbox, container())
      await api.post("/admin/order-edits", { order_id: paid.orderId }, admin())
      const item = { items: [{ variant_id: variantId, quantity: 1 }] }
      await api.post(`/admin/order-edits/${paid.orderId}/items`, item, admin())
      await api.post(`/admin/order-edits/${paid.orderId}/request`, {}, admin())
      await api.post(`/admin/order-edits/${paid.orderId}/confirm`, {}, admin())
      return { ...paid, owed: (await adminOrder(paid.orderId)).summary.pending_difference as number }
    },
    /** A draft order made by the admin and converted with nothing paid: it owes its whole total. */
    async convertedDraftOrder(seed: { regions: Record<string, string>; variantId: string; shippingOptionId: string }) {
      const address = testAddress("us")
      const created = await api.post(
        "/admin/draft-orders",
        {
          region_id: seed.regions.usd,
          email: "draft-customer@paycore-tests.com",
          items: [{ variant_id: seed.variantId, quantity: 2 }],
          shipping_address: address,
          billing_address: address,
          shipping_methods: [{ shipping_option_id: seed.shippingOptionId, name: "Standard", amount: 5 }],
        },
        admin()
      )
      const draftId = created.data.draft_order.id as string
      const converted = await api.post(`/admin/draft-orders/${draftId}/convert-to-order`, {}, admin())
      const orderId = converted.data.order.id as string
      return { orderId, owed: (await adminOrder(orderId)).summary.pending_difference as number }
    },
    requestLink: (orderId: string, body: Record<string, unknown> = {}, as: Admin = admin()) =>
      api.post(`/admin/paycore/orders/${orderId}/payment-link`, body, { ...as, validateStatus: () => true }),
    /** The id of the admin user logged in as `as` (`user_…`). */
    adminUserId: async (as: Admin = admin()) => (await api.get("/admin/users/me", as)).data.user.id as string,
    /** A second admin user's login, to tell who asked for a link. */
    async otherAdmin(): Promise<Admin> {
      await ensureAdminUser(container(), OTHER_ADMIN.email, OTHER_ADMIN.password)
      const { data } = await api.post("/auth/user/emailpass", OTHER_ADMIN)
      return { headers: { authorization: `Bearer ${data.token}` } }
    },
    links: async (orderId: string) =>
      (await api.get(`/admin/paycore/orders/${orderId}/payment-links`, admin())).data.payment_links as any[],
    /** What the Notification Module recorded for the order's payment links. */
    notifications: (orderId: string) =>
      container()
        .resolve(Modules.NOTIFICATION)
        .listNotifications({ template: "paycore-payment-link", resource_id: orderId }),
  }
}
