import diagnostics_channel from "node:diagnostics_channel"
import { performance } from "node:perf_hooks"

/**
 * How long the parts of the callback path took, published on a Node diagnostics channel only while someone
 * subscribes (`npm run bench` does): without a subscriber nothing is measured or kept.
 */
export const TIMINGS_CHANNEL = "medusa-payment-paycore:timings"

/** `callback`: the whole answer; `medusa_workflow`: Medusa's processPaymentWorkflow; `paycore_read`: PayCore's answer. */
export type TimedPhase = "callback" | "lock_wait" | "medusa_workflow" | "paycore_read"
export type Timing = { phase: TimedPhase; ms: number }

const channel = diagnostics_channel.channel(TIMINGS_CHANNEL)

/** Starts timing `phase`; the returned function publishes it (both do nothing without a subscriber). */
export function startTiming(phase: TimedPhase): () => void {
  if (!channel.hasSubscribers) return () => {}
  const started = performance.now()
  return () => channel.publish({ phase, ms: performance.now() - started } satisfies Timing)
}

export async function timed<T>(phase: TimedPhase, work: () => Promise<T>): Promise<T> {
  const done = startTiming(phase)
  try {
    return await work()
  } finally {
    done()
  }
}
