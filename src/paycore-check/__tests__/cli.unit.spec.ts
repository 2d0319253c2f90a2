import fs from "node:fs"
import http from "node:http"
import type { AddressInfo } from "node:net"
import os from "node:os"
import path from "node:path"
import { startSandbox, type Sandbox } from "../../../sandbox/src"
import { main } from "../cli"

/** `npx paycore-check`: what a shop's admin runs in a terminal before going live. */
describe("npx paycore-check", () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, host: "127.0.0.1" }, { env: {}, log: () => undefined })
  })
  afterAll(() => sandbox.close())
  beforeEach(() => sandbox.applyProfile("documented"))

  const envFor = (baseUrl: string, extra: Record<string, string> = {}) => ({
    PAYCORE_BASE_URL: baseUrl,
    PAYCORE_ACCOUNT_ID: sandbox.config.accountId,
    PAYCORE_API_KEY: sandbox.config.apiKey,
    PAYCORE_PUBLIC_KEY: sandbox.config.testPublicKey,
    ...extra,
  })

  async function run(argv: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()) {
    let out = ""
    let err = ""
    const code = await main(argv, {
      env,
      cwd,
      out: (text) => (out += `${text}\n`),
      err: (text) => (err += `${text}\n`),
    })
    return { code, out, err }
  }

  it("prints the table and exits 0 when PayCore answers as the options expect", async () => {
    const { code, out, err } = await run(["--payout-wait", "0.3"], envFor(sandbox.url))
    expect(err).toBe("")
    expect(code).toBe(0)
    expect(out).toMatch(/^ok {8}Private API credentials$/m)
    expect(out).toMatch(/^n\/a {7}Account balances$/m)
    expect(out).toMatch(/\d+ ok, 0 differ, 5 not available: PayCore answers as the plugin's options expect\./)
    expect(out).not.toContain(sandbox.config.apiKey)
    expect(out).not.toContain(sandbox.config.testPublicKey)
  })

  it("exits 1 and names the option to change when PayCore differs", async () => {
    sandbox.applyProfile("payout-flat-only")
    const { code, out } = await run(["--payout-wait", "0.3"], envFor(sandbox.url))
    expect(code).toBe(1)
    expect(out).toMatch(/^DIFFERS {3}Payout request body$/m)
    expect(out).toContain('do:       set payoutRequestFormat: "flat"')
    expect(out).toContain("variant:  payout-flat-only")
    // With the option the check named, it passes.
    const fixed = await run(["--payout-wait", "0.3"], envFor(sandbox.url, { PAYCORE_PAYOUT_REQUEST_FORMAT: "flat" }))
    expect(fixed.code).toBe(0)
  })

  it("prints the report as JSON with --json", async () => {
    const { code, out } = await run(["--json", "--payout-wait", "0.3"], envFor(sandbox.url))
    expect(code).toBe(0)
    const report = JSON.parse(out)
    expect(report).toMatchObject({ passed: true, account_id: sandbox.config.accountId, base_url: sandbox.url })
    expect(report.references.length).toBeGreaterThan(0)
  })

  it("never prints a key, even where PayCore's answers echo them", async () => {
    const apiKey = "an_api_key_only_this_test_knows_1234"
    const publicKey = "pk_test_a_public_key_only_this_test_knows"
    const credentials = Buffer.from(`${sandbox.config.accountId}:${apiKey}`).toString("base64")
    const echo = http.createServer((req, res) => {
      res.writeHead(422, { "content-type": "application/json" })
      res.end(
        JSON.stringify({
          request_id: String(req.headers.authorization ?? "none"),
          error_type: `validation ${apiKey}`,
          error_codes: { service: [`unknown for ${apiKey}`], public_key: [`bad ${publicKey}`] },
        })
      )
    })
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve))
    try {
      const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`
      for (const argv of [
        ["--payout-wait", "0"],
        ["--json", "--payout-wait", "0"],
      ]) {
        const { code, out, err } = await run(argv, {
          ...envFor(url),
          PAYCORE_API_KEY: apiKey,
          PAYCORE_PUBLIC_KEY: publicKey,
        })
        expect(code).toBe(1)
        for (const secret of [apiKey, publicKey, credentials]) {
          expect(out + err).not.toContain(secret)
        }
      }
    } finally {
      await new Promise((resolve) => echo.close(resolve))
    }
  })

  it("reads the PayCore provider's options from the app's config with --config", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paycore-check-config-"))
    const provider = (id: string, options: Record<string, unknown>) => ({
      resolve: "medusa-payment-paycore/providers/paycore",
      id,
      options,
    })
    const options = {
      baseUrl: sandbox.url,
      accountId: sandbox.config.accountId,
      apiKey: sandbox.config.apiKey,
      publicKey: sandbox.config.testPublicKey,
      testPrivateKey: sandbox.config.testPrivateKey,
      payoutRequestFormat: "flat",
    }
    const config = {
      modules: [
        {
          resolve: "@medusajs/medusa/payment",
          options: {
            providers: [provider("paycore", options), provider("eu", { ...options, payoutRequestFormat: "envelope" })],
          },
        },
      ],
    }
    fs.writeFileSync(path.join(dir, "medusa-config.js"), `module.exports = ${JSON.stringify(config)}`)
    sandbox.applyProfile("payout-flat-only")
    const several = await run(["--config", "medusa-config.js"], {}, dir)
    expect(several.code).toBe(2)
    expect(several.err).toContain("several PayCore providers (paycore, eu): name one with --provider")
    const chosen = await run(
      ["--config", "medusa-config.js", "--provider", "pp_paycore_paycore", "--payout-wait", "0.3"],
      {},
      dir
    )
    expect(chosen.code).toBe(0)
    const other = await run(["--config", "medusa-config.js", "--provider", "eu", "--payout-wait", "0.3"], {}, dir)
    expect(other.code).toBe(1)
    expect(other.out).toContain('set payoutRequestFormat: "flat"')
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it("exits 2 with a message naming what is wrong, and no key, when it cannot run", async () => {
    const missing = await run([], { PAYCORE_BASE_URL: sandbox.url, PAYCORE_ACCOUNT_ID: sandbox.config.accountId })
    expect(missing.code).toBe(2)
    expect(missing.err).toContain("apiKey: is required")
    const badFlag = await run(["--currency", "DOLLARS"], envFor(sandbox.url))
    expect(badFlag.code).toBe(2)
    expect(badFlag.err).toContain("--currency must be a 3-letter currency code")
    const badId = await run([], envFor(sandbox.url, { PAYCORE_ACCOUNT_ID: "acct_1" }))
    expect(badId.code).toBe(2)
    expect(badId.err).toContain("accountId: must be your Commerce Account ID")
    expect(badId.err).not.toContain(sandbox.config.apiKey)
  })
})
