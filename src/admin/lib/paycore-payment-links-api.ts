// The admin dashboard's side of the payment-link routes (src/api/admin/paycore/orders/:id/payment-link(s)): an
// order's links and "Request payment through PayCore", as TanStack Query hooks over the shared SDK (paycore-api.ts).
// The types are the server's own (type-only imports: nothing of them is bundled).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { PaycorePaymentLink, PaycorePaymentLinkStatus } from "../../payment-links/types"
import { paycoreOrderQueryKey, sdk } from "./paycore-api"

export type { PaycorePaymentLink, PaycorePaymentLinkStatus }

export const paymentLinkKeys = {
  order: (orderId: string) => ["paycore", "payment-links", orderId] as const,
}

/** How often a list with a link still awaiting payment is asked again, so that "Paid" shows without a reload. */
const AWAITING_POLL_MS = 5_000

/** The order's payment links, newest first. */
export function useOrderPaymentLinks(orderId: string) {
  return useQuery({
    queryKey: paymentLinkKeys.order(orderId),
    queryFn: () =>
      sdk.client
        .fetch<{
          payment_links: PaycorePaymentLink[]
        }>(`/admin/paycore/orders/${encodeURIComponent(orderId)}/payment-links`)
        .then((r) => r.payment_links),
    refetchInterval: (q) => (q.state.data?.some((link) => link.status === "awaiting") ? AWAITING_POLL_MS : false),
  })
}

/** Creates a PayCore invoice for what the order still owes; answers with its link (400 when nothing is owed). */
export function useRequestPaymentLink(orderId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: { provider_id?: string; notify?: boolean } = {}) =>
      sdk.client
        .fetch<{ payment_link: PaycorePaymentLink }>(
          `/admin/paycore/orders/${encodeURIComponent(orderId)}/payment-link`,
          { method: "POST", body }
        )
        .then((r) => r.payment_link),
    onSuccess: () =>
      // The new invoice is also a PayCore payment of the order (the PayCore panel) and a payment collection.
      Promise.all([
        queryClient.invalidateQueries({ queryKey: paymentLinkKeys.order(orderId) }),
        queryClient.invalidateQueries({ queryKey: paycoreOrderQueryKey(orderId) }),
        queryClient.invalidateQueries({ queryKey: ["orders"] }),
      ]),
  })
}
