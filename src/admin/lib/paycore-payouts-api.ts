// The admin dashboard's side of the payout and status routes (src/api/admin/paycore/payouts/…, …/status): types
// and TanStack Query hooks over the same SDK instance as the order widget (paycore-api.ts). The types of what the
// API answers are the server's own (type-only imports: nothing of them is bundled); `isPayoutMoving` comes from the
// server's pure status module (payouts/statuses.ts → lib/paycore/statuses.ts, no Medusa, no Node).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { ChecklistItem, ChecklistStatus, PaycoreStatusView } from "../../api/admin/paycore/status/checklist"
import type { DestinationFields } from "../../payouts/field-rules"
import type {
  PayoutCurrencySettings,
  PayoutSettings,
  PayoutSettingsUpdate,
  PendingSettingsChange,
  SettingsChangeEntry,
} from "../../payouts/settings"
import { isPayoutMoving, type PayoutOutcome } from "../../payouts/statuses"
import type { PaycorePayoutView, PayoutHistoryEntry } from "../../payouts/view"
import type { LocalizedText, PayoutService, PayoutServiceField, PayoutServicesView } from "../../payouts/services-view"
import { sdk } from "./paycore-api"

// ---------------------------------------------------------------------------------------------------------------
// Types (as the admin API answers)
// ---------------------------------------------------------------------------------------------------------------

export type {
  ChecklistItem,
  ChecklistStatus,
  PayoutCurrencySettings,
  PayoutHistoryEntry,
  PayoutOutcome,
  PayoutSettings,
  PayoutSettingsUpdate,
  PendingSettingsChange,
  SettingsChangeEntry,
}

/** One payout as the admin API returns it (the destination masked). */
export type PaycorePayout = PaycorePayoutView

/** Settings → PayCore's connection check and go-live checklist. */
export type PaycoreStatus = PaycoreStatusView

/** `GET /admin/paycore/payouts/payout-services` (payouts/services-view.ts). */
export type PayoutServicesResponse = PayoutServicesView
export type { LocalizedText, PayoutService, PayoutServiceField }

export type PayoutListResponse = { payouts: PaycorePayout[]; count: number; limit: number; offset: number }

export type PayoutRequest = {
  /** A decimal string (`"10.50"`) is read exactly by the server. */
  amount: number | string
  currency: string
  service?: string
  fields: DestinationFields
  order_id?: string
  customer_id?: string
  description?: string
  provider_id?: string
}

export type PayoutRefreshResponse = { paycore: "found" | "not_found" | "not_sent_yet"; payout: PaycorePayout }

// ---------------------------------------------------------------------------------------------------------------
// Query keys and hooks
// ---------------------------------------------------------------------------------------------------------------

export const payoutKeys = {
  all: ["paycore", "payouts"] as const,
  settings: () => ["paycore", "payouts", "settings"] as const,
  services: (currency: string) => ["paycore", "payouts", "services", currency.toUpperCase()] as const,
  lists: () => ["paycore", "payouts", "list"] as const,
  list: (filter: PayoutListFilter) => ["paycore", "payouts", "list", filter] as const,
}

export const paycoreStatusKey = (providerId?: string) => ["paycore", "status", providerId ?? null] as const

export function usePayoutSettings() {
  return useQuery({
    queryKey: payoutKeys.settings(),
    queryFn: () =>
      sdk.client.fetch<{ settings: PayoutSettings }>("/admin/paycore/payouts/settings").then((r) => r.settings),
  })
}

/** Saves the settings (a POST changes only the keys it names; `currencies` replaces the whole map). */
export function useSavePayoutSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (update: PayoutSettingsUpdate) =>
      sdk.client
        .fetch<{ settings: PayoutSettings }>("/admin/paycore/payouts/settings", { method: "POST", body: update })
        .then((r) => r.settings),
    onSuccess: (settings) => {
      queryClient.setQueryData(payoutKeys.settings(), settings)
      // `allowed` / `is_default` of the services follow the settings.
      return queryClient.invalidateQueries({ queryKey: ["paycore", "payouts", "services"] })
    },
  })
}

/**
 * A second admin confirms switching approvals off (asked for by another admin's save: `pending_change`). 409 with
 * the API's message for the admin who asked, or when nothing waits any more.
 */
export function useConfirmSettingsChange() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () =>
      sdk.client
        .fetch<{ settings: PayoutSettings }>("/admin/paycore/payouts/settings/confirm", { method: "POST" })
        .then((r) => r.settings),
    onSuccess: (settings) => queryClient.setQueryData(payoutKeys.settings(), settings),
    // Also after a 409: another admin may have confirmed or withdrawn it meanwhile.
    onSettled: () => queryClient.invalidateQueries({ queryKey: payoutKeys.settings() }),
  })
}

/** PayCore's payout services for a currency (PayCore's payout pre-request, through the plugin). */
export function usePayoutServices(currency: string | null | undefined, options: { enabled?: boolean } = {}) {
  const code = (currency ?? "").toUpperCase()
  return useQuery({
    queryKey: payoutKeys.services(code),
    queryFn: () =>
      sdk.client.fetch<PayoutServicesResponse>("/admin/paycore/payouts/payout-services", { query: { currency: code } }),
    enabled: Boolean(code) && (options.enabled ?? true),
    staleTime: 60_000,
    retry: 1,
  })
}

export type PayoutListFilter = { order_id?: string; customer_id?: string; limit?: number }

export function usePaycorePayouts(filter: PayoutListFilter, options: { enabled?: boolean; pollMs?: number } = {}) {
  const query: Record<string, string | number> = { limit: filter.limit ?? 20 }
  if (filter.order_id) query.order_id = filter.order_id
  if (filter.customer_id) query.customer_id = filter.customer_id
  return useQuery({
    queryKey: payoutKeys.list(filter),
    queryFn: () => sdk.client.fetch<PayoutListResponse>("/admin/paycore/payouts", { query }),
    enabled: options.enabled ?? true,
    placeholderData: keepPreviousData,
    // Polled while PayCore (or a send under way) is expected to move a shown payout on by itself.
    refetchInterval: (q) =>
      q.state.data?.payouts.some((payout) => isPayoutMoving(payout.status)) ? (options.pollMs ?? 3_000) : false,
  })
}

export function useCreatePayout() {
  const queryClient = useQueryClient()
  return useMutation({
    // One Idempotency-Key per form: a repeated click or a retry after a lost answer never pays out twice.
    mutationFn: ({ idempotencyKey, ...body }: PayoutRequest & { idempotencyKey: string }) =>
      sdk.client
        .fetch<{ payout: PaycorePayout }>("/admin/paycore/payouts", {
          method: "POST",
          body,
          headers: { "Idempotency-Key": idempotencyKey },
        })
        .then((r) => r.payout),
    // Also after an error: PayCore refusing the payout (400) or not answering (502) leaves a recorded payout.
    onSettled: () => queryClient.invalidateQueries({ queryKey: payoutKeys.lists() }),
  })
}

export function useApprovePayout() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, fields }: { id: string; fields: Record<string, string> }) =>
      sdk.client
        .fetch<{ payout: PaycorePayout }>(`/admin/paycore/payouts/${encodeURIComponent(id)}/approve`, {
          method: "POST",
          body: { fields },
        })
        .then((r) => r.payout),
    onSettled: () => queryClient.invalidateQueries({ queryKey: payoutKeys.lists() }),
  })
}

export function useRefreshPayout() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<PayoutRefreshResponse>(`/admin/paycore/payouts/${encodeURIComponent(id)}/refresh`, {
        method: "POST",
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: payoutKeys.lists() }),
  })
}

/** "Confirm at PayCore": releases a payout PayCore holds as `created` (`POST …/payouts/:id/confirm`). */
export function useConfirmPayout() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client
        .fetch<{ payout: PaycorePayout }>(`/admin/paycore/payouts/${encodeURIComponent(id)}/confirm`, {
          method: "POST",
        })
        .then((r) => r.payout),
    onSettled: () => queryClient.invalidateQueries({ queryKey: payoutKeys.lists() }),
  })
}

/** The settings page's connection check: asks PayCore's Private API once per call. */
export function usePaycoreStatus(providerId?: string) {
  return useQuery({
    queryKey: paycoreStatusKey(providerId),
    queryFn: () =>
      sdk.client.fetch<PaycoreStatus>("/admin/paycore/status", {
        query: providerId ? { provider_id: providerId } : {},
      }),
    retry: false,
    refetchOnWindowFocus: false,
  })
}

/** The store's currencies (lower-case codes), offered when adding a currency to the payout settings. */
export function useStoreCurrencies() {
  return useQuery({
    queryKey: ["paycore", "store-currencies"],
    queryFn: async () => {
      const { stores } = await sdk.admin.store.list({ fields: "id,*supported_currencies" } as any)
      return [
        ...new Set(
          stores.flatMap((store) => (store.supported_currencies ?? []).map((c) => c.currency_code.toLowerCase()))
        ),
      ]
    },
    staleTime: 5 * 60_000,
  })
}

/** An admin user's email for "created by" (the id when the user cannot be read, e.g. deleted). */
export function useAdminUserEmail(userId: string | null | undefined) {
  return useQuery({
    queryKey: ["paycore", "admin-user", userId],
    queryFn: async () => {
      const { user } = await sdk.admin.user.retrieve(userId!, { fields: "id,email" })
      return user.email
    },
    enabled: Boolean(userId),
    staleTime: Infinity,
    retry: false,
  })
}

export function useCurrentAdminUserId() {
  return useQuery({
    queryKey: ["paycore", "admin-user", "me"],
    queryFn: async () => (await sdk.admin.user.me({ fields: "id" })).user.id,
    staleTime: Infinity,
    retry: false,
  })
}
