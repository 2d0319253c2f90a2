import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { paycoreStatus } from "./checklist"
import { parseInput, statusQuerySchema } from "../validators"

/** The settings page: mode, host, keys, Private API reachability, callbacks seen, and the go-live checklist. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { provider_id } = parseInput(statusQuerySchema, req.query, "query")
  const status = await paycoreStatus(req.scope, provider_id)
  if (!status) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      provider_id
        ? `provider_id: ${provider_id} is not a registered PayCore provider`
        : "provider_id: name the PayCore provider"
    )
  }
  res.json(status)
}
