import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { PAYCORE_MODULE, type PaycoreModuleService } from "../modules/paycore"
import { deleteCustomerCards } from "../saved-cards/vault"

/** A deleted customer's saved cards go with them: their stored tokens are wiped. */
export default async function deleteSavedCardsOfDeletedCustomer({ event, container }: SubscriberArgs<{ id: string }>) {
  const paycore = container.resolve<PaycoreModuleService>(PAYCORE_MODULE)
  const count = await deleteCustomerCards(paycore, event.data.id, "system:customer deleted")
  if (count) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .info(`PayCore: deleted ${count} saved card(s) of deleted customer ${event.data.id}`)
  }
}

export const config: SubscriberConfig = {
  event: "customer.deleted",
  context: { subscriberId: "paycore-customer-deleted" },
}
