// A storefront customer who registers and logs in (Medusa's emailpass provider), as a storefront would.
import type { AxiosInstance } from "axios"
import type { DemoSeedResult } from "../../demo/seed"

export type LoggedInCustomer = { id: string; email: string; headers: Record<string, string> }

export async function loggedInCustomer(
  api: AxiosInstance,
  seed: DemoSeedResult,
  email: string,
  password = "customer-password-1"
): Promise<LoggedInCustomer> {
  const publishable = { "x-publishable-api-key": seed.publishableKey }
  // `request` only: the reliability harness's axios stand-in (axiosLike) has nothing else.
  const post = async (url: string, data: unknown, headers: Record<string, string> = {}) => {
    const answer = await api.request({ method: "post", url, data, headers })
    if (answer.status >= 300) throw new Error(`POST ${url} answered ${answer.status}: ${JSON.stringify(answer.data)}`)
    return answer.data
  }
  const registered = await post("/auth/customer/emailpass/register", { email, password })
  const { customer } = await post(
    "/store/customers",
    { email, first_name: "Jane", last_name: "Doe" },
    { ...publishable, authorization: `Bearer ${registered.token}` }
  )
  const login = await post("/auth/customer/emailpass", { email, password })
  return { id: customer.id, email, headers: { ...publishable, authorization: `Bearer ${login.token}` } }
}

/** Makes a guest cart the customer's (what a storefront does when the customer logs in at checkout). */
export async function giveCartTo(api: AxiosInstance, cartId: string, customer: LoggedInCustomer): Promise<void> {
  const answer = await api.request({
    method: "post",
    url: `/store/carts/${cartId}/customer`,
    headers: customer.headers,
  })
  if (answer.status >= 300) throw new Error(`giving cart ${cartId} to ${customer.email} answered ${answer.status}`)
}
