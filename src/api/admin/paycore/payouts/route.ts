import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { generateEntityId } from "@medusajs/framework/utils"
import { PAYCORE_MODULE } from "../../../../modules/paycore"
import type { PaycoreModuleService } from "../../../../modules/paycore/service"
import { sealPayoutDestination } from "../../../../payouts/destination"
import { payoutView } from "../../../../payouts/view"
import { createPaycorePayoutWorkflow } from "../../../../workflows/payouts"
import { parseInput, payoutListQuerySchema, payoutRequestSchema } from "../validators"
import { answerPayoutError, findPayoutView } from "./helpers"

/** Payouts, newest first; filter by order_id, customer_id, status. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { limit, offset, ...filters } = parseInput(payoutListQuerySchema, req.query, "query")
  const paycore = req.scope.resolve<PaycoreModuleService>(PAYCORE_MODULE)
  const [rows, count] = await paycore.listAndCountPaycorePayouts(filters, {
    order: { created_at: "DESC" },
    take: limit,
    skip: offset,
  })
  res.json({ payouts: rows.map(payoutView), count, limit, offset })
}

/** Creates a payout: 201 with it (sent, or `pending_approval`); 400 naming the field; 502 when PayCore is unavailable. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { fields, ...body } = parseInput(payoutRequestSchema, req.body)
  const payoutId = generateEntityId(undefined, "pcpo")
  try {
    await createPaycorePayoutWorkflow(req.scope).run({
      input: {
        ...body,
        sealed_fields: sealPayoutDestination(fields),
        payout_id: payoutId,
        created_by: req.auth_context?.actor_id ?? null,
      },
    })
  } catch (error) {
    return answerPayoutError(res, req.scope, error, payoutId)
  }
  res.status(201).json({ payout: await findPayoutView(req.scope, payoutId) })
}
