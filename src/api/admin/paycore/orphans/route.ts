import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { PAYCORE_MODULE } from "../../../../modules/paycore"
import type { PaycoreModuleService } from "../../../../modules/paycore/service"
import { orphanListQuerySchema } from "../validators"

/** Payments PayCore processed for payment sessions Medusa no longer has, newest first. */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const parsed = orphanListQuerySchema.safeParse(req.query)
  if (!parsed.success) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")
    )
  }
  const { status, limit, offset } = parsed.data
  const paycore = req.scope.resolve<PaycoreModuleService>(PAYCORE_MODULE)
  const [orphans, count] = await paycore.listAndCountPaycorePaymentInvoices(
    status ? { orphan_status: status } : { orphan_status: { $ne: null } as any },
    { order: { updated_at: "DESC" }, take: limit, skip: offset }
  )
  res.json({
    orphan_payments: orphans.map((row) => ({
      invoice_id: row.invoice_id,
      reference_id: row.reference_id,
      cart_id: row.cart_id,
      status: row.status,
      orphan_status: row.orphan_status,
      test_mode: row.test_mode,
      currency_code: row.currency_code,
      amount: Number(row.amount),
      processed_amount: row.processed_amount === null ? null : Number(row.processed_amount),
      detail: row.outcome_detail,
      updated_at: row.updated_at,
    })),
    count,
    limit,
    offset,
  })
}
