import {
  CONFIG_KEYS,
  ConfigError,
  DEFAULT_CONFIG,
  ENV_PREFIX,
  type SandboxConfig,
  coerceText,
  isStringList,
  toEnvSuffix,
  toFlagName,
} from "./config"
import { type Sandbox, startSandbox } from "./index"

/**
 * `paycore-sandbox` command line. Every config option is a flag (`--callback-url https://…`, `--controls`,
 * `--no-allow-public-creation`); `--config file.json` loads a JSON file. Precedence:
 * defaults < profile (`--profile`) < config file < PAYCORE_SANDBOX_* env (and PORT) < flags.
 */

const FLAG_TO_KEY = new Map<string, keyof SandboxConfig>(CONFIG_KEYS.map((k) => [toFlagName(k), k]))

export interface CliArgs {
  help: boolean
  configFile?: string
  overrides: Partial<SandboxConfig>
}

export function parseCliArgs(argv: string[]): CliArgs {
  const args: CliArgs = { help: false, overrides: {} }
  const overrides = args.overrides as Record<string, unknown>
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === "-h" || arg === "--help") {
      args.help = true
      continue
    }
    if (!arg.startsWith("--")) throw new ConfigError(`unexpected argument "${arg}" (see --help)`)
    let name = arg.slice(2)
    let value: string | undefined
    const eq = name.indexOf("=")
    if (eq >= 0) {
      value = name.slice(eq + 1)
      name = name.slice(0, eq)
    }
    if (name === "config") {
      args.configFile = value ?? argv[++i]
      if (!args.configFile) throw new ConfigError("--config needs a file path")
      continue
    }
    if (name === "verbose") {
      overrides.logRequests = true
      continue
    }
    const negated = name.startsWith("no-") && FLAG_TO_KEY.has(name.slice(3))
    const key = FLAG_TO_KEY.get(negated ? name.slice(3) : name)
    if (!key) throw new ConfigError(`unknown option --${name} (see --help)`)
    if (typeof DEFAULT_CONFIG[key] === "boolean" && value === undefined) {
      overrides[key] = !negated
      continue
    }
    if (negated) throw new ConfigError(`--no-${toFlagName(key)} is only for on/off options`)
    value ??= argv[++i]
    if (value === undefined) throw new ConfigError(`--${name} needs a value`)
    overrides[key] = coerceText(key, value, `--${name}`)
  }
  return args
}

export function helpText(): string {
  const lines = CONFIG_KEYS.filter(
    (k) => typeof DEFAULT_CONFIG[k] !== "object" || DEFAULT_CONFIG[k] === null || isStringList(DEFAULT_CONFIG[k])
  ).map((k) => {
    const flag = `--${toFlagName(k)}`
    return `  ${flag.padEnd(34)} ${ENV_PREFIX}${toEnvSuffix(k)} (default ${JSON.stringify(DEFAULT_CONFIG[k])})`
  })
  return [
    "Usage: paycore-sandbox [--config file.json] [--port 4010] [--controls] [--verbose] [--<option> value]…",
    "",
    "A local server that behaves like PayCore.io's Commerce APIs (Private API, Public API, HPP, callbacks).",
    "Structured options (currencies, paymentServices, payoutServices, methods) are set in the config file or as",
    "JSON in their environment variable. Lists of strings (--hpp-frame-ancestors) take words separated by commas or",
    "spaces, or JSON. The environment variable PORT is honoured too.",
    "",
    "Options (flag, environment variable, default):",
    `  ${"--config".padEnd(34)} ${ENV_PREFIX}CONFIG`,
    `  ${"--verbose".padEnd(34)} same as --log-requests`,
    ...lines,
  ].join("\n")
}

export interface CliIo {
  env: NodeJS.ProcessEnv
  out: (line: string) => void
  err: (line: string) => void
}

/** Starts the sandbox from command-line arguments; returns it (or null after --help). */
export async function runCli(argv: string[], io: CliIo): Promise<Sandbox | null> {
  const args = parseCliArgs(argv)
  if (args.help) {
    io.out(helpText())
    return null
  }
  const env = { ...io.env }
  const portFromEnv =
    env.PORT && !env[`${ENV_PREFIX}PORT`] ? { port: coerceText("port", env.PORT, "PORT") as number } : {}
  const sandbox = await startSandbox(
    { ...portFromEnv, ...args.overrides },
    { env, configFile: args.configFile, log: io.err }
  )
  io.out(banner(sandbox))
  return sandbox
}

/** Prints the URL and the credentials. Keys that differ from the published sandbox defaults are shown masked. */
export function banner(sandbox: Sandbox): string {
  const c = sandbox.config
  const show = (key: keyof SandboxConfig, secret: boolean) => {
    const value = String(c[key])
    if (!secret || value === DEFAULT_CONFIG[key]) return value
    return `${value.slice(0, 8)}… (set by you, not shown)`
  }
  return [
    `PayCore sandbox listening on ${sandbox.url}`,
    `  Private API       ${sandbox.url}/api  (HTTP Basic accountId:apiKey)`,
    `  Public API        ${sandbox.url}/public-api`,
    `  HPP               ${sandbox.url}/hpp/?cpi=<invoice id>`,
    `  Account ID        ${c.accountId}`,
    `  API key           ${show("apiKey", true)}`,
    `  Test public key   ${c.testPublicKey}`,
    `  Test private key  ${show("testPrivateKey", true)}`,
    `  Live public key   ${c.livePublicKey}`,
    `  Live private key  ${show("livePrivateKey", true)}`,
    `  Callback URL      ${c.callbackUrl ?? "(none: only invoices with callback_url get callbacks)"}`,
    `  Profile           ${c.profile}`,
    `  Controls          ${c.controls ? `${sandbox.url}/_sandbox/` : "off (start with --controls or PAYCORE_SANDBOX_CONTROLS=true)"}`,
    "Press Ctrl+C to stop.",
  ].join("\n")
}

/** Entry point of bin/paycore-sandbox.js. */
export function main(argv: string[] = process.argv.slice(2)): void {
  const io: CliIo = { env: process.env, out: (l) => console.log(l), err: (l) => console.error(l) }
  runCli(argv, io).then(
    (sandbox) => {
      if (!sandbox) return
      let stopping = false
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) return
        stopping = true
        io.out(`Received ${signal}, stopping.`)
        sandbox.close().then(
          () => process.exit(0),
          () => process.exit(1)
        )
      }
      process.once("SIGINT", stop)
      process.once("SIGTERM", stop)
    },
    (err: unknown) => {
      io.err(`paycore-sandbox: ${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}`)
      process.exit(2)
    }
  )
}

if (require.main === module) main()
