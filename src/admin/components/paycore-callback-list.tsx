// The last callbacks of a PayCore payment (and the plugin's own status checks), newest first, as the order widget
// lists them: when, what status, whether the signature verified, and what applying it did.
import { Badge, Text, clx } from "@medusajs/ui"
import type { PaycoreCallbackEntry } from "../lib/paycore-api"
import { callbackOutcomeText, callbackSourceText, formatTime, humanize } from "../lib/paycore-format"

export const CallbackList = ({ callbacks }: { callbacks: PaycoreCallbackEntry[] }) => (
  <div className="flex flex-col gap-y-2">
    <Text size="small" leading="compact" weight="plus">
      Last callbacks
    </Text>
    {callbacks.length === 0 ? (
      <Text size="small" className="text-ui-fg-muted" data-testid="paycore-callbacks-empty">
        None received yet.
      </Text>
    ) : (
      <ol className="flex flex-col gap-y-2">
        {callbacks.map((entry, index) => (
          <li
            key={`${entry.received_at}-${index}`}
            className="bg-ui-bg-subtle flex flex-col gap-y-1 rounded-md px-3 py-2"
            data-testid="paycore-callback"
            data-source={entry.source}
            data-signature={entry.signature}
            data-outcome={entry.outcome}
            data-status={entry.status}
          >
            <div className="flex items-center justify-between gap-x-2">
              <div className="flex min-w-0 items-center gap-x-2">
                <Text size="xsmall" leading="compact" className="text-ui-fg-subtle shrink-0 tabular-nums">
                  {formatTime(entry.received_at)}
                </Text>
                <Text size="xsmall" leading="compact" weight="plus" className="truncate">
                  {callbackSourceText(entry.source)} · {humanize(entry.status)}
                </Text>
              </div>
              {entry.source === "callback" && (
                <Badge
                  size="2xsmall"
                  color={entry.signature === "accepted" ? "green" : "red"}
                  data-testid="paycore-callback-signature"
                  title={entry.signature === "accepted" ? "Signature verified" : "Signature did not verify"}
                >
                  {entry.signature === "accepted" ? "Signature ok" : "Signature refused"}
                </Badge>
              )}
            </div>
            <Text
              size="xsmall"
              leading="compact"
              className={clx("break-words", entry.outcome === "rejected" ? "text-ui-fg-error" : "text-ui-fg-subtle")}
              data-testid="paycore-callback-outcome"
            >
              {callbackOutcomeText(entry)}
            </Text>
          </li>
        ))}
      </ol>
    )}
  </div>
)
