// Direct reads of the stack's database for assertions: what Medusa really holds, whatever its APIs say.
import { Client } from "pg"

export async function withDatabase<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

export type PaymentFacts = {
  id: string
  session_id: string
  captured_at: Date | null
  captures: number
  refunds: number
}

/** Orders per cart (order_cart links) and the payments of the carts' payment collections with their captures. */
export async function checkoutFacts(client: Client, cartIds: string[]) {
  const orders = await client.query<{ cart_id: string; order_id: string }>(
    `select cart_id, order_id from order_cart where cart_id = any($1) and deleted_at is null`,
    [cartIds]
  )
  const payments = await client.query<PaymentFacts>(
    `select p.id, p.payment_session_id as session_id, p.captured_at,
            (select count(*)::int from capture c where c.payment_id = p.id and c.deleted_at is null) as captures,
            (select count(*)::int from refund r where r.payment_id = p.id and r.deleted_at is null) as refunds
       from payment p
       join cart_payment_collection cpc on cpc.payment_collection_id = p.payment_collection_id and cpc.deleted_at is null
      where cpc.cart_id = any($1) and p.deleted_at is null`,
    [cartIds]
  )
  const ordersPerCart = new Map<string, string[]>()
  for (const row of orders.rows)
    ordersPerCart.set(row.cart_id, [...(ordersPerCart.get(row.cart_id) ?? []), row.order_id])
  return { ordersPerCart, payments: payments.rows }
}

/** Rows of Medusa's Postgres locking provider (table `locking`) for these keys; none when the table is absent. */
export async function lockRows(client: Client, keys: string[]) {
  const exists = await client.query(`select to_regclass('locking') as name`)
  if (!exists.rows[0]?.name) return []
  const rows = await client.query<{ id: string; owner_id: string | null; expiration: Date | null; expired: boolean }>(
    `select id, owner_id, expiration, (expiration is not null and expiration <= now()) as expired from locking where id = any($1)`,
    [keys]
  )
  return rows.rows
}

/**
 * Moves the expiry of every lock row about these carts (Medusa's cart lock and the plugin's completion lock) to
 * `seconds` from now, if that is sooner: the clock moving on, so a test need not wait out Medusa's 2-minute lock.
 */
export async function expireLocksIn(client: Client, cartIds: string[], seconds: number) {
  const updated = await client.query(
    `update locking set expiration = now() + make_interval(secs => $2)
      where expiration > now() + make_interval(secs => $2)
        and exists (select 1 from unnest($1::text[]) as cart(id) where locking.id like '%' || cart.id || '%')`,
    [cartIds, seconds]
  )
  return updated.rowCount ?? 0
}

/**
 * When each cart's order was created, its payment captured and, if Medusa refunded it (its compensation of a cart
 * completion that failed after the capture), refunded: the earliest, if a cart has several.
 */
export async function checkoutTimes(client: Client, cartIds: string[]) {
  const rows = await client.query<{
    cart_id: string
    order_created_at: Date | null
    captured_at: Date | null
    refunded_at: Date | null
  }>(
    `select c.id as cart_id,
            (select min(o.created_at) from order_cart oc join "order" o on o.id = oc.order_id
              where oc.cart_id = c.id and oc.deleted_at is null) as order_created_at,
            (select min(p.captured_at) from payment p
               join cart_payment_collection cpc on cpc.payment_collection_id = p.payment_collection_id
              where cpc.cart_id = c.id and cpc.deleted_at is null and p.deleted_at is null) as captured_at,
            (select min(r.created_at) from refund r join payment p on p.id = r.payment_id
               join cart_payment_collection cpc on cpc.payment_collection_id = p.payment_collection_id
              where cpc.cart_id = c.id and cpc.deleted_at is null and p.deleted_at is null and r.deleted_at is null)
              as refunded_at
       from cart c where c.id = any($1)`,
    [cartIds]
  )
  return new Map(rows.rows.map((row) => [row.cart_id, row]))
}
