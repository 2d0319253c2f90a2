import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/**
 * The Medusa versions whose Postgres locking provider this was checked against (its `locking` table and the way it
 * refuses expired rows). On any other version the row is left alone: its meaning may have changed.
 */
export const STALE_LOCK_TESTED_MEDUSA = /^2\.21\.\d+$/

export function staleLockCleanupApplies(medusaVersion: string | undefined): boolean {
  return typeof medusaVersion === "string" && STALE_LOCK_TESTED_MEDUSA.test(medusaVersion)
}

/** The installed Medusa's version, read once per process. */
let medusaVersion: { value: string | undefined } | undefined
function installedMedusaVersion(): string | undefined {
  if (!medusaVersion) {
    try {
      medusaVersion = { value: require("@medusajs/medusa/package.json").version }
    } catch {
      medusaVersion = { value: undefined }
    }
  }
  return medusaVersion.value
}

let versionWarned = false

/** Whether the database has the `locking` table of Medusa's Postgres locking provider (checked once per process). */
let lockingTable: Promise<boolean> | undefined

/**
 * Removes the cart lock row that a crashed server left behind, once it has expired.
 *
 * Medusa's cart workflows (processPaymentWorkflow, completeCartWorkflow) lock the cart id for 2 minutes. With the
 * Postgres locking provider (`@medusajs/medusa/locking-postgres`) that lock is a row in its `locking` table, without
 * an owner, deleted when the workflow releases it. A server killed while holding it (crash, OOM kill, deploy with
 * SIGKILL) never deletes it, and that provider's `acquire` (Medusa 2.21) refuses any row of another owner, expired or
 * not: every later completion of that cart fails with `Failed to acquire lock for key "cart_…"`, the paid callback
 * is answered 503 forever and the customer cannot complete the cart either. Medusa's in-memory and Redis providers
 * let an expired lock go; this does the same for the one cart a paid PayCore state is about to complete.
 *
 * Only a row that has already expired is deleted, in one statement, so a lock that is held now is never touched.
 * Without the Postgres provider (no `locking` table) it does nothing. Never throws: a failure is logged.
 */
export async function releaseExpiredCartLock(container: MedusaContainer, cartId: string): Promise<boolean> {
  return releaseExpiredLock(container, cartId, `cart ${cartId}`)
}

/** The same for any lock key (the plugin's own cart-completion lock, cart-completion-lock.ts); `label` for the log. */
export async function releaseExpiredLock(container: MedusaContainer, key: string, label = key): Promise<boolean> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const version = installedMedusaVersion()
  if (!staleLockCleanupApplies(version)) {
    if (!versionWarned) {
      versionWarned = true
      logger.warn(
        `PayCore: expired cart locks are not removed on Medusa ${version ?? "(unknown version)"}: the plugin was tested ` +
          `with Medusa 2.21 only. A cart left locked by a crashed server is then released by Medusa or by hand.`
      )
    }
    return false
  }
  try {
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
    lockingTable ??= knex
      .raw(`select to_regclass('locking') is not null as present`)
      .then((result: any) => Boolean(result.rows?.[0]?.present))
      .catch(() => {
        lockingTable = undefined
        return false
      })
    if (!(await lockingTable)) return false
    const result = await knex.raw(
      `delete from locking where id = ? and expiration is not null and expiration <= now() returning owner_id, expiration`,
      [key]
    )
    const removed = result.rows?.[0]
    if (!removed) return false
    logger.warn(
      `PayCore: removed an expired lock on ${label} (expired ${new Date(removed.expiration).toISOString()}), left by a ` +
        `server that stopped while holding it; Medusa's Postgres locking provider never lets such a lock go`
    )
    return true
  } catch (error) {
    logger.warn(`PayCore: could not check ${label} for an expired lock: ${(error as Error).message}`)
    return false
  }
}
