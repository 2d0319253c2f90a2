// The admin dashboard's side of the saved-card routes (src/api/admin/paycore/…saved-cards): a customer's saved
// cards and Delete, as TanStack Query hooks over the same SDK instance as the other PayCore widgets
// (paycore-api.ts). The types are the server's own (type-only imports: nothing of them is bundled).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { PaycoreAdminSavedCard, PaycoreSavedCardDeleted } from "../../saved-cards/types"
import { sdk } from "./paycore-api"

export type { PaycoreAdminSavedCard, PaycoreSavedCardDeleted }

export const savedCardKeys = {
  all: ["paycore", "saved-cards"] as const,
  customer: (customerId: string) => ["paycore", "saved-cards", "customer", customerId] as const,
}

/** The customer's saved cards, newest first as the API answers them. */
export function useCustomerSavedCards(customerId: string) {
  return useQuery({
    queryKey: savedCardKeys.customer(customerId),
    queryFn: () =>
      sdk.client
        .fetch<{
          saved_cards: PaycoreAdminSavedCard[]
        }>(`/admin/paycore/customers/${encodeURIComponent(customerId)}/saved-cards`)
        .then((r) => r.saved_cards),
  })
}

/** Deletes a saved card: the customer can no longer pay with it (`DELETE /admin/paycore/saved-cards/:id`). */
export function useDeleteSavedCard() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<PaycoreSavedCardDeleted>(`/admin/paycore/saved-cards/${encodeURIComponent(id)}`, {
        method: "DELETE",
      }),
    // Also after an error: a card another admin (or the customer) deleted meanwhile answers 404.
    onSettled: () => queryClient.invalidateQueries({ queryKey: savedCardKeys.all }),
  })
}
