import { PROFILE_NAMES, startSandbox, type Sandbox, type SandboxProfileName } from "../../../sandbox/src"
import { paycoreCheckOptionsSchema } from "../../accounts/options"
import { PaycoreClient } from "../../lib/paycore"
import { runPaycoreCheck } from "../run"
import type { CheckRow, PaycoreCheckReport } from "../types"

/**
 * The PayCore check against the sandbox in each of its profiles (one plausible answer each to a question PayCore's
 * documents leave open): the check must name that profile's behaviour on the right row, name nothing else, and say
 * what to set where an option covers the difference.
 */
type Expectation =
  | { row: string; variant: string | null; verdict: CheckRow["verdict"]; action?: RegExp; unanswerable?: string[] }
  | "silent"

const EXPECTED: Record<SandboxProfileName, Expectation> = {
  documented: "silent",
  "balances-endpoint": "silent",
  "hpp-cpi-params-must-match": "silent",
  "hpp-framed-return-message": "silent",
  "payout-envelope-only": { row: "payout_format", variant: "payout-envelope-only", verdict: "ok" },
  "payout-flat-only": {
    row: "payout_format",
    variant: "payout-flat-only",
    verdict: "differs",
    action: /payoutRequestFormat: "flat"/,
  },
  // No body the plugin writes is understood, so no test payout can be sent to ask the two payout questions.
  "payout-envelope-plural": {
    row: "payout_format",
    variant: "payout-envelope-plural",
    verdict: "differs",
    unanswerable: ["payout_card_expiry", "payout_confirmation"],
  },
  "payout-autoprocessing": { row: "payout_confirmation", variant: "payout-autoprocessing", verdict: "ok" },
  "payout-auto-process-ignored": {
    row: "payout_confirmation",
    variant: "payout-auto-process-ignored",
    verdict: "differs",
    action: /payoutConfirmation: "confirm_in_admin"/,
  },
  "payout-card-expiry-required": {
    row: "payout_card_expiry",
    variant: "payout-card-expiry-required",
    verdict: "differs",
    action: /Card expiry/,
  },
  "duplicate-409": { row: "duplicate_reference", variant: "duplicate-409", verdict: "ok" },
  "duplicate-422": { row: "duplicate_reference", variant: "duplicate-422", verdict: "ok" },
  "expires-ignored": { row: "expires", variant: "expires-ignored", verdict: "differs", action: /Invoice lifetime/ },
  "expires-refused": {
    row: "expires",
    variant: "expires-refused",
    verdict: "differs",
    action: /invoiceLifetimeMinutes to 0/,
  },
  "service-required": {
    row: "payment_service",
    variant: "service-required",
    verdict: "differs",
    action: /services option, e\.g\. \{ USD: "payment_card_usd_hpp" \}/,
  },
  "hpp-url-attribute": { row: "hosted_page", variant: "hpp-url-attribute", verdict: "ok" },
  "public-read-requires-key": { row: "public_read", variant: "public-read-requires-key", verdict: "ok" },
  "return-url-only": { row: "return_urls", variant: "return-url-only", verdict: "ok" },
  // Only a paid payment would show these two; the plugin handles either answer.
  "only-final-callbacks": "silent",
  "refund-async": "silent",
  // Charging a saved card needs a card saved by a paid payment (rows saved_card_charge and token_refusal say so).
  "token-charge-async": "silent",
  "token-charge-hpp": "silent",
  "token-refusal-invoice-failed": "silent",
  "fee-external": { row: "fee", variant: "fee-external", verdict: "ok" },
  "no-public-creation": { row: "public_creation", variant: "no-public-creation", verdict: "ok" },
  "refund-api-forbidden": { row: "refund_api", variant: "refund-api-forbidden", verdict: "differs", action: /refund/ },
  "refund-api-not-found": { row: "refund_api", variant: "refund-api-not-found", verdict: "differs", action: /refund/ },
  "errors-jsonapi": { row: "error_format", variant: "errors-jsonapi", verdict: "ok" },
  "reference-filter-ignored": {
    row: "reference_filter",
    variant: "reference-filter-ignored",
    verdict: "differs",
    action: /filter\[reference_id\]/,
  },
  "reference-filter-refused": {
    row: "reference_filter",
    variant: "reference-filter-refused",
    verdict: "differs",
    action: /filter\[reference_id\]/,
  },
}

/** Rows that are never answerable without moving money or guessing a path. */
const NOT_ASKED = ["balances", "callbacks_only_final", "refund_outcome", "saved_card_charge", "token_refusal"]

describe("the PayCore check against each PayCore variant the sandbox models", () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, host: "127.0.0.1" }, { env: {}, log: () => undefined })
  })
  afterAll(() => sandbox.close())

  const options = (overrides: Record<string, unknown> = {}) =>
    paycoreCheckOptionsSchema.parse({
      baseUrl: sandbox.url,
      accountId: sandbox.config.accountId,
      apiKey: sandbox.config.apiKey,
      publicKey: sandbox.config.testPublicKey,
      ...overrides,
    })
  const check = (overrides: Record<string, unknown> = {}) =>
    runPaycoreCheck({ options: options(overrides), payoutWaitMs: 300 })
  const byId = (report: PaycoreCheckReport, id: string) => report.rows.find((row) => row.id === id)!

  it.each(PROFILE_NAMES.map((name) => [name]))("names the %s profile's behaviour and nothing else", async (name) => {
    sandbox.applyProfile(name)
    const report = await check()
    const expected = EXPECTED[name]
    const named = report.rows.filter((row) => row.variant !== null)
    if (expected === "silent") {
      expect(named).toEqual([])
      expect(report.passed).toBe(true)
    } else {
      expect(named.map((row) => [row.id, row.variant])).toEqual([[expected.row, expected.variant]])
      const row = byId(report, expected.row)
      expect(row.verdict).toBe(expected.verdict)
      if (expected.action) expect(row.action).toMatch(expected.action)
      expect(report.passed).toBe(expected.verdict !== "differs")
    }
    // Every other question was asked and answered as documented.
    for (const row of report.rows) {
      const unanswerable = expected === "silent" ? [] : (expected.unanswerable ?? [])
      if ([...NOT_ASKED, ...unanswerable].includes(row.id))
        expect([row.id, row.verdict]).toEqual([row.id, "not_available"])
      else if (expected === "silent" || row.id !== expected.row) expect([row.id, row.verdict]).toEqual([row.id, "ok"])
    }
    expect(report.references.every((reference) => reference.startsWith("paycore-check-"))).toBe(true)
  })

  it("passes where the plugin's options already fit the variant", async () => {
    sandbox.applyProfile("payout-flat-only")
    expect((await check({ payoutRequestFormat: "flat" })).passed).toBe(true)
    sandbox.applyProfile("payout-auto-process-ignored")
    expect((await check({ payoutConfirmation: "confirm_in_admin" })).passed).toBe(true)
    sandbox.applyProfile("service-required")
    expect((await check({ services: { USD: "payment_card_usd_hpp" } })).passed).toBe(true)
    sandbox.applyProfile("expires-refused")
    const noLifetime = await check({ invoiceLifetimeMinutes: 0 })
    expect(noLifetime.passed).toBe(true)
    expect(byId(noLifetime, "expires").verdict).toBe("not_available")
  })

  it("says when an option is set for a PayCore that does otherwise", async () => {
    sandbox.applyProfile("payout-autoprocessing")
    const report = await check({ payoutConfirmation: "confirm_in_admin" })
    expect(byId(report, "payout_confirmation")).toMatchObject({ verdict: "differs", variant: "payout-autoprocessing" })
    expect(byId(report, "payout_confirmation").action).toMatch(/payoutConfirmation: "auto_process"/)
    sandbox.applyProfile("no-public-creation")
    const linkMode = await check({ invoiceCreation: "hpp_link" })
    expect(byId(linkMode, "public_creation")).toMatchObject({ verdict: "differs", variant: "no-public-creation" })
    expect(byId(linkMode, "public_creation").action).toMatch(/Forbid creation/)
  })

  it("reads balances only at the path the shop named, and says when nothing answers there", async () => {
    sandbox.applyProfile("balances-endpoint")
    expect(byId(await check(), "balances")).toMatchObject({
      verdict: "not_available",
      action: expect.stringMatching(/balancesPath/),
    })
    const named = byId(await check({ balancesPath: "/api/balances" }), "balances")
    expect(named.verdict).toBe("ok")
    expect(named.answer.summary).toMatch(/^HTTP 200: test balance \d+(\.\d+)? USD$/)
    sandbox.applyProfile("documented")
    const missing = byId(await check({ balancesPath: "/api/balances" }), "balances")
    expect(missing).toMatchObject({ verdict: "differs", answer: { http_status: 404 } })
    expect(missing.action).toContain("check balancesPath (/api/balances)")
  })

  it("leaves no test payout waiting at PayCore, also when an answer is lost", async () => {
    sandbox.applyProfile("payout-auto-process-ignored")
    // The answer to the first test payout (PayCore made it, and keeps it waiting for /process) is lost.
    sandbox.addFault({ method: "POST", path: "/api/payout-invoices", kind: "drop", phase: "after", times: 1 })
    const report = await check()
    expect(byId(report, "payout_confirmation").verdict).toBe("not_available")
    sandbox.clearFaults()
    const client = new PaycoreClient({
      baseUrl: sandbox.url,
      accountId: sandbox.config.accountId,
      apiKey: sandbox.config.apiKey,
    })
    try {
      const payouts = report.references.filter((reference) => reference.includes("-payout"))
      const lost = await client.findPayoutInvoiceByReference(payouts[0])
      expect(lost?.attributes.status).not.toBe("created")
      for (const reference of payouts) {
        const payout = await client.findPayoutInvoiceByReference(reference)
        if (payout) expect([reference, payout.attributes.status]).not.toEqual([reference, "created"])
      }
    } finally {
      await client.close()
    }
  })

  it("creates nothing when the Private API refuses the credentials, and says which option to fix", async () => {
    sandbox.applyProfile("documented")
    const report = await check({ apiKey: "wrong_api_key_for_the_check" })
    expect(byId(report, "credentials")).toMatchObject({ verdict: "differs", answer: { http_status: 401 } })
    expect(byId(report, "credentials").action).toMatch(/apiKey/)
    expect(report.references).toEqual([])
    expect(report.passed).toBe(false)
  })
})
