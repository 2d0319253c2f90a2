// The payout settings on Settings → Store (also on Settings → PayCore, with the connection check).
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { PayoutSettingsSection } from "../components/paycore-payout-settings"

const PaycoreStorePayoutsWidget = () => <PayoutSettingsSection />

export const config = defineWidgetConfig({
  zone: "store.details.after",
})

export default PaycoreStorePayoutsWidget
