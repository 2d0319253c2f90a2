// An order that owes money after checkout, and the admin's payment-link routes, for the http specs.
import type { AxiosInstance } from "axios"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { Sandbox } from "../../sandbox/src"
import { paidOrder } from "./checkout"
import type { StoreClient } from "./store-flow"

type Admin = { headers: Record<string, string> }

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
    requestLink: (orderId: string, body: Record<string, unknown> = {}) =>
      api.post(`/admin/paycore/orders/${orderId}/payment-link`, body, { ...admin(), validateStatus: () => true }),
    links: async (orderId: string) =>
      (await api.get(`/admin/paycore/orders/${orderId}/payment-links`, admin())).data.payment_links as any[],
    /** What the Notification Module recorded for the order's payment links. */
    notifications: (orderId: string) =>
      container()
        .resolve(Modules.NOTIFICATION)
        .listNotifications({ template: "paycore-payment-link", resource_id: orderId }),
  }
}
