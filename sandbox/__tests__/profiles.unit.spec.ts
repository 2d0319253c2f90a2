import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  DEFAULT_CONFIG,
  KEPT_ON_PROFILE_SWITCH,
  SANDBOX_PROFILES,
  type Sandbox,
  type SandboxConfig,
  profileNames,
  resolveConfig,
} from "../src"
import { runCli } from "../src/cli"
import { call, createInvoice, invoiceBody, start } from "./helpers"

const headings = (file: string) =>
  readFileSync(join(__dirname, file), "utf8")
    .split("\n")
    .filter((line) => line.startsWith("#"))
    .map((line) => line.replace(/^#+\s*/, ""))

describe("sandbox profiles", () => {
  it("lists every profile once, documented first, and documented is the defaults", () => {
    expect(profileNames()[0]).toBe("documented")
    expect([...profileNames()].sort()).toEqual(Object.keys(SANDBOX_PROFILES).sort())
    expect(SANDBOX_PROFILES.documented.config).toEqual({})
    expect(resolveConfig({ overrides: { profile: "documented" } })).toEqual(DEFAULT_CONFIG)
  })

  it.each(profileNames().filter((name) => name !== "documented"))(
    "%s: validates, differs from the defaults, and leaves connection, credentials and services alone",
    (name) => {
      const profile = SANDBOX_PROFILES[name]
      const config = resolveConfig({ overrides: { profile: name } })
      expect(config.profile).toBe(name)
      expect(profile.description.length).toBeGreaterThan(10)
      const changed = Object.keys(profile.config) as (keyof typeof profile.config)[]
      expect(changed.length).toBeGreaterThan(0)
      expect(changed.some((key) => JSON.stringify(profile.config[key]) !== JSON.stringify(DEFAULT_CONFIG[key]))).toBe(
        true
      )
      for (const key of changed) expect(config[key]).toEqual(profile.config[key])
      for (const key of KEPT_ON_PROFILE_SWITCH) expect(changed).not.toContain(key)
    }
  )

  it("cites as evidence only sections that exist in docs/paycore-notes.md or sandbox/README.md", () => {
    const notes = headings("../../docs/paycore-notes.md")
    const readme = headings("../README.md")
    for (const [name, profile] of Object.entries(SANDBOX_PROFILES)) {
      expect([name, /docs\/paycore-notes\.md|sandbox\/README\.md/.test(profile.evidence)]).toEqual([name, true])
      for (const part of profile.evidence.split(";")) {
        const section = /"([^"]+)"/.exec(part)?.[1]
        if (!section) continue
        const known = part.includes("sandbox/README.md") ? readme : notes
        expect([name, section, known.includes(section)]).toEqual([name, section, true])
      }
    }
  })

  it("applies a profile below explicit options: file, environment and overrides win", () => {
    const dir = mkdtempSync(join(tmpdir(), "paycore-profile-"))
    const file = join(dir, "sandbox.json")
    writeFileSync(file, JSON.stringify({ profile: "duplicate-409", duplicateReferenceMessage: "from the file" }))
    try {
      const fromFile = resolveConfig({ configFile: file })
      expect(fromFile).toMatchObject({
        profile: "duplicate-409",
        duplicateReferenceStatus: 409,
        duplicateReferenceMessage: "from the file",
      })
      const envWins = resolveConfig({
        configFile: file,
        env: { PAYCORE_SANDBOX_PROFILE: "duplicate-422", PAYCORE_SANDBOX_DUPLICATE_REFERENCE_STATUS: "429" },
      })
      expect(envWins).toMatchObject({ profile: "duplicate-422", duplicateReferenceStatus: 429 })
      const overridesWin = resolveConfig({
        env: { PAYCORE_SANDBOX_PROFILE: "duplicate-422" },
        overrides: { profile: "errors-jsonapi" },
      })
      expect(overridesWin).toMatchObject({ profile: "errors-jsonapi", errorFormat: "jsonapi" })
      expect(overridesWin.duplicateReferenceStatus).toBe(DEFAULT_CONFIG.duplicateReferenceStatus)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("refuses an unknown profile, naming the known ones", () => {
    expect(() => resolveConfig({ overrides: { profile: "nope" as never } })).toThrow(/"documented"[\s\S]*at profile/)
  })

  it("starts with --profile, prints it, and a later flag still wins", async () => {
    const out: string[] = []
    const sandbox = await runCli(["--port", "0", "--profile", "reference-filter-refused", "--error-format=jsonapi"], {
      env: {},
      out: (line) => out.push(line),
      err: () => undefined,
    })
    try {
      expect(sandbox!.config).toMatchObject({
        profile: "reference-filter-refused",
        referenceFilter: "refused",
        errorFormat: "jsonapi",
      })
      expect(out.join("\n")).toContain("Profile           reference-filter-refused")
    } finally {
      await sandbox!.close()
    }
  })

  it("startSandbox({ profile }) behaves as the profile says: duplicate-409 answers a reused reference with 409", async () => {
    const sandbox = await start({ profile: "duplicate-409" })
    try {
      await createInvoice(sandbox, { reference_id: "profile_dup" })
      const res = await call(sandbox, "POST", "/api/payment-invoices", {
        json: invoiceBody({ reference_id: "profile_dup" }),
      })
      expect(res.status).toBe(409)
      expect(res.json.error_codes[0]).toMatchObject({ field: "reference_id", message: "reference_id already exists" })
    } finally {
      await sandbox.close()
    }
  })

  describe("switching at run time", () => {
    let sandbox: Sandbox
    beforeAll(async () => {
      sandbox = await start({
        callbackUrl: "https://shop.example/hooks/paycore",
        apiKey: "my_key",
        profile: "fee-external",
      })
    })
    afterAll(() => sandbox.close())

    it("POST /_sandbox/profile resets to the defaults plus the profile, keeping credentials and callback URL", async () => {
      await call(sandbox, "PATCH", "/_sandbox/config", { json: { includeHppUrl: true } })
      const invoice = await createInvoice(sandbox)

      const res = await call(sandbox, "POST", "/_sandbox/profile", { json: { name: "errors-jsonapi" } })

      expect(res.status).toBe(200)
      expect(res.json).toMatchObject({
        profile: "errors-jsonapi",
        errorFormat: "jsonapi",
        feeStrategy: "none",
        includeHppUrl: false,
        apiKey: "my_key",
        callbackUrl: "https://shop.example/hooks/paycore",
        controls: true,
        callbackRetryIntervalMs: 5,
      })
      expect(sandbox.getPaymentInvoice(invoice.data.id)).toBeDefined()
      const refused = await call(sandbox, "POST", "/api/payment-invoices", { json: { data: {} } })
      expect(refused.json.errors).toBeDefined()
    })

    it("applyProfile() does the same, and documented goes back to the defaults", () => {
      expect(sandbox.applyProfile("reference-filter-ignored").referenceFilter).toBe("ignored")
      const back = sandbox.applyProfile("documented")
      for (const key of Object.keys(DEFAULT_CONFIG) as (keyof SandboxConfig)[]) {
        if ((KEPT_ON_PROFILE_SWITCH as readonly string[]).includes(key)) continue
        expect([key, back[key]]).toEqual([key, DEFAULT_CONFIG[key]])
      }
    })

    it("refuses an unknown profile name (422) and a profile in PATCH /_sandbox/config", async () => {
      const unknown = await call(sandbox, "POST", "/_sandbox/profile", { json: { name: "nope" } })
      expect(unknown.status).toBe(422)
      expect(unknown.json.error_codes[0]).toMatchObject({ field: "name" })
      const patched = await call(sandbox, "PATCH", "/_sandbox/config", { json: { profile: "duplicate-409" } })
      expect(patched.status).toBe(422)
      expect(sandbox.config.profile).toBe("documented")
    })
  })
})
