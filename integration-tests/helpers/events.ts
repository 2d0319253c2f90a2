// Listens to an event on Medusa's (local) event bus, like a subscriber would: every delivery is kept.
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

export function eventProbe(container: MedusaContainer, eventName: string) {
  const bus = container.resolve(Modules.EVENT_BUS)
  const received: any[] = []
  const subscriberId = `probe-${eventName}-${Date.now()}`
  const listener = async (event: { data: unknown }) => {
    received.push(event.data)
  }
  bus.subscribe(eventName, listener, { subscriberId })
  return {
    received,
    stop: () => bus.unsubscribe(eventName, listener, { subscriberId }),
  }
}
