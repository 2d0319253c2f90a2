import { z } from "zod"

// What PayCore's callback (or invoice) says of a tokenised card: `payload.token` and `payload.payment_card`
// (docs/paycore-notes.md, "Saved cards": `expiry_year` is a two-digit string).

const twoDigits = z
  .union([z.string(), z.number().int()])
  .transform((value) => String(value).padStart(2, "0"))
  .pipe(z.string().regex(/^\d{2}$/))

const fourDigitsOrTwo = z
  .union([z.string(), z.number().int()])
  .transform((value) => String(value))
  .pipe(z.string().regex(/^(\d{2}|\d{4})$/))
  .transform((value) => value.slice(-2))

export const tokenisedCardSchema = z.object({
  token: z.string().trim().min(8).max(512),
  payment_card: z.looseObject({
    last: z
      .string()
      .regex(/^\d{4}$/)
      .optional(),
    mask: z.string().max(32).optional(),
    brand: z.string().trim().min(1).max(32).optional(),
    expiry_month: twoDigits.pipe(z.string().regex(/^(0[1-9]|1[0-2])$/)),
    expiry_year: fourDigitsOrTwo,
  }),
})

/** The card's public part, as stored next to its sealed token. */
export type CardDetails = { brand: string; last4: string; expiry_month: string; expiry_year: string }

/** The token and card of a payload, or undefined when PayCore sent none (no consent, no card, another method). */
export function tokenisedCard(payload: unknown): { token: string; card: CardDetails } | undefined {
  const parsed = tokenisedCardSchema.safeParse(payload)
  if (!parsed.success) return undefined
  const card = parsed.data.payment_card
  const last4 = card.last ?? card.mask?.match(/(\d{4})$/)?.[1]
  if (!last4) return undefined
  return {
    token: parsed.data.token,
    card: {
      brand: (card.brand ?? "card").toLowerCase(),
      last4,
      expiry_month: card.expiry_month,
      expiry_year: card.expiry_year,
    },
  }
}

/** A card is good through the last day of its expiry month (two-digit years are 20xx). */
export function cardExpired(card: Pick<CardDetails, "expiry_month" | "expiry_year">, now = new Date()): boolean {
  const year = 2000 + Number(card.expiry_year)
  const month = Number(card.expiry_month)
  const nowYear = now.getUTCFullYear()
  const nowMonth = now.getUTCMonth() + 1
  return year < nowYear || (year === nowYear && month < nowMonth)
}
