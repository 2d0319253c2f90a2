import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { helpText, parseCliArgs, runCli } from "../src/cli"
import type { Sandbox } from "../src"
import { call } from "./helpers"

describe("command line", () => {
  const run = async (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    const out: string[] = []
    const sandbox = await runCli(argv, { env, out: (l) => out.push(l), err: () => undefined })
    return { sandbox, output: out.join("\n") }
  }
  const running: Sandbox[] = []
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()))
  })

  it("starts, prints the URL and the sandbox keys; controls stay off without the flag", async () => {
    const { sandbox, output } = await run(["--port", "0"])
    running.push(sandbox!)
    expect(sandbox!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(output).toContain(`PayCore sandbox listening on ${sandbox!.url}`)
    for (const key of [
      "coma_SandboxAccount01",
      "sandbox_api_key",
      "pk_test_sandbox_public_key",
      "sk_test_sandbox_private_key",
    ]) {
      expect(output).toContain(key)
    }
    expect(output).toContain("Controls          off")
    expect((await call(sandbox!, "GET", "/_sandbox/state")).status).toBe(404)
  })

  it("enables controls with --controls or PAYCORE_SANDBOX_CONTROLS=true", async () => {
    const a = await run(["--port=0", "--controls"])
    running.push(a.sandbox!)
    expect((await call(a.sandbox!, "GET", "/_sandbox/state")).status).toBe(200)
    const b = await run([], { PORT: "0", PAYCORE_SANDBOX_CONTROLS: "true" })
    running.push(b.sandbox!)
    expect(b.output).toContain(`${b.sandbox!.url}/_sandbox/`)
  })

  it("honours PORT, and PAYCORE_SANDBOX_PORT over PORT, and flags over both", async () => {
    expect(parseCliArgs(["--port", "5000"]).overrides.port).toBe(5000)
    const { sandbox } = await run([], { PORT: "1", PAYCORE_SANDBOX_PORT: "0" })
    running.push(sandbox!)
    expect(sandbox!.port).toBeGreaterThan(0)
  })

  it("reads a config file, then env, then flags; custom secrets are masked in the banner", async () => {
    const dir = mkdtempSync(join(tmpdir(), "paycore-cli-"))
    const file = join(dir, "sandbox.json")
    writeFileSync(
      file,
      JSON.stringify({
        port: 0,
        accountId: "coma_FromFile",
        apiKey: "file-secret-api-key",
        callbackUrl: "https://file.example/cb",
      })
    )
    try {
      const { sandbox, output } = await run(
        ["--config", file, "--callback-url", "https://flag.example/cb", "--no-allow-public-creation"],
        {
          PAYCORE_SANDBOX_CALLBACK_URL: "https://env.example/cb",
          PAYCORE_SANDBOX_TEST_PRIVATE_KEY: "sk_test_my_own_secret_value",
        }
      )
      running.push(sandbox!)
      expect(sandbox!.config).toMatchObject({
        accountId: "coma_FromFile",
        apiKey: "file-secret-api-key",
        callbackUrl: "https://flag.example/cb",
        allowPublicCreation: false,
        testPrivateKey: "sk_test_my_own_secret_value",
      })
      expect(output).toContain("coma_FromFile")
      expect(output).not.toContain("file-secret-api-key")
      expect(output).not.toContain("sk_test_my_own_secret_value")
      expect(output).toContain("sk_test_… (set by you, not shown)")
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("prints help listing every option with its environment variable", async () => {
    const { sandbox, output } = await run(["--help"])
    expect(sandbox).toBeNull()
    expect(output).toBe(helpText())
    for (const text of [
      "--controls",
      "PAYCORE_SANDBOX_CONTROLS",
      "--callback-retry-interval-ms",
      "PAYCORE_SANDBOX_CALLBACK_RETRY_INTERVAL_MS",
      "--config",
    ]) {
      expect(output).toContain(text)
    }
  })

  it("rejects unknown options and bad values with a clear message", async () => {
    expect(() => parseCliArgs(["--nope"])).toThrow(/unknown option --nope/)
    expect(() => parseCliArgs(["--port", "abc"])).toThrow(/--port: expected a number/)
    expect(() => parseCliArgs(["--port"])).toThrow(/needs a value/)
    expect(() => parseCliArgs(["--no-port"])).toThrow(/only for on\/off options/)
    expect(() => parseCliArgs(["stray"])).toThrow(/unexpected argument/)
    await expect(run(["--port", "0", "--duplicate-reference-status", "500"])).rejects.toThrow(
      /duplicateReferenceStatus/
    )
  })
})
