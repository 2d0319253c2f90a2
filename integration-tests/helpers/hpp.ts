// Pays on the sandbox's hosted payment page over plain HTTP, as a browser would: load the page, choose the
// card method if asked, post the card form, pass the 3DS step, and stop at the redirect back to the shop.
import { request } from "undici"

export const TEST_CARDS = {
  success: { number: "5519283812030000", expiry: "12/30" },
  success3ds: { number: "5123817234060000", expiry: "12/30" },
  pending: { number: "5519283812030000", expiry: "07/77" },
  declined: { number: "4302912837020000", expiry: "11/47" }, // 1147 → issuer_decline
  declined3ds: { number: "4412397212080000", expiry: "05/29" }, // 0529 → insufficient_funds
}

type Card = { number: string; expiry: string }

async function submit(url: string, fields: Record<string, string>) {
  return request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  })
}

/** Returns where the HPP finally sends the customer (the shop's return URL) and the pages seen on the way. */
export async function payOnHpp(hppUrl: string, card: Card): Promise<{ returnUrl: string; steps: string[] }> {
  const base = new URL(hppUrl).origin
  const steps: string[] = []

  // A payment link (HPP link mode) first creates the invoice, then redirects to its page.
  let pageUrl = hppUrl
  let page = await request(pageUrl)
  for (let hops = 0; page.statusCode >= 300 && page.statusCode < 400 && hops < 3; hops++) {
    await page.body.dump()
    pageUrl = new URL(page.headers.location as string, base).toString()
    page = await request(pageUrl)
  }
  const cpi = new URL(pageUrl).searchParams.get("cpi")
  if (!cpi) throw new Error(`the HPP did not open an invoice (${page.statusCode})`)
  const html = await page.body.text()
  steps.push("hpp")
  if (html.includes('data-testid="method-form"')) {
    const service = /name="service" value="(payment_card_[a-z]+_hpp)"/.exec(html)?.[1]
    if (!service) throw new Error("the HPP offers no card method")
    const chosen = await submit(`${base}/hpp/select`, { cpi, service })
    await chosen.body.dump()
    steps.push("method")
  }

  let response = await submit(`${base}/hpp/pay`, {
    cpi,
    card_number: card.number,
    card_expiry: card.expiry,
    card_cvv: "123",
    card_holder: "JANE DOE",
  })
  for (let hops = 0; hops < 5; hops++) {
    await response.body.dump()
    const location = response.headers.location as string | undefined
    if (!location || response.statusCode < 300 || response.statusCode >= 400) {
      throw new Error(`the HPP answered ${response.statusCode} without a redirect`)
    }
    const target = new URL(location, base)
    if (target.origin !== base || target.pathname === "/hpp/result") return { returnUrl: target.toString(), steps }
    if (target.pathname === "/hpp/3ds") {
      steps.push("3ds")
      const challenge = await request(target.toString())
      await challenge.body.dump()
      response = await submit(`${base}/hpp/3ds`, { cpi, code: "1234" })
      continue
    }
    steps.push(target.pathname)
    response = await request(target.toString())
  }
  throw new Error("too many redirects on the HPP")
}
