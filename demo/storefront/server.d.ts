// Types of server.js (CommonJS, run by node as it is).

/** What the pages read from /config.js (window.PAYCORE_STOREFRONT). */
export type StorefrontConfig = {
  /** The Medusa backend, e.g. http://127.0.0.1:9000 (its STORE_CORS must allow the storefront's origin). */
  backendUrl: string
  /** A publishable API key of the sales channel that sells the product. */
  publishableKey: string
  /** Default pp_paycore_paycore. */
  providerId?: string
  /** The product to show; default the demo seed's paycore-demo-tee. */
  productHandle?: string
}

export type StorefrontServer = {
  /** http://host:port, no trailing slash. */
  url: string
  port: number
  close(): Promise<void>
}

export function startStorefrontServer(options: {
  host?: string
  /** Default 8000; 0 picks a free port. */
  port?: number
  /** The configuration, or a function asked on every request of /config.js. */
  config: StorefrontConfig | (() => StorefrontConfig)
}): Promise<StorefrontServer>

export function bundlePages(): Promise<Record<string, string>>
