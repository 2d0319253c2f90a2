// The admin dashboard's side of the PayCore check (src/api/admin/paycore/check): the server's types (type-only
// imports: nothing of them is bundled) and TanStack Query hooks over the SDK of paycore-api.ts.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { PaycoreCheckRunView } from "../../paycore-check/record"
import type { CheckAnswer, CheckRow, CheckVerdict, PaycoreCheckReport } from "../../paycore-check/types"
import { sdk } from "./paycore-api"
import { paycoreStatusKey } from "./paycore-payouts-api"

export type { CheckAnswer, CheckRow, CheckVerdict, PaycoreCheckReport }

/** One stored run of the PayCore check, as `GET`/`POST /admin/paycore/check` answer it. */
export type PaycoreCheckRun = PaycoreCheckRunView

export const paycoreCheckKey = (providerId?: string) => ["paycore", "check", providerId ?? null] as const

/** The provider's last PayCore check (null when it never ran). */
export function usePaycoreCheck(providerId?: string) {
  return useQuery({
    queryKey: paycoreCheckKey(providerId),
    queryFn: () =>
      sdk.client
        .fetch<{ check: PaycoreCheckRun | null }>("/admin/paycore/check", {
          query: providerId ? { provider_id: providerId } : {},
        })
        .then((r) => r.check),
    retry: false,
    refetchOnWindowFocus: false,
  })
}

/** Runs the PayCore check; then shows its result and refetches the status, whose go-live checklist includes it. */
export function useRunPaycoreCheck(providerId?: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () =>
      sdk.client
        .fetch<{ check: PaycoreCheckRun }>("/admin/paycore/check", {
          method: "POST",
          body: providerId ? { provider_id: providerId } : {},
        })
        .then((r) => r.check),
    onSuccess: (check) => queryClient.setQueryData(paycoreCheckKey(providerId), check),
    // After a 409 too: the other run may have ended meanwhile.
    onError: () => queryClient.invalidateQueries({ queryKey: paycoreCheckKey(providerId) }),
    // The go-live checklist's `paycore_check` item follows the newest run (every provider's status: one key prefix).
    onSettled: () => queryClient.invalidateQueries({ queryKey: paycoreStatusKey(providerId).slice(0, 2) }),
  })
}
