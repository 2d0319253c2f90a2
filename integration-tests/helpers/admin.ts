import type { AxiosInstance } from "axios"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ensureAdminUser } from "../../demo/seed"

export const ADMIN = { email: "admin@paycore-tests.com", password: "integration-secret" }

/** An admin user and the bearer header of its login, as the admin dashboard would send it. */
export async function adminHeaders(api: AxiosInstance, container: MedusaContainer) {
  await ensureAdminUser(container, ADMIN.email, ADMIN.password)
  const { data } = await api.post("/auth/user/emailpass", ADMIN)
  return { headers: { authorization: `Bearer ${data.token}` } }
}
