// Link mode (invoiceCreation: hpp_link) needs PayCore to create invoices from the public key, which the account's
// "Public Access → Forbid creation" switch forbids (docs/paycore-notes.md, "Public API / HPP"). Asked with the test
// public key only: a live key would create a live invoice.
import { notAsked, row, type CheckContext } from "./context"
import { answerOf } from "./probe"
import type { CheckRow } from "./types"

export async function publicCreationRow(ctx: CheckContext, privateApi: boolean): Promise<CheckRow> {
  const { options } = ctx
  const linkMode = options.invoiceCreation === "hpp_link"
  const title = "Invoice creation with the public key (link mode)"
  const expected = linkMode
    ? "PayCore creates invoices from public-key requests (invoiceCreation: hpp_link)"
    : "not needed (invoiceCreation: private_api); asked so that link mode's answer is known"
  if (!privateApi) {
    // Nothing is created for an account whose Private API does not answer this server: fix that first.
    return notAsked("public_creation", title, expected, "the Private API did not answer (see above)")
  }
  if (!options.publicKey?.startsWith("pk_test_")) {
    return notAsked(
      "public_creation",
      title,
      expected,
      "needs the test public key (pk_test_…): a live key would create a live invoice"
    )
  }
  const reference = ctx.probe.reference("link")
  const result = await ctx.probe.create(reference, {
    api: "public",
    path: "/payment-invoices",
    body: {
      public_key: options.publicKey,
      reference_id: reference,
      amount: 1,
      currency: ctx.currency,
      description: ctx.description,
      expires: Math.floor(Date.now() / 1000) + 15 * 60,
    },
  })
  if (result.ok) return row("public_creation", title, expected, answerOf(result, `${result.text}: created`), "ok")
  const forbidden = result.status === 403
  const summary = forbidden ? `${result.text}: public creation is forbidden` : result.text
  if (!linkMode) {
    return row(
      "public_creation",
      title,
      expected,
      answerOf(result, summary),
      "ok",
      null,
      forbidden ? "no-public-creation" : null
    )
  }
  return row(
    "public_creation",
    title,
    expected,
    answerOf(result, summary),
    result.status === null || result.status >= 500 ? "not_available" : "differs",
    forbidden
      ? 'switch "Public Access → Forbid creation" off in PayCore\'s dashboard (Commerce account → Settings), or set invoiceCreation: "private_api"'
      : null,
    forbidden ? "no-public-creation" : null
  )
}
