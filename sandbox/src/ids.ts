import { randomInt } from "node:crypto"

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/** Random [A-Za-z0-9]{length}, the shape of PayCore's ids after the prefix (`cpi_yv1RgJ2l8ty2AxIs`). */
export function randomAlphanumeric(length = 16): string {
  let out = ""
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]
  return out
}

export function randomDigits(length: number): string {
  let out = ""
  for (let i = 0; i < length; i++) out += String(randomInt(10))
  return out
}

/** Id prefixes as PayCore documents them (docs/paycore-notes.md, "Payment invoices"). */
export const ID_PREFIX = {
  paymentInvoice: "cpi_",
  payoutInvoice: "cpoi_",
  payout: "po_",
  refund: "ref_",
  customer: "cus_",
  request: "req_",
} as const

export function newId(prefix: string): string {
  return prefix + randomAlphanumeric(16)
}
