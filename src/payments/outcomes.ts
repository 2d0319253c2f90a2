/** What applying one PayCore state did. Every outcome but `retry` is final for that state: answer 200. */
export type ApplyOutcome =
  | "order_created" // the cart became an order (or already was one) with the payment captured
  | "payment_captured" // paid for a payment collection that belongs to no cart (e.g. an order edit)
  | "session_failed" // process_failed & co: the session shows `error`, the storefront can retry
  | "session_canceled" // expired / terminated: the session shows `canceled`
  | "pending" // created / processing: nothing to do yet
  | "refund_recorded"
  | "chargeback_recorded"
  | "payment_refused" // paid, but not for this session's amount/currency: never captured
  | "payment_refunded" // paid and captured, but the cart could not become an order: Medusa refunded it (at PayCore)
  | "refund_failed" // PayCore could not refund: money the shop meant to return is still with the customer's bank
  | "unknown_session" // a state for a session Medusa no longer has (paid: an orphan payment, see orphan_status)
  | "not_ours" // a reference this plugin did not create
  | "wrong_mode" // test and live do not mix: a state of the other mode (or another provider) changes nothing
  | "duplicate" // this state was applied before
  | "stale" // a newer state was applied before
  | "retry" // a passing failure: PayCore should send it again

export type ApplyResult = {
  outcome: ApplyOutcome
  detail?: string
  orderId?: string
  orphanStatus?: "open" | "refund_requested" | "refunded" | "refund_failed"
}
