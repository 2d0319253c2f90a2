// The customer's saved PayCore cards (saved by the customer at checkout): brand, last four digits, expiry, test or
// live, when saved and last used, and Delete behind a confirmation. Only the card's public part is ever shown.
import { CreditCard, Trash } from "@medusajs/icons"
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, StatusBadge, Text, toast, usePrompt } from "@medusajs/ui"
import { errorMessage } from "../lib/paycore-api"
import { formatTime, savedCardName } from "../lib/paycore-format"
import { type PaycoreAdminSavedCard, useCustomerSavedCards, useDeleteSavedCard } from "../lib/paycore-saved-cards-api"
import { Callout, QueryState } from "../components/paycore-ui"

const PaycoreSavedCardsWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const cards = useCustomerSavedCards(customer.id)
  return (
    <Container className="divide-y p-0" data-testid="paycore-saved-cards">
      <div className="flex items-center justify-between gap-x-4 px-6 py-4">
        <Heading level="h2">PayCore saved cards</Heading>
      </div>
      <QueryState query={cards} testId="paycore-saved-cards" title="Could not load the saved cards">
        {(shown) =>
          shown.length ? (
            <ul className="flex flex-col divide-y" data-testid="paycore-saved-cards-list">
              {shown.map((card) => (
                <SavedCard key={card.id} card={card} owner={customer.email || customer.id} />
              ))}
            </ul>
          ) : (
            <div className="px-6 py-4" data-testid="paycore-saved-cards-empty">
              <Text size="small" className="text-ui-fg-subtle">
                No saved cards. A customer saves one by ticking “Save this card” when paying with a card.
              </Text>
            </div>
          )
        }
      </QueryState>
    </Container>
  )
}

const SavedCard = ({ card, owner }: { card: PaycoreAdminSavedCard; owner: string }) => {
  const name = savedCardName(card)
  const remove = useDeleteSavedCard()
  const prompt = usePrompt()
  const onDelete = async () => {
    const confirmed = await prompt({
      title: "Delete this saved card?",
      description: `${owner} can no longer pay with ${name} without typing the card again.`,
      confirmText: "Delete card",
      cancelText: "Cancel",
    })
    if (!confirmed) return
    await remove.mutateAsync(card.id).then(
      () => toast.success("Saved card deleted", { description: name }),
      (error) => toast.error("Could not delete the saved card", { description: errorMessage(error) })
    )
  }
  return (
    <li
      className="flex flex-col gap-y-2 px-6 py-4"
      data-testid="paycore-saved-card"
      data-card-id={card.id}
      data-expired={String(card.expired)}
      aria-label={name}
    >
      <div className="flex items-center gap-x-3">
        <CreditCard className="text-ui-fg-subtle shrink-0" />
        <div className="flex min-w-0 flex-1 flex-col">
          <Text size="small" leading="compact" weight="plus" data-testid="paycore-saved-card-name">
            {name}
          </Text>
          <Text size="small" leading="compact" className="text-ui-fg-subtle" data-testid="paycore-saved-card-expiry">
            Expires {card.expiry_month}/{card.expiry_year}
          </Text>
        </div>
        {card.expired && (
          <StatusBadge color="red" data-testid="paycore-saved-card-expired">
            Expired
          </StatusBadge>
        )}
        <Badge
          size="2xsmall"
          color={card.test_mode ? "orange" : "green"}
          title={card.test_mode ? "Saved in PayCore's test mode: it pays no real money" : "Saved in live mode"}
          data-testid="paycore-saved-card-mode"
        >
          {card.test_mode ? "TEST" : "LIVE"}
        </Badge>
        <Button
          size="small"
          variant="secondary"
          onClick={onDelete}
          isLoading={remove.isPending}
          data-testid="paycore-saved-card-delete"
          aria-label={`Delete ${name}`}
        >
          <Trash />
          Delete
        </Button>
      </div>
      <Text size="xsmall" className="text-ui-fg-muted" data-testid="paycore-saved-card-dates">
        Saved {formatTime(card.created_at)} ·{" "}
        {card.last_used_at ? `last used ${formatTime(card.last_used_at)}` : "never used"}
      </Text>
      {card.unusable_reason && (
        <Callout problem data-testid="paycore-saved-card-unusable">
          Cannot pay: {card.unusable_reason}
        </Callout>
      )}
    </li>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
})

export default PaycoreSavedCardsWidget
