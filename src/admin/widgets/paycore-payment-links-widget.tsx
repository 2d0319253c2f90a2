// "PayCore payment links" on the order page: when the order still owes money (e.g. after an order edit added an
// item), "Request payment through PayCore" makes a PayCore invoice for it; its hosted page link can be copied and
// sent to the customer. The links sent are listed with their status and who asked for them, polled while one awaits
// payment.
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { ArrowUpRightOnBox, SquareTwoStack } from "@medusajs/icons"
import { Button, Container, Heading, StatusBadge, Text, toast } from "@medusajs/ui"
import { useQueryClient } from "@tanstack/react-query"
import { useEffect, useRef } from "react"
import { AdminUser, QueryState } from "../components/paycore-ui"
import { errorMessage } from "../lib/paycore-api"
import { type BadgeColor, formatAmount, formatTime } from "../lib/paycore-format"
import {
  type PaycorePaymentLink,
  type PaycorePaymentLinkStatus,
  useOrderPaymentLinks,
  useRequestPaymentLink,
} from "../lib/paycore-payment-links-api"

const STATUS_TEXT: Record<PaycorePaymentLinkStatus, [text: string, color: BadgeColor]> = {
  awaiting: ["Awaiting payment", "orange"],
  paid: ["Paid", "green"],
  failed: ["Failed", "red"],
  expired: ["Expired", "grey"],
  canceled: ["Canceled", "grey"],
}

const PaycorePaymentLinksWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const outstanding = Number(order.summary?.pending_difference ?? 0)
  const links = useOrderPaymentLinks(order.id)
  const request = useRequestPaymentLink(order.id)
  useOrderRefreshOnPayment(links.data)

  // Nothing owed and nothing ever requested: the order page stays as it was.
  if (outstanding <= 0 && !links.data?.length) return null

  // The request's own promise, not mutate()'s callbacks: TanStack Query drops those when the order page re-mounts
  // the widget while the request runs, and the merchant would never see the outcome.
  const requestPayment = () =>
    request.mutateAsync({}).then(
      () =>
        toast.success("Payment link created", {
          description: "The payment page link below can be copied and sent to the customer.",
        }),
      (error) => toast.error("Could not request the payment", { description: errorMessage(error) })
    )
  const current = links.data?.find((link) => link.status === "awaiting")

  return (
    <Container className="divide-y p-0" data-testid="paycore-payment-links">
      <div className="px-6 py-4">
        <Heading level="h2">PayCore payment links</Heading>
      </div>
      {outstanding > 0 && (
        <div className="flex flex-col gap-y-3 px-6 py-4">
          <Text size="small" className="text-ui-fg-subtle" data-testid="paycore-payment-links-outstanding">
            The customer still owes {formatAmount(outstanding, order.currency_code)}.
          </Text>
          <Button
            size="small"
            variant="secondary"
            className="w-fit"
            onClick={requestPayment}
            isLoading={request.isPending}
            data-testid="paycore-request-payment"
          >
            Request payment through PayCore
          </Button>
        </div>
      )}
      {current && <CurrentLink link={current} />}
      <QueryState query={links} testId="paycore-payment-links" title="Could not load the payment links" rows={2}>
        {(shown) =>
          shown.length > 0 && (
            <ul className="flex flex-col divide-y" data-testid="paycore-payment-links-list">
              {shown.map((link) => (
                <LinkRow key={link.id} link={link} />
              ))}
            </ul>
          )
        }
      </QueryState>
    </Container>
  )
}

/** Once a link turns paid, the dashboard's order views refetch (outstanding amount, payments). */
function useOrderRefreshOnPayment(links: PaycorePaymentLink[] | undefined) {
  const queryClient = useQueryClient()
  const paid = links?.filter((link) => link.status === "paid").length
  const previous = useRef(paid)
  useEffect(() => {
    if (paid !== undefined && previous.current !== undefined && paid > previous.current) {
      void queryClient.invalidateQueries({ queryKey: ["orders"] })
    }
    previous.current = paid
  }, [paid, queryClient])
}

/** The hosted payment page of the link awaiting payment, to open or copy. */
const CurrentLink = ({ link }: { link: PaycorePaymentLink }) => {
  const copy = async () => {
    try {
      // navigator.clipboard exists only in secure contexts (https, localhost): the catch covers plain http.
      await navigator.clipboard.writeText(link.url)
      toast.success("Link copied", { description: link.url })
    } catch {
      toast.error("Could not copy the link", { description: "Select the link and copy it yourself." })
    }
  }
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="paycore-payment-link-current" data-link-id={link.id}>
      <Text size="small" leading="compact" weight="plus">
        Payment page
      </Text>
      <div className="flex items-center gap-x-2">
        <a
          href={link.url}
          target="_blank"
          rel="noopener noreferrer"
          className="txt-compact-small text-ui-fg-interactive hover:text-ui-fg-interactive-hover inline-flex min-w-0 flex-1 items-center gap-x-1"
          title={link.url}
          data-testid="paycore-payment-link-url"
        >
          <span className="truncate">{link.url}</span>
          <ArrowUpRightOnBox className="shrink-0" />
        </a>
        <Button size="small" variant="secondary" onClick={copy} data-testid="paycore-payment-link-copy">
          <SquareTwoStack />
          Copy
        </Button>
      </div>
    </div>
  )
}

const LinkRow = ({ link }: { link: PaycorePaymentLink }) => {
  const [text, color] = STATUS_TEXT[link.status] ?? [link.status, "grey"]
  return (
    <li
      className="flex flex-col gap-y-1 px-6 py-3"
      data-testid="paycore-payment-link"
      data-link-id={link.id}
      data-status={link.status}
    >
      <div className="flex items-center justify-between gap-x-2">
        <StatusBadge color={color} data-testid="paycore-payment-link-status">
          {text}
        </StatusBadge>
        <Text size="small" leading="compact" weight="plus" data-testid="paycore-payment-link-amount">
          {formatAmount(link.amount, link.currency_code)}
        </Text>
      </div>
      <Text size="xsmall" className="text-ui-fg-muted" data-testid="paycore-payment-link-dates">
        Created {formatTime(link.created_at)}
        {link.created_by && (
          <span data-testid="paycore-payment-link-created-by">
            {" by "}
            <AdminUser id={link.created_by} />
          </span>
        )}
        {link.paid_at && ` · paid ${formatTime(link.paid_at)}`}
        {!link.paid_at && link.status === "awaiting" && link.expires_at && ` · expires ${formatTime(link.expires_at)}`}
        {link.notified_at && ` · emailed ${formatTime(link.notified_at)}`}
      </Text>
    </li>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
})

export default PaycorePaymentLinksWidget
