// The order list widget's data: orders with a PayCore chargeback (GET /admin/paycore/chargebacks).
import { useQuery } from "@tanstack/react-query"
import type { PaycoreChargebackList, PaycoreChargebackRow } from "../../payments/at-paycore/chargeback-list"
import { sdk } from "./paycore-api"

export type PaycoreChargeback = PaycoreChargebackRow

export function usePaycoreChargebacks(limit = 10) {
  return useQuery({
    queryKey: ["paycore", "chargebacks", limit] as const,
    queryFn: () => sdk.client.fetch<PaycoreChargebackList>("/admin/paycore/chargebacks", { query: { limit } }),
  })
}
