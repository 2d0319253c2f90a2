// Payouts in test mode: which request bodies PayCore understands (asked with an amount of 0, which it refuses
// before any money moves), whether a card payout needs its expiry, and whether payouts wait for the confirmation
// step (two test payouts to PayCore's succeeding test card, each confirmed by the check if PayCore keeps it waiting).
import type { PaycorePrerequestService } from "../lib/paycore"
import { notAsked, row, type CheckContext } from "./context"
import { answerOf, listOf, names, resourceOf, type ProbeResult } from "./probe"
import type { CheckRow } from "./types"

type Format = "envelope" | "flat" | "envelope_plural"
const FORMATS: Format[] = ["envelope", "flat", "envelope_plural"]
/** PayCore's succeeding test card without 3-D Secure (docs/paycore-notes.md, "Test cards"). */
const TEST_CARD = "5519283812030000"
const BODY = /^(data|type|attributes)\b/
const EXPIRY = /exp_(month|year)/

const EXPECTED = {
  payout_format: (format: string) => `PayCore understands the ${format} payout body (payoutRequestFormat)`,
  payout_card_expiry: "a card payout is taken without the card's expiry (the expiry is sent when an admin enters it)",
  payout_confirmation: (mode: string) =>
    mode === "auto_process"
      ? "a payout sent with options.auto_process: true is processed without /process (payoutConfirmation: auto_process)"
      : "a payout sent with options.auto_process: false waits for /process (payoutConfirmation: confirm_in_admin)",
}

export async function payoutRows(
  ctx: CheckContext,
  services: PaycorePrerequestService[] | null,
  privateApi: boolean
): Promise<CheckRow[]> {
  const { options } = ctx
  const formatTitle = "Payout request body"
  const expiryTitle = "Card payouts and the card's expiry"
  const confirmTitle = "Payout confirmation step"
  const service = services?.find((s) => (s.fields ?? []).some((f) => f.key === "card_number") && fillable(s))
  const why = !privateApi
    ? "the Private API did not answer (see above)"
    : !services
      ? "the payout pre-request gave no services (see above)"
      : `no payout service for ${ctx.currency} that the check can fill (it needs a card_number field and no other required field)`
  if (!privateApi || !service) {
    return [
      notAsked("payout_format", formatTitle, EXPECTED.payout_format(options.payoutRequestFormat), why),
      notAsked("payout_card_expiry", expiryTitle, EXPECTED.payout_card_expiry, why),
      notAsked("payout_confirmation", confirmTitle, EXPECTED.payout_confirmation(options.payoutConfirmation), why),
    ]
  }
  const base = {
    currency: ctx.currency,
    service: service.code,
    fields: { card_number: TEST_CARD },
    description: ctx.description,
    test_mode: true,
  }

  // 1. A real test payout the way the plugin sends it (its body format, no card expiry), before anything else.
  const configuredAuto = options.payoutConfirmation === "auto_process"
  const amount = Number(service.amount_min ?? 0) > 1 ? service.amount_min : 1
  const send = (name: string, autoProcess: boolean, expiry: boolean, format: Format) => {
    const reference = ctx.probe.reference(name)
    const attributes = {
      ...base,
      reference_id: reference,
      amount,
      options: { auto_process: autoProcess },
      ...(expiry ? { context: { card: { exp_month: "12", exp_year: String(new Date().getUTCFullYear() + 3) } } } : {}),
    }
    return ctx.probe.create(reference, { api: "private", path: "/payout-invoices", body: bodyFor(format, attributes) })
  }
  let first = await send("payout", configuredAuto, false, options.payoutRequestFormat)

  // 2. Body formats, with an amount PayCore refuses: naming the amount means it read the body.
  const understood: Partial<Record<Format, boolean>> = {}
  let deciding: ProbeResult | undefined
  for (const format of FORMATS) {
    const reference = ctx.probe.reference(`payout-format-${format.replace("_", "-")}`)
    const result = await ctx.probe.create(reference, {
      api: "private",
      path: "/payout-invoices",
      body: bodyFor(format, { ...base, reference_id: reference, amount: 0 }),
    })
    if (result.ok) await confirmIfWaiting(ctx, result)
    understood[format] =
      result.ok ||
      (result.status !== null &&
        result.status < 500 &&
        !names(result, BODY) &&
        result.status !== 401 &&
        result.status !== 403)
    if (format === options.payoutRequestFormat) deciding = result
  }
  const rows = [formatRow(ctx, understood, deciding!)]
  const format: Format | undefined = understood[options.payoutRequestFormat]
    ? options.payoutRequestFormat
    : understood.envelope
      ? "envelope"
      : understood.flat
        ? "flat"
        : undefined
  if (!format) {
    const noFormat = "PayCore understood none of the plugin's payout bodies"
    rows.push(notAsked("payout_card_expiry", expiryTitle, EXPECTED.payout_card_expiry, noFormat))
    rows.push(
      notAsked("payout_confirmation", confirmTitle, EXPECTED.payout_confirmation(options.payoutConfirmation), noFormat)
    )
    return rows
  }

  // 3. In a format PayCore understands and, if it wants it, with the card's expiry.
  if (format !== options.payoutRequestFormat) first = await send("payout-format", configuredAuto, false, format)
  const expiryRefusal = !first.ok && names(first, EXPIRY) ? first : undefined
  if (expiryRefusal) first = await send("payout-expiry", configuredAuto, true, format)
  rows.push(expiryRow(first, expiryRefusal))
  const second = first.ok ? await send("payout-other", !configuredAuto, Boolean(expiryRefusal), format) : undefined

  // 4. Watched together: did PayCore process each by itself? Once the auto_process one has moved, the other is
  // given three times as long (at least a second) to show that the account processes every payout by itself.
  const started = Date.now()
  const full = started + ctx.payoutWaitMs
  let autoMoved: number | undefined
  const deadline = (auto: boolean) => () =>
    auto || autoMoved === undefined ? full : Math.min(full, started + Math.max(1_000, 3 * autoMoved))
  const watchPayout = async (created: ProbeResult, auto: boolean) => {
    const watched = await watch(ctx, created, deadline(auto))
    if (auto && watched?.moved) autoMoved = Date.now() - started
    return watched
  }
  const [firstMoved, secondMoved] = await Promise.all([
    watchPayout(first, configuredAuto),
    second ? watchPayout(second, !configuredAuto) : undefined,
  ])
  rows.push(confirmationRow(ctx, first, firstMoved, secondMoved))
  await Promise.all([confirmIfWaiting(ctx, first), second ? confirmIfWaiting(ctx, second) : undefined])
  return rows
}

function fillable(service: PaycorePrerequestService): boolean {
  return (service.fields ?? []).every((field) => field.key === "card_number" || field.required !== true)
}

function bodyFor(format: Format, attributes: Record<string, unknown>): unknown {
  if (format === "flat") return attributes
  return { data: { type: format === "envelope" ? "payout-invoice" : "payout-invoices", attributes } }
}

function formatRow(ctx: CheckContext, understood: Partial<Record<Format, boolean>>, deciding: ProbeResult): CheckRow {
  const configured = ctx.options.payoutRequestFormat
  const list = FORMATS.map((format) => `${format}: ${understood[format] ? "understood" : "refused"}`).join("; ")
  const answer = answerOf(deciding, list)
  const variant =
    understood.envelope && understood.flat
      ? null
      : understood.envelope
        ? "payout-envelope-only"
        : understood.flat
          ? "payout-flat-only"
          : understood.envelope_plural
            ? "payout-envelope-plural"
            : null
  const title = "Payout request body"
  const expected = EXPECTED.payout_format(configured)
  if (understood[configured]) return row("payout_format", title, expected, answer, "ok", null, variant)
  const other = configured === "envelope" ? "flat" : "envelope"
  const action = understood[other]
    ? `set payoutRequestFormat: "${other}"`
    : understood.envelope_plural
      ? 'PayCore wants an envelope typed "payout-invoices", which no option writes: pay out in PayCore\'s dashboard and report it to the plugin'
      : "PayCore refused every payout body: check that payouts are enabled for this account"
  return row("payout_format", title, expected, answer, "differs", action, variant)
}

function expiryRow(first: ProbeResult, refusal: ProbeResult | undefined): CheckRow {
  const title = "Card payouts and the card's expiry"
  if (refusal) {
    return row(
      "payout_card_expiry",
      title,
      EXPECTED.payout_card_expiry,
      answerOf(refusal, `${refusal.text}: the expiry is required${first.ok ? "; taken with it" : ""}`),
      "differs",
      "enter Card expiry (month and year) for every card payout: PayCore refuses card payouts without it",
      "payout-card-expiry-required"
    )
  }
  return first.ok
    ? row(
        "payout_card_expiry",
        title,
        EXPECTED.payout_card_expiry,
        answerOf(first, `${first.text}: taken without the expiry`),
        "ok"
      )
    : row(
        "payout_card_expiry",
        title,
        EXPECTED.payout_card_expiry,
        answerOf(first, first.text),
        first.status === null || first.status >= 500 ? "not_available" : "differs",
        first.status === null ? null : "PayCore refused the test payout: see its answer"
      )
}

type Watched = { moved: boolean; status: string; waitedMs: number }

/** Reads the payout until PayCore moves it past `created` or the wait is over. */
async function watch(ctx: CheckContext, created: ProbeResult, until: () => number): Promise<Watched | undefined> {
  const payout = resourceOf(created)
  if (!payout) return undefined
  const started = Date.now()
  let status = String(payout.attributes.status)
  while (status === "created" && Date.now() < until()) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(250, Math.max(10, until() - Date.now()))))
    const read = await ctx.probe.send({
      method: "GET",
      api: "private",
      path: `/payout-invoices/${encodeURIComponent(payout.id)}`,
    })
    const attributes = resourceOf(read)?.attributes
    if (attributes) status = String(attributes.status)
  }
  return { moved: status !== "created", status, waitedMs: Date.now() - started }
}

function confirmationRow(ctx: CheckContext, first: ProbeResult, configured?: Watched, other?: Watched): CheckRow {
  const mode = ctx.options.payoutConfirmation
  const title = "Payout confirmation step"
  const expected = EXPECTED.payout_confirmation(mode)
  if (!configured)
    return notAsked("payout_confirmation", title, expected, "the test payout was not created (see above)")
  const auto = mode === "auto_process" ? configured : other
  const manual = mode === "auto_process" ? other : configured
  const describe = (label: string, watched?: Watched) =>
    watched
      ? `${label}: ${watched.moved ? watched.status : `still created after ${(Math.round(watched.waitedMs / 100) / 10).toFixed(1)} s`}`
      : `${label}: not asked`
  const answer = answerOf(first, `${describe("auto_process true", auto)}; ${describe("auto_process false", manual)}`)
  // Payout Autoprocessing processes even a payout sent without auto_process; an ignored option leaves it waiting.
  const variant = manual?.moved ? "payout-autoprocessing" : auto && !auto.moved ? "payout-auto-process-ignored" : null
  if (mode === "auto_process" && !configured.moved) {
    return row(
      "payout_confirmation",
      title,
      expected,
      answer,
      "differs",
      'set payoutConfirmation: "confirm_in_admin": PayCore waits for each payout to be confirmed (the check confirmed its own)',
      variant
    )
  }
  if (mode === "confirm_in_admin" && configured.moved) {
    return row(
      "payout_confirmation",
      title,
      expected,
      answer,
      "differs",
      'PayCore processes payouts without confirmation (Payout Autoprocessing): set payoutConfirmation: "auto_process", or switch Payout Autoprocessing off in PayCore',
      variant
    )
  }
  return row("payout_confirmation", title, expected, answer, "ok", null, variant)
}

/**
 * A check payout PayCore keeps `created` is confirmed, so that none is left waiting; one whose answer was lost is
 * looked up by its reference first.
 */
async function confirmIfWaiting(ctx: CheckContext, created: ProbeResult): Promise<void> {
  let payout = resourceOf(created)
  if (!payout) return
  const read = await ctx.probe.send({
    method: "GET",
    api: "private",
    path: `/payout-invoices/${encodeURIComponent(payout.id)}`,
  })
  payout = resourceOf(read) ?? payout
  if (payout.attributes.status !== "created") return
  await ctx.probe.send({
    method: "POST",
    api: "private",
    path: `/payout-invoices/${encodeURIComponent(payout.id)}/process`,
  })
}

/** Payouts whose create got no answer: found by reference (where PayCore filters) and confirmed if waiting. */
export async function settleLostPayouts(ctx: CheckContext, references: string[]): Promise<void> {
  for (const reference of references.filter((ref) => ref.includes("-payout"))) {
    const list = await ctx.probe.send({
      method: "GET",
      api: "private",
      path: "/payout-invoices",
      query: { "filter[reference_id]": reference },
    })
    for (const payout of listOf(list).filter((item) => item.attributes?.reference_id === reference)) {
      if (payout.attributes.status === "created") {
        await ctx.probe.send({
          method: "POST",
          api: "private",
          path: `/payout-invoices/${encodeURIComponent(payout.id)}/process`,
        })
      }
    }
  }
}
