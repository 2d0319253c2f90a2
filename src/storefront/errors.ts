/** An error of the kit's own checks; the message starts with the input that is wrong. */
export class PaycoreCheckoutError extends Error {
  override name = "PaycoreCheckoutError"
}
