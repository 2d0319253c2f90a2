// The admin dashboard's side of the plugin's admin API (src/api/admin/paycore/…): types (the server's own, imported
// as types only), the HTTP client and TanStack Query hooks. The dashboard provides the QueryClient;
// @medusajs/js-sdk and @tanstack/react-query are shared with it (the plugin build keeps both external), so no
// second copy is bundled.
import Medusa from "@medusajs/js-sdk"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { PaycoreOrderPayment, PaycoreOrderView } from "../../payments/order-view"

// Replaced by the dashboard's Vite build with the backend URL it was configured with ("" or "/" = same origin).
declare const __BACKEND_URL__: string | undefined

export const sdk = new Medusa({
  baseUrl: (typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__) || "/",
  auth: { type: "session" },
})

/** What the plugin knows about an order's PayCore payments (the server's type: payments/order-view.ts). */
export type PaycoreOrderResponse = PaycoreOrderView

/** One PayCore payment of the order: the invoice at PayCore and what the plugin did with it. */
export type PaycorePayment = PaycoreOrderPayment

/** One callback PayCore delivered, or one status look-up the plugin made itself (`source: "reconciliation"`). */
export type PaycoreCallbackEntry = PaycoreOrderPayment["callbacks"][number]

export type PaycoreRefund = PaycoreOrderPayment["refunds"][number]

export const paycoreOrderQueryKey = (orderId: string) => ["paycore", "order", orderId] as const

/** What the plugin knows about an order's PayCore payments. */
export function usePaycoreOrder(orderId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: paycoreOrderQueryKey(orderId),
    queryFn: () => sdk.client.fetch<PaycoreOrderResponse>(`/admin/paycore/orders/${encodeURIComponent(orderId)}`),
    enabled: options.enabled ?? true,
  })
}

/** Asks PayCore for the current state of the order's invoices and applies it; answers like usePaycoreOrder. */
export function useReconcilePaycoreOrder(orderId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<PaycoreOrderResponse>(`/admin/paycore/orders/${encodeURIComponent(orderId)}/reconcile`, {
        method: "POST",
      }),
    onSuccess: (data) => {
      queryClient.setQueryData(paycoreOrderQueryKey(orderId), data)
      // Applying PayCore's state can capture or refund a payment: let the dashboard's own order views refetch.
      return queryClient.invalidateQueries({ queryKey: ["orders"] })
    },
  })
}

/** The message of an error thrown by the SDK (it carries the API's `message`) or anything else. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message
  if (typeof error === "string" && error) return error
  return "Unknown error"
}
