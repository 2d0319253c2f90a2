import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { PaycoreClient } from "../lib/paycore"
import { parsePaycoreOptions, type PaycoreOptions } from "../providers/paycore/types"

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
    const providerId = `pp_paycore_${provider.id}`
    let account = accounts.get(providerId)
    if (!account) {
      const options = parsePaycoreOptions(provider.options)
      const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
      account = {
        providerId,
        options,
        client: new PaycoreClient({
          baseUrl: options.baseUrl,
          accountId: options.accountId,
          apiKey: options.apiKey,
          publicKey: options.publicKey,
          timeoutMs: options.timeoutMs,
          retry: { attempts: options.retryAttempts },
          connections: options.connections,
          logger: {
            debug: (message) => logger.debug(message),
            info: (message) => logger.info(message),
            warn: (message) => logger.warn(message),
            error: (message) => logger.error(message),
          },
        }),
      }
      accounts.set(providerId, account)
    }
    found.push(account)
  }
  return found
}

export function paycoreAccount(container: MedusaContainer, providerId: string | null | undefined): PaycoreAccount | undefined {
  const all = paycoreAccounts(container)
  return providerId ? all.find((account) => account.providerId === providerId) : all.length === 1 ? all[0] : undefined
}

/** `medusa-payment-paycore/providers/paycore`, `./src/providers/paycore`, or the imported provider module. */
function isPaycoreProvider(resolve: unknown): boolean {
  if (typeof resolve === "string") return /(^|[/\\])providers[/\\]paycore([/\\]index(\.[jt]s)?)?$/.test(resolve)
  const services = (resolve as any)?.services
  return Array.isArray(services) && services.some((service: any) => service?.identifier === "paycore")
}
