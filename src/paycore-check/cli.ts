// `npx paycore-check`: the PayCore check from a terminal. Reads the provider's options from the PAYCORE_* variables
// (the names README's configuration section uses) or, with --config, from the app's medusa-config; prints the table
// and exits 0 when nothing differs, 1 when something does, 2 when it could not run.
import path from "node:path"
import { paycoreCheckOptionsSchema, describeOptionIssues } from "../accounts/options"
import { isPaycoreProvider } from "../accounts/provider-id"
import { formatReport } from "./format"
import { DEFAULT_PAYOUT_WAIT_MS, runPaycoreCheck } from "./run"

const USAGE = `Usage: npx paycore-check [--config medusa-config.ts] [--provider <id>] [--currency USD]
                         [--service USD=payment_card_usd_hpp] [--payout-wait <seconds>] [--json]

Asks your PayCore account, in test mode, what its documents leave open, and says which plugin options to set.
Creates a few test invoices and test payouts whose reference starts with paycore-check-; no money moves.
Options come from PAYCORE_BASE_URL, PAYCORE_ACCOUNT_ID, PAYCORE_API_KEY, PAYCORE_PUBLIC_KEY, PAYCORE_TEST_MODE,
PAYCORE_INVOICE_CREATION, PAYCORE_INVOICE_LIFETIME_MINUTES, PAYCORE_PAYOUT_REQUEST_FORMAT,
PAYCORE_PAYOUT_CONFIRMATION and PAYCORE_BALANCES_PATH, or from the PayCore provider in --config. Exit: 0 all fit, 1 something differs, 2 error.`

type Io = { env: NodeJS.ProcessEnv; out: (text: string) => void; err: (text: string) => void; cwd: string }

type Args = {
  config?: string
  provider?: string
  currency?: string
  services: Record<string, string>
  payoutWaitMs: number
  json: boolean
  help: boolean
}

export function parseArgs(argv: string[]): Args {
  const args: Args = { services: {}, payoutWaitMs: DEFAULT_PAYOUT_WAIT_MS, json: false, help: false }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = () => {
      const next = argv[++i]
      if (next === undefined || next.startsWith("--")) throw new UsageError(`${flag} needs a value`)
      return next
    }
    if (flag === "--help" || flag === "-h") args.help = true
    else if (flag === "--json") args.json = true
    else if (flag === "--config") args.config = value()
    else if (flag === "--provider") args.provider = value()
    else if (flag === "--currency") {
      const currency = value()
      if (!/^[A-Za-z]{3}$/.test(currency)) throw new UsageError("--currency must be a 3-letter currency code")
      args.currency = currency.toUpperCase()
    } else if (flag === "--service") {
      const match = /^([A-Za-z]{3})=(\S+)$/.exec(value())
      if (!match) throw new UsageError("--service must look like USD=payment_card_usd_hpp")
      args.services[match[1].toUpperCase()] = match[2]
    } else if (flag === "--payout-wait") {
      const seconds = Number(value())
      if (!Number.isFinite(seconds) || seconds < 0 || seconds > 120) {
        throw new UsageError("--payout-wait must be a number of seconds from 0 to 120")
      }
      args.payoutWaitMs = Math.round(seconds * 1000)
    } else throw new UsageError(`unknown argument ${flag}`)
  }
  return args
}

class UsageError extends Error {}

/** The options as the app would read them from PAYCORE_* (medusa-config in this repository does the same). */
export function optionsFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const number = (value?: string) => (value ? Number(value) : undefined)
  return {
    baseUrl: env.PAYCORE_BASE_URL || undefined,
    accountId: env.PAYCORE_ACCOUNT_ID,
    apiKey: env.PAYCORE_API_KEY,
    publicKey: env.PAYCORE_PUBLIC_KEY || undefined,
    testMode: env.PAYCORE_TEST_MODE ? env.PAYCORE_TEST_MODE !== "false" : undefined,
    invoiceCreation: env.PAYCORE_INVOICE_CREATION || undefined,
    invoiceLifetimeMinutes: number(env.PAYCORE_INVOICE_LIFETIME_MINUTES),
    payoutRequestFormat: env.PAYCORE_PAYOUT_REQUEST_FORMAT || undefined,
    payoutConfirmation: env.PAYCORE_PAYOUT_CONFIRMATION || undefined,
    balancesPath: env.PAYCORE_BALANCES_PATH || undefined,
  }
}

/** The PayCore provider's options in an app's medusa-config (TypeScript is read with ts-node, as Medusa's CLI does). */
export function optionsFromConfig(file: string, providerId: string | undefined, cwd: string): Record<string, unknown> {
  const full = path.resolve(cwd, file)
  if (/\.[cm]?ts$/.test(full)) {
    const tsNode = require(require.resolve("ts-node", { paths: [cwd, __dirname] }))
    tsNode.register({ transpileOnly: true })
  }
  const loaded = require(full)
  const config = loaded?.default ?? loaded
  const modules = config?.modules
  const entries: any[] = Array.isArray(modules) ? modules : Object.values(modules ?? {})
  const providers = entries.flatMap((entry) => entry?.options?.providers ?? [])
  const paycore = providers.filter((provider) => isPaycoreProvider(provider?.resolve))
  const chosen = providerId
    ? paycore.find((provider) => provider.id === providerId || `pp_paycore_${provider.id}` === providerId)
    : paycore.length === 1
      ? paycore[0]
      : undefined
  if (!chosen) {
    const ids = paycore.map((provider) => provider.id).join(", ") || "none"
    throw new UsageError(
      providerId
        ? `--provider ${providerId}: no such PayCore provider in ${file} (found: ${ids})`
        : `${file} has ${paycore.length ? `several PayCore providers (${ids}): name one with --provider` : "no PayCore provider"}`
    )
  }
  return chosen.options ?? {}
}

export async function main(argv = process.argv.slice(2), io: Io = defaultIo()): Promise<number> {
  let args: Args
  try {
    args = parseArgs(argv)
    if (args.help) {
      io.out(USAGE)
      return 0
    }
    const raw = args.config ? optionsFromConfig(args.config, args.provider, io.cwd) : optionsFromEnv(io.env)
    const picked = Object.fromEntries(
      Object.keys(paycoreCheckOptionsSchema.shape).map((key) => [key, (raw as Record<string, unknown>)[key]])
    )
    const parsed = paycoreCheckOptionsSchema.safeParse({
      ...picked,
      services: { ...((picked.services as Record<string, string>) ?? {}), ...args.services },
    })
    if (!parsed.success) throw new UsageError(`PayCore options are invalid: ${describeOptionIssues(parsed.error)}`)
    const report = await runPaycoreCheck({
      options: parsed.data,
      currency: args.currency,
      payoutWaitMs: args.payoutWaitMs,
    })
    io.out(args.json ? JSON.stringify(report, null, 2) : formatReport(report))
    return report.passed ? 0 : 1
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`paycore-check: ${error.message}\n\n${USAGE}`)
      return 2
    }
    io.err(`paycore-check: ${(error as Error).message}`)
    return 2
  }
}

function defaultIo(): Io {
  return {
    env: process.env,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    cwd: process.cwd(),
  }
}
