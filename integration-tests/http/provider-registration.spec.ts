import { paycoreIntegrationTestRunner } from "../helpers/medusa-runner"
import { DEMO_REGIONS, PAYCORE_PROVIDER_ID, seedDemoData } from "../../demo/seed"

jest.setTimeout(180 * 1000)

const admin = { email: "admin@paycore-tests.com", password: "integration-secret" }

paycoreIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    describe("PayCore provider registration", () => {
      let seed: Awaited<ReturnType<typeof seedDemoData>>
      let adminHeaders: { headers: Record<string, string> }

      beforeEach(async () => {
        seed = await seedDemoData(getContainer(), admin)
        const { data } = await api.post("/auth/user/emailpass", admin)
        adminHeaders = { headers: { authorization: `Bearer ${data.token}` } }
      })

      it("lists pp_paycore_paycore as an enabled provider in the admin API", async () => {
        const { data } = await api.get("/admin/payments/payment-providers", adminHeaders)
        const paycore = data.payment_providers.find((provider: any) => provider.id === PAYCORE_PROVIDER_ID)
        expect(paycore).toEqual(expect.objectContaining({ id: PAYCORE_PROVIDER_ID, is_enabled: true }))
      })

      it("offers PayCore to the storefront in every seeded region", async () => {
        const storeHeaders = { headers: { "x-publishable-api-key": seed.publishableKey } }
        for (const region of DEMO_REGIONS) {
          const regionId = seed.regions[region.currency_code]
          const { data } = await api.get(`/store/payment-providers?region_id=${regionId}`, storeHeaders)
          expect(data.payment_providers.map((provider: any) => provider.id)).toContain(PAYCORE_PROVIDER_ID)
        }
      })

      it("seeds again without creating duplicates", async () => {
        const again = await seedDemoData(getContainer(), admin)
        expect(again).toEqual(seed)
      })
    })
  },
})
