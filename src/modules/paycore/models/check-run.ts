import { model } from "@medusajs/framework/utils"

/**
 * One PayCore check (src/paycore-check): what the shop's PayCore account answered, in test mode, to the questions
 * its documentation leaves open. `report` is the PaycoreCheckReport as run.ts returned it (no keys, no card
 * numbers); the newest run of a provider feeds the go-live checklist's `paycore_check` item.
 */
export const PaycoreCheckRun = model.define("paycore_check_run", {
  id: model.id({ prefix: "pcchk" }).primaryKey(),
  /** The PayCore provider (`pp_paycore_<id>`) whose account was checked. */
  provider_id: model.text().index(),
  /** The report's `passed`: no row differs. */
  passed: model.boolean(),
  report: model.json(),
  /** The admin user who ran it (`auth_context.actor_id`). */
  run_by: model.text().nullable(),
})
