import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { PaycoreClient } from "../lib/paycore"
import { paycoreClientFor } from "./client"
import { parsePaycoreOptions, type PaycoreOptions } from "./options"
import { isPaycoreProvider, PAYCORE_PROVIDER_PREFIX } from "./provider-id"

/** One PayCore account as registered in the Payment Module: its provider id, options and a client. */
export type PaycoreAccount = { providerId: string; options: PaycoreOptions; client: PaycoreClient }

const accounts = new Map<string, PaycoreAccount>()

/**
 * The PayCore providers of this app, read from its configuration (the same options Medusa validated at boot).
 * Routes and jobs outside the Payment Module use these to call PayCore; one client per provider per process.
 */
export function paycoreAccounts(container: MedusaContainer): PaycoreAccount[] {
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE) as any
  const payment = config?.modules?.[Modules.PAYMENT]
  const providers: any[] = payment?.options?.providers ?? []
  const found: PaycoreAccount[] = []
  for (const provider of providers) {
    if (!isPaycoreProvider(provider?.resolve) || !provider.id) continue
    const providerId = `${PAYCORE_PROVIDER_PREFIX}${provider.id}`
    let account = accounts.get(providerId)
    if (!account) {
      const options = parsePaycoreOptions(provider.options)
      account = {
        providerId,
        options,
        client: paycoreClientFor(options, container.resolve(ContainerRegistrationKeys.LOGGER)),
      }
      accounts.set(providerId, account)
    }
    found.push(account)
  }
  return found
}

export function paycoreAccount(
  container: MedusaContainer,
  providerId: string | null | undefined
): PaycoreAccount | undefined {
  const all = paycoreAccounts(container)
  return providerId ? all.find((account) => account.providerId === providerId) : all.length === 1 ? all[0] : undefined
}
