import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"
import { storePaymentLink } from "../../../../../payment-links/list"

const linkId = z.string().regex(/^payses_[A-Za-z0-9]+$/, "must be a payment link id (payses_…)")

/** The pay page's view of a payment link: amount, status and PayCore's page; nothing about the customer. */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const parsed = linkId.safeParse(req.params.id)
  if (!parsed.success) throw new MedusaError(MedusaError.Types.INVALID_DATA, `id ${parsed.error.issues[0].message}`)
  res.json({ payment_link: await storePaymentLink(req.scope, parsed.data) })
}
