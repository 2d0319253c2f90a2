// A payout record written straight into the plugin's table, for states the admin API cannot make (a payout of the
// other mode, one without a recorded creator): 25 USD to a masked test card unless overridden.
import type { MedusaContainer } from "@medusajs/framework/types"

export async function recordPayout(container: MedusaContainer, id: string, overrides: Record<string, unknown> = {}) {
  const [payout] = await container.resolve<any>("paycore").createPaycorePayouts([
    {
      id,
      reference_id: id,
      provider_id: "pp_paycore_paycore",
      service: "payment_card_usd",
      amount: 25,
      currency_code: "usd",
      destination: { card_number: "551928******0000" },
      status: "processing",
      status_history: [],
      created_by: "user_01",
      test_mode: true,
      ...overrides,
    },
  ])
  return payout as { id: string; reference_id: string; status: string }
}
