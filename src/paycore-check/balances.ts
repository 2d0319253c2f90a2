// Account balances: asked only at the path the shop named (balancesPath), since PayCore publishes none.
import { PaycoreClient, PaycoreResponseError } from "../lib/paycore"
import { notAsked, row, type CheckContext } from "./context"
import { answerOf, failedProbe } from "./probe"
import type { CheckRow } from "./types"

const TITLE = "Account balances"

export async function balancesRow(ctx: CheckContext, privateApi: boolean): Promise<CheckRow> {
  const path = ctx.options.balancesPath
  if (!path) {
    return notAsked(
      "balances",
      TITLE,
      "the payouts form shows the balance of the payout currency",
      "not available: PayCore's page says the Private API allows getting the account's balances but publishes no " +
        "path, and the check never guesses one",
      "if PayCore tells you the path, set balancesPath and run the check again"
    )
  }
  const expected = `GET ${path} answers the account's balances (balancesPath)`
  if (!privateApi) return notAsked("balances", TITLE, expected, "the Private API did not answer (see above)")
  const client = new PaycoreClient({
    baseUrl: ctx.options.baseUrl,
    accountId: ctx.options.accountId,
    apiKey: ctx.options.apiKey,
    timeoutMs: Math.min(ctx.options.timeoutMs, 15_000),
    retry: { attempts: 1 },
  })
  try {
    const balances = await client.getBalances(path)
    const own = balances.filter((balance) => balance.currency === ctx.currency && balance.test_mode !== false)
    const listed = own.map((balance) => `${balance.available} ${balance.currency}`).join(", ")
    return own.length
      ? row("balances", TITLE, expected, answerOf(null, `HTTP 200: test balance ${listed}`), "ok")
      : row(
          "balances",
          TITLE,
          expected,
          answerOf(null, `HTTP 200: no test balance in ${ctx.currency} among ${balances.length}`),
          "differs",
          `PayCore lists no ${ctx.currency} balance at ${path}: payouts in ${ctx.currency} are not checked against one`
        )
  } catch (error) {
    const unreadable = error instanceof PaycoreResponseError
    const failed = failedProbe(error)
    const answered = unreadable || failed.status !== null
    return row(
      "balances",
      TITLE,
      expected,
      unreadable ? answerOf(null, `HTTP ${error.status}, but not a list of balances`) : answerOf(failed, failed.text),
      answered ? "differs" : "not_available",
      answered ? `check balancesPath (${path}) with PayCore, or remove it` : null
    )
  } finally {
    await client.close()
  }
}
