// Demo and test data: regions for EUR, USD and UAH that offer PayCore, a shippable product with prices,
// the default sales channel and publishable key that `db:migrate` created, an admin user and a customer with a login
// (the storefront's account page and saved cards).
// Every step looks for what an earlier run created first, so running it again changes nothing.
import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createCustomerAccountWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createUserAccountWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateRegionsWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

export const PAYCORE_PROVIDER_ID = "pp_paycore_paycore"

export const DEMO_REGIONS = [
  { name: "PayCore Demo Europe", currency_code: "eur", countries: ["de", "fr", "nl", "at", "pl"] },
  { name: "PayCore Demo United States", currency_code: "usd", countries: ["us"] },
  { name: "PayCore Demo Ukraine", currency_code: "uah", countries: ["ua"] },
] as const

export const DEMO_PRODUCT_HANDLE = "paycore-demo-tee"
const DEMO_PRICES = { eur: 25, usd: 27.5, uah: 1100 }
const SHIPPING_PRICES = { eur: 5, usd: 5, uah: 150 }
const STOCK_LOCATION_NAME = "PayCore Demo Warehouse"
const SHIPPING_OPTION_NAME = "PayCore Demo Standard Shipping"

export type DemoSeedResult = {
  publishableKey: string
  salesChannelId: string
  regions: Record<string, string>
  /** Each region's country codes by currency (a storefront such as Medusa's Next.js starter needs one in its URLs). */
  regionCountries: Record<string, string[]>
  productId: string
  variantId: string
  shippingOptionId: string
  admin?: { email: string; password: string }
  /** The storefront customer with a login (account page, saved cards). */
  customer?: { email: string; password: string }
}

/** The demo's storefront customer (DEMO_CUSTOMER_EMAIL, DEMO_CUSTOMER_PASSWORD override it). */
export const DEMO_CUSTOMER_LOGIN = { email: "shopper@example.com", password: "paycore-demo" }

export async function seedDemoData(
  container: MedusaContainer,
  admin?: { email: string; password: string },
  customer?: { email: string; password: string }
): Promise<DemoSeedResult> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const storeModule = container.resolve(Modules.STORE)
  const salesChannelModule = container.resolve(Modules.SALES_CHANNEL)
  const fulfillmentModule = container.resolve(Modules.FULFILLMENT)

  // db:migrate creates a default sales channel and publishable key: reuse them (a second key confuses storefronts).
  let [salesChannel] = await salesChannelModule.listSalesChannels({ name: "Default Sales Channel" })
  if (!salesChannel) {
    ;[salesChannel] = await salesChannelModule.createSalesChannels([{ name: "Default Sales Channel" }])
  }

  const [store] = await storeModule.listStores()
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        supported_currencies: DEMO_REGIONS.map((region, index) => ({
          currency_code: region.currency_code,
          is_default: index === 0,
        })),
        default_sales_channel_id: salesChannel.id,
      },
    },
  })

  const regions: Record<string, string> = {}
  const { data: existingRegions } = await query.graph({
    entity: "region",
    fields: ["id", "name", "currency_code", "payment_providers.id"],
  })
  const missingRegions = DEMO_REGIONS.filter((region) => !existingRegions.some((r: any) => r.name === region.name))
  if (missingRegions.length) {
    await createRegionsWorkflow(container).run({
      input: {
        regions: missingRegions.map((region) => ({
          name: region.name,
          currency_code: region.currency_code,
          countries: [...region.countries],
          payment_providers: [PAYCORE_PROVIDER_ID],
        })),
      },
    })
  }
  const { data: demoRegions } = await query.graph({
    entity: "region",
    fields: ["id", "name", "currency_code", "payment_providers.id"],
    filters: { name: DEMO_REGIONS.map((region) => region.name) },
  })
  for (const region of demoRegions as any[]) {
    regions[region.currency_code] = region.id
    const providers: string[] = (region.payment_providers ?? []).map((p: any) => p.id)
    if (!providers.includes(PAYCORE_PROVIDER_ID)) {
      await updateRegionsWorkflow(container).run({
        input: { selector: { id: region.id }, update: { payment_providers: [...providers, PAYCORE_PROVIDER_ID] } },
      })
    }
  }

  const { data: locations } = await query.graph({
    entity: "stock_location",
    fields: ["id", "fulfillment_sets.id", "fulfillment_sets.service_zones.id"],
    filters: { name: STOCK_LOCATION_NAME },
  })
  let stockLocation = locations[0] as any
  if (!stockLocation) {
    const { result } = await createStockLocationsWorkflow(container).run({
      input: {
        locations: [
          { name: STOCK_LOCATION_NAME, address: { address_1: "1 Demo Street", city: "Berlin", country_code: "de" } },
        ],
      },
    })
    stockLocation = result[0]
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
      [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
    })
    await linkSalesChannelsToStockLocationWorkflow(container).run({
      input: { id: stockLocation.id, add: [salesChannel.id] },
    })
  }

  let [shippingProfile] = await fulfillmentModule.listShippingProfiles({ type: "default" })
  if (!shippingProfile) {
    const { result } = await createShippingProfilesWorkflow(container).run({
      input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
    })
    shippingProfile = result[0]
  }

  let serviceZoneId: string | undefined = stockLocation.fulfillment_sets?.[0]?.service_zones?.[0]?.id
  if (!serviceZoneId) {
    const fulfillmentSet = await fulfillmentModule.createFulfillmentSets({
      name: `${STOCK_LOCATION_NAME} delivery`,
      type: "shipping",
      service_zones: [
        {
          name: "Demo countries",
          geo_zones: DEMO_REGIONS.flatMap((region) =>
            region.countries.map((country_code) => ({ type: "country" as const, country_code }))
          ),
        },
      ],
    })
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
      [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
    })
    serviceZoneId = fulfillmentSet.service_zones[0].id
  }

  let [shippingOption] = await fulfillmentModule.listShippingOptions({ name: SHIPPING_OPTION_NAME })
  if (!shippingOption) {
    const { result } = await createShippingOptionsWorkflow(container).run({
      input: [
        {
          name: SHIPPING_OPTION_NAME,
          price_type: "flat",
          provider_id: "manual_manual",
          service_zone_id: serviceZoneId!,
          shipping_profile_id: shippingProfile.id,
          type: { label: "Standard", description: "Ships in 2-3 days.", code: "standard" },
          prices: Object.entries(SHIPPING_PRICES).map(([currency_code, amount]) => ({ currency_code, amount })),
          rules: [
            { attribute: "enabled_in_store", value: "true", operator: "eq" },
            { attribute: "is_return", value: "false", operator: "eq" },
          ],
        },
      ],
    })
    shippingOption = result[0] as any
  }

  const { data: keys } = await query.graph({
    entity: "api_key",
    fields: ["id", "token", "created_at", "sales_channels.id"],
    filters: { type: "publishable" },
  })
  const publishableKey = [...(keys as any[])].sort(
    (a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime()
  )[0]
  if (!publishableKey) {
    throw new Error("No publishable API key found: run `medusa db:migrate` first (it creates one).")
  }
  if (!publishableKey.sales_channels?.some((channel: any) => channel.id === salesChannel.id)) {
    await linkSalesChannelsToApiKeyWorkflow(container).run({
      input: { id: publishableKey.id, add: [salesChannel.id] },
    })
  }

  const { data: products } = await query.graph({
    entity: "product",
    fields: ["id", "variants.id"],
    filters: { handle: DEMO_PRODUCT_HANDLE },
  })
  let product = products[0] as any
  if (!product) {
    const { result } = await createProductsWorkflow(container).run({
      input: {
        products: [
          {
            title: "PayCore Demo T-Shirt",
            handle: DEMO_PRODUCT_HANDLE,
            description: "A soft cotton tee, sold to show PayCore's hosted payment page.",
            status: ProductStatus.PUBLISHED,
            shipping_profile_id: shippingProfile.id,
            options: [{ title: "Size", values: ["M"] }],
            variants: [
              {
                title: "M",
                sku: "PAYCORE-DEMO-TEE-M",
                options: { Size: "M" },
                manage_inventory: false,
                prices: Object.entries(DEMO_PRICES).map(([currency_code, amount]) => ({ currency_code, amount })),
              },
            ],
            sales_channels: [{ id: salesChannel.id }],
          },
        ],
      },
    })
    product = result[0]
  }

  if (admin) {
    await ensureAdminUser(container, admin.email, admin.password)
  }
  if (customer) {
    await ensureCustomerAccount(container, customer.email, customer.password)
  }

  return {
    publishableKey: publishableKey.token,
    salesChannelId: salesChannel.id,
    regions,
    regionCountries: Object.fromEntries(DEMO_REGIONS.map((region) => [region.currency_code, [...region.countries]])),
    productId: product.id,
    variantId: product.variants[0].id,
    shippingOptionId: shippingOption.id,
    admin,
    customer,
  }
}

/** An `emailpass` login (as Medusa's register route makes it); answers its auth identity's id. */
async function registerEmailPass(container: MedusaContainer, email: string, password: string, who: string) {
  const { authIdentity, error } = await container.resolve(Modules.AUTH).register("emailpass", {
    url: "",
    headers: {},
    query: {},
    body: { email, password },
    protocol: "http",
  })
  if (!authIdentity) throw new Error(`Could not create the ${who} login for ${email}: ${error}`)
  return authIdentity.id
}

/** Creates an admin user with an email/password login, unless one with that email exists. */
export async function ensureAdminUser(container: MedusaContainer, email: string, password: string) {
  const userModule = container.resolve(Modules.USER)
  const [existing] = await userModule.listUsers({ email })
  if (existing) return existing
  const authIdentityId = await registerEmailPass(container, email, password, "admin")
  const { result } = await createUserAccountWorkflow(container).run({
    input: { authIdentityId, userData: { email, first_name: "Demo", last_name: "Admin" } },
  })
  return result
}

/**
 * Creates a storefront customer with an email/password login (as the store API's register does: an `emailpass`
 * identity, then the customer linked to it), unless a customer with an account and that email exists. An identity
 * left by an earlier run that stopped half-way is reused.
 */
export async function ensureCustomerAccount(container: MedusaContainer, email: string, password: string) {
  const customerModule = container.resolve(Modules.CUSTOMER)
  const authModule = container.resolve(Modules.AUTH)
  const [existing] = await customerModule.listCustomers({ email, has_account: true })
  if (existing) return existing
  const [identity] = await authModule.listProviderIdentities({ entity_id: email, provider: "emailpass" })
  let authIdentityId = identity?.auth_identity_id
  if (!authIdentityId) authIdentityId = await registerEmailPass(container, email, password, "customer")
  const { result } = await createCustomerAccountWorkflow(container).run({
    input: { authIdentityId, customerData: { email, first_name: "Sam", last_name: "Shopper" } },
  })
  return result
}

/** `medusa exec ./demo/seed.ts`: seeds, then prints one JSON line the demo script reads. */
export default async function seed({ container }: ExecArgs) {
  const result = await seedDemoData(
    container,
    {
      email: process.env.DEMO_ADMIN_EMAIL || "admin@paycore-demo.local",
      password: process.env.DEMO_ADMIN_PASSWORD || "paycore-demo",
    },
    {
      email: process.env.DEMO_CUSTOMER_EMAIL || DEMO_CUSTOMER_LOGIN.email,
      password: process.env.DEMO_CUSTOMER_PASSWORD || DEMO_CUSTOMER_LOGIN.password,
    }
  )
  console.log(`DEMO_SEED_RESULT ${JSON.stringify(result)}`)
}
