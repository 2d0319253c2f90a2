import { PaycoreConfigError } from "../errors"
import { paycoreBalancesDocumentSchema, type PaycoreBalance } from "../balance-schemas"
import { withRetries } from "./retry"
import type { PaycoreTransport } from "./transport"

/**
 * The account's balances. PayCore's page says its Private API "allows getting the account's balances" but publishes
 * no path or shape, so the caller names the path (the plugin's `balancesPath`) and the answer is read tolerantly:
 * a `data` array of resources whose `attributes` have `currency` and one of `available`, `balance`, `amount`
 * (number or numeric string), `test_mode` where PayCore gives it (`paycoreBalancesDocumentSchema`).
 */

const OPERATION = "getBalances"

/** `/api/` and a path below it, without whitespace. */
const PRIVATE_API_PATH = /^\/api\/\S+$/

/** `GET {path}` on the Private API (`path` starts with `/api/`), repeated on passing failures like every read. */
export async function getBalances(transport: PaycoreTransport, path: string): Promise<PaycoreBalance[]> {
  if (typeof path !== "string" || !PRIVATE_API_PATH.test(path)) {
    throw new PaycoreConfigError(
      "the balances path must be a Private API path starting with /api/, e.g. /api/balances",
      {
        operation: OPERATION,
      }
    )
  }
  const answer = await withRetries(transport, OPERATION, () =>
    // The transport puts the Private API's `/api` in front.
    transport.send({ operation: OPERATION, method: "GET", api: "private", path: path.slice("/api".length) })
  )
  return transport.parse(paycoreBalancesDocumentSchema, answer, OPERATION, "list of balances").data
}
