// The demo storefront's web server: plain node:http, no framework. It serves
//   /                 public/index.html (the shop: product, cart, address, shipping, PayCore methods)
//   /return.html      public/return.html (where PayCore's hosted payment page sends the customer back)
//   /account          public/account.html (sign in, sign out, saved cards)
//   /pay?link=<id>    public/pay.html (pay what an order still owes, from a payment link the merchant sent)
//   /styles.css …     the other files of public/
//   /assets/*.js      src/*-page.js bundled with @medusajs/js-sdk by esbuild when the server starts
//   /assets/paycore-widget.js   PayCore's widget (@paycore/merchant-widget-js) from node_modules, for the embedded way
//   /config.js        generated: the Medusa backend URL and publishable key (window.PAYCORE_STOREFRONT)
// `npm run demo` (scripts/demo.mjs) and the browser tests (integration-tests/browser/storefront*.spec.ts) use it.
// CommonJS on purpose: scripts/demo.mjs imports it as it is, jest requires it; types in server.d.ts.
"use strict"
const http = require("node:http")
const fs = require("node:fs")
const path = require("node:path")
const { createRequire } = require("node:module")

const PUBLIC_DIR = path.join(__dirname, "public")
/** Output name → page script. Each bundle carries its own copy of the js-sdk (no code splitting: one file per page). */
const ENTRIES = {
  shop: "src/shop-page.js",
  return: "src/return-page.js",
  account: "src/account-page.js",
  pay: "src/pay-page.js",
}
/** Pages served without their .html. */
const PAGE_ALIASES = { "/": "/index.html", "/account": "/account.html", "/pay": "/pay.html" }
const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
}

/** esbuild comes with vite (a devDependency of this repository); a top-level install is used when there is one. */
function loadEsbuild() {
  try {
    return require("esbuild")
  } catch {
    try {
      return createRequire(require.resolve("vite/package.json"))("esbuild")
    } catch {
      throw new Error("esbuild is not installed (it comes with vite): run `npm ci` first")
    }
  }
}

/**
 * PayCore's widget as published (its `main`, which sets window.widget), or null when it is not installed (the shop
 * then offers only the redirect). Served as it is: its licence is PayCore's, so it is never copied into this repo.
 */
function readPaycoreWidget() {
  try {
    return fs.readFileSync(require.resolve("@paycore/merchant-widget-js"), "utf8")
  } catch {
    return null
  }
}

/** Bundles the page scripts in memory: { "/assets/shop.js": "…", "/assets/shop.js.map": "…", "/assets/return.js": … }. */
async function bundlePages() {
  const esbuild = loadEsbuild()
  const result = await esbuild.build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.join(__dirname, file)])),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["es2020"],
    outdir: path.join(__dirname, "assets"), // nothing is written (write: false); only names the outputs
    write: false,
    minify: true, // the sdk is mostly doc comments: 170 KB instead of 690 KB per page
    sourcemap: "linked", // /assets/<page>.js.map, for the browser's developer tools
    legalComments: "none",
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
  })
  const assets = {}
  for (const file of result.outputFiles) assets[`/assets/${path.basename(file.path)}`] = file.text
  return assets
}

/**
 * Starts the storefront on host:port (port 0: a free one). `config` is the object the pages read, or a function
 * returning it, asked on every request of /config.js (so a test can start the server before the backend exists).
 *
 * @param {{ host?: string, port?: number, config: import("./server").StorefrontConfig | (() => import("./server").StorefrontConfig) }} options
 * @returns {Promise<import("./server").StorefrontServer>}
 */
async function startStorefrontServer(options) {
  const host = options.host ?? "127.0.0.1"
  const assets = await bundlePages()
  const widget = readPaycoreWidget()
  if (widget !== null) assets["/assets/paycore-widget.js"] = widget
  const readConfig = typeof options.config === "function" ? options.config : () => options.config

  const server = http.createServer((req, res) => {
    const send = (status, type, body) => {
      res.writeHead(status, {
        "content-type": type,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      })
      res.end(req.method === "HEAD" ? undefined : body)
    }
    if (req.method !== "GET" && req.method !== "HEAD")
      return send(405, "text/plain; charset=utf-8", "Method not allowed\n")
    let pathname
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://storefront").pathname)
    } catch {
      return send(400, "text/plain; charset=utf-8", "Bad request\n")
    }

    if (pathname === "/config.js") {
      let config
      try {
        config = readConfig()
      } catch (error) {
        return send(
          503,
          "text/javascript; charset=utf-8",
          `console.error(${JSON.stringify(`storefront not configured yet: ${error.message}`)})\n`
        )
      }
      const {
        backendUrl,
        publishableKey,
        providerId = "pp_paycore_paycore",
        productHandle = "paycore-demo-tee",
      } = config
      const body = { backendUrl, publishableKey, providerId, productHandle, embedded: widget !== null }
      return send(200, "text/javascript; charset=utf-8", `window.PAYCORE_STOREFRONT = ${JSON.stringify(body)}\n`)
    }
    if (assets[pathname] !== undefined) return send(200, CONTENT_TYPES[path.extname(pathname)], assets[pathname])

    const file = path.resolve(PUBLIC_DIR, `.${PAGE_ALIASES[pathname] ?? pathname}`)
    if (!file.startsWith(PUBLIC_DIR + path.sep)) return send(404, "text/plain; charset=utf-8", "Not found\n")
    fs.readFile(file, (error, data) => {
      if (error) return send(404, "text/plain; charset=utf-8", "Not found\n")
      send(200, CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream", data)
    })
  })

  await new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 8000, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const { port } = server.address()
  const sockets = new Set()
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy() // keep-alive connections of the browser
      }),
  }
}

exports.startStorefrontServer = startStorefrontServer
exports.bundlePages = bundlePages
