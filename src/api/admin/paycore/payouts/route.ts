import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { generateEntityId, Modules } from "@medusajs/framework/utils"
import { PAYCORE_MODULE } from "../../../../modules/paycore"
import type { PaycoreModuleService } from "../../../../modules/paycore/service"
import { sealPayoutDestination } from "../../../../payouts/destination"
import { payoutView } from "../../../../payouts/view"
import { createPaycorePayoutWorkflow } from "../../../../workflows/payouts"
import {
  idempotencyKeyHeader,
  parseInput,
  payoutIdForKey,
  payoutListQuerySchema,
  payoutRequestSchema,
} from "../validators"
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

/**
 * Creates a payout: 201 with it (sent, or `pending_approval`); 400 naming the field; 502 when PayCore is unavailable.
 * With an `Idempotency-Key` header, the same key (of the same admin) answers 200 with the payout it made the first
 * time and never sends a second one to PayCore, however often and however concurrently it is repeated.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { fields, ...body } = parseInput(payoutRequestSchema, req.body)
  const actor = req.auth_context?.actor_id ?? null
  const key = idempotencyKeyHeader(req.headers["idempotency-key"])
  const payoutId = key ? payoutIdForKey(actor, key) : generateEntityId(undefined, "pcpo")
  const create = async () => {
    if (key) {
      const existing = await findPayoutView(req.scope, payoutId)
      if (existing) return res.status(200).json({ payout: existing })
    }
    try {
      await createPaycorePayoutWorkflow(req.scope).run({
        input: { ...body, sealed_fields: sealPayoutDestination(fields), payout_id: payoutId, created_by: actor },
      })
    } catch (error) {
      return answerPayoutError(res, req.scope, error, payoutId)
    }
    res.status(201).json({ payout: await findPayoutView(req.scope, payoutId) })
  }
  // One request per key at a time, across server instances: a repeat waits for the first and gets its payout. Medusa's
  // lock directly, not the callbacks' per-invoice slots: a slow PayCore must not hold up callbacks.
  if (key)
    await req.scope.resolve(Modules.LOCKING).execute(`paycore:payout-create:${payoutId}`, create, { timeout: 60 })
  else await create()
}
