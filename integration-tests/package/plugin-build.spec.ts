// The published package is what `medusa plugin:build` leaves in .medusa/server: only what a store needs.
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"

jest.setTimeout(5 * 60 * 1000)

const root = path.resolve(__dirname, "../..")
const server = path.join(root, ".medusa/server")

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(full) : [path.relative(server, full)]
  })
}

type ExportTarget = string | { [condition: string]: ExportTarget } | null
const exportsMap: Record<string, ExportTarget> = require(path.join(root, "package.json")).exports

/** The target of a condition object that `require` picks (Node's order: the first key that matches). */
function pickTarget(target: ExportTarget, conditions = ["require", "node", "default"]): string | null {
  if (target === null || typeof target === "string") return target
  for (const [condition, value] of Object.entries(target)) {
    if (conditions.includes(condition)) return pickTarget(value, conditions)
  }
  return null
}

/**
 * What `require("medusa-payment-paycore/<subpath>")` may load according to package.json's exports, following
 * Node's rules: an exact key first, else the pattern key with the longest prefix, whose `*` match may not
 * contain an empty, `.`, `..` or node_modules segment. Null: the map does not allow that subpath.
 */
function resolveExport(subpath: string): string | null {
  if (!subpath.includes("*") && Object.prototype.hasOwnProperty.call(exportsMap, subpath)) {
    return pickTarget(exportsMap[subpath])
  }
  let best: { key: string; match: string } | undefined
  for (const key of Object.keys(exportsMap)) {
    const star = key.indexOf("*")
    if (star === -1) continue
    const prefix = key.slice(0, star)
    const suffix = key.slice(star + 1)
    if (!subpath.startsWith(prefix) || !subpath.endsWith(suffix) || subpath.length < key.length) continue
    if (!best || prefix.length > best.key.indexOf("*")) {
      best = { key, match: subpath.slice(prefix.length, subpath.length - suffix.length) }
    }
  }
  if (!best) return null
  if (best.match.split(/[\\/]/).some((segment) => ["", ".", "..", "node_modules"].includes(segment.toLowerCase()))) {
    return null
  }
  return pickTarget(exportsMap[best.key])?.replaceAll("*", best.match) ?? null
}

/** The files under .medusa/server (relative to it) that some subpath of the exports map reaches. */
function reachableServerFiles(serverFiles: string[]): string[] {
  const reachable = new Set<string>()
  for (const entry of Object.values(exportsMap)) {
    for (const target of typeof entry === "object" && entry !== null ? Object.values(entry) : [entry]) {
      if (typeof target !== "string" || !target.startsWith("./.medusa/server/")) continue
      const pattern = target.slice("./.medusa/server/".length)
      const star = pattern.indexOf("*")
      for (const file of serverFiles) {
        if (
          star === -1
            ? file === pattern
            : file.startsWith(pattern.slice(0, star)) && file.endsWith(pattern.slice(star + 1))
        ) {
          reachable.add(file)
        }
      }
    }
  }
  return [...reachable].sort()
}

// No build needed: the map itself must expose the documented entry points and nothing else.
describe("package.json exports", () => {
  it("has exactly the documented entry points and the path Medusa's plugin loader resolves modules by", () => {
    // `./.medusa/server/src/modules/*`: @medusajs/utils get-resolved-plugins registers each plugin module as
    // `medusa-payment-paycore/.medusa/server/src/modules/<name>` and resolves it from the store.
    expect(Object.keys(exportsMap).sort()).toEqual(
      [
        "./.medusa/server/src/modules/*",
        "./admin",
        "./modules/*",
        "./package.json",
        "./providers/*",
        "./sandbox",
        "./storefront",
        "./workflows",
      ].sort()
    )
  })

  it("resolves the documented entry points", () => {
    expect(resolveExport("./providers/paycore")).toBe("./.medusa/server/src/providers/paycore/index.js")
    expect(resolveExport("./modules/paycore")).toBe("./.medusa/server/src/modules/paycore/index.js")
    expect(resolveExport("./.medusa/server/src/modules/paycore")).toBe("./.medusa/server/src/modules/paycore/index.js")
    expect(resolveExport("./workflows")).toBe("./.medusa/server/src/workflows/index.js")
    expect(resolveExport("./admin")).toBe("./.medusa/server/src/admin/index.js")
    expect(resolveExport("./sandbox")).toBe("./sandbox/dist/index.js")
    expect(resolveExport("./storefront")).toBe("./.medusa/server/src/storefront/index.js")
    expect(pickTarget(exportsMap["./storefront"], ["types"])).toBe("./.medusa/server/src/storefront/index.d.ts")
    expect(resolveExport("./package.json")).toBe("./package.json")
  })

  it("lets no subpath reach an internal file", () => {
    const internal = [
      "./lib/paycore/client",
      "./payments/apply-payment-state",
      "./api/hooks/paycore/handle-callback",
      "./workflows/payouts/create-paycore-payout",
      "./.medusa/server/src/lib/paycore/client",
      "./.medusa/server/src/lib/paycore/client.js",
      "./.medusa/server/src/payments/apply-payment-state",
      "./modules/../lib/paycore/client",
      "./modules/paycore/../../lib/paycore/client",
      "./providers/./paycore",
      "./providers/paycore/../../../lib/paycore",
      "./src/lib/paycore/client",
      "./sandbox/dist/server.js",
    ]
    const allowed = internal.map((subpath) => [subpath, resolveExport(subpath)]).filter(([, target]) => target !== null)
    // A wildcard may still match a deeper name, but only ever the index.js of a directory under modules/ or providers/.
    expect(
      allowed.filter(
        ([, target]) => !/^\.\/\.medusa\/server\/src\/(modules|providers)\/[^/]+(\/[^/]+)*\/index\.js$/.test(target!)
      )
    ).toEqual([])
    for (const [key, entry] of Object.entries(exportsMap)) {
      if (!key.includes("*")) continue
      expect([key, pickTarget(entry)]).toEqual([
        key,
        expect.stringMatching(/^\.\/\.medusa\/server\/src\/(modules|providers)\/\*\/index\.js$/),
      ])
    }
  })

  it("has no index file below a module's or a provider's entry, which a wildcard would expose", () => {
    const deeper = ["modules", "providers"].flatMap((kind) => {
      const dir = path.join(root, "src", kind)
      const walk = (current: string): string[] =>
        fs.readdirSync(current, { withFileTypes: true }).flatMap((entry) => {
          const full = path.join(current, entry.name)
          if (entry.isDirectory()) return entry.name === "__tests__" ? [] : walk(full)
          return /^index\.(ts|tsx|js)$/.test(entry.name) && path.dirname(path.dirname(full)) !== dir
            ? [path.relative(root, full)]
            : []
        })
      return walk(dir)
    })
    expect(deeper).toEqual([])
  })
})

describe("medusa plugin:build, then the storefront kit's types (npm run build)", () => {
  let files: string[]

  beforeAll(() => {
    execFileSync(path.join(root, "node_modules/.bin/medusa"), ["plugin:build"], {
      cwd: root,
      stdio: "pipe",
      env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true" },
    })
    execFileSync(path.join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.storefront.json"], {
      cwd: root,
      stdio: "pipe",
    })
    files = filesUnder(server)
  })

  it("compiles the provider entry that package.json exports as ./providers/paycore", () => {
    expect(files).toContain("src/providers/paycore/index.js")
    const exported = require(path.join(server, "src/providers/paycore/index.js"))
    expect(exported.default.services[0].identifier).toBe("paycore")
  })

  it("ships the admin extensions bundle that package.json exports as ./admin", () => {
    expect(files).toEqual(expect.arrayContaining(["src/admin/index.js", "src/admin/index.mjs"]))
  })

  it("exposes through package.json's exports only the entry points, nothing internal", () => {
    expect(reachableServerFiles(files)).toEqual([
      "src/admin/index.js",
      "src/admin/index.mjs",
      "src/modules/paycore/index.js",
      "src/providers/paycore/index.js",
      "src/storefront/index.d.ts",
      "src/storefront/index.js",
      "src/workflows/index.js",
    ])
  })

  it("ships the storefront kit: its code needs nothing outside its folder, and a typed storefront compiles against it", () => {
    const kitFiles = files.filter((file) => file.startsWith("src/storefront/") && file.endsWith(".js"))
    expect(kitFiles).toEqual(expect.arrayContaining(["src/storefront/index.js", "src/storefront/checkout.js"]))
    for (const file of kitFiles) {
      const required = [...fs.readFileSync(path.join(server, file), "utf8").matchAll(/require\("([^"]+)"\)/g)]
      expect([file, required.map((match) => match[1]).filter((name) => !name.startsWith("./"))]).toEqual([file, []])
    }
    const kit = require(path.join(server, "src/storefront/index.js"))
    expect(typeof kit.createPaycoreCheckout).toBe("function")
    expect(typeof kit.openEmbeddedCheckout).toBe("function")

    // A storefront project that has the package and @medusajs/js-sdk installed, resolving through exports.
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "paycore-storefront-types-"))
    try {
      fs.mkdirSync(path.join(project, "node_modules/@medusajs"), { recursive: true })
      fs.symlinkSync(root, path.join(project, "node_modules/medusa-payment-paycore"))
      fs.symlinkSync(
        path.join(root, "node_modules/@medusajs/js-sdk"),
        path.join(project, "node_modules/@medusajs/js-sdk")
      )
      fs.writeFileSync(
        path.join(project, "checkout.ts"),
        [
          'import Medusa from "@medusajs/js-sdk"',
          'import { createPaycoreCheckout, type PaycoreReturn, type StartedPayment } from "medusa-payment-paycore/storefront"',
          'const checkout = createPaycoreCheckout({ sdk: new Medusa({ baseUrl: "http://localhost:9000" }) })',
          "export async function back(cartId: string): Promise<string> {",
          "  const answer: PaycoreReturn = await checkout.readReturn(cartId)",
          '  return answer.state === "failed" ? answer.message : answer.state',
          "}",
          "export const way = (payment: StartedPayment) => payment.embed?.cpi ?? payment.redirectUrl",
          "// @ts-expect-error the return URL is required",
          'checkout.startPayment("cart_1", {})',
          "",
        ].join("\n")
      )
      // Through exports (node16, bundler), and through typesVersions for projects still on "node" (Next.js starter).
      for (const [module_, resolution] of [
        ["node16", "node16"],
        ["esnext", "bundler"],
        ["commonjs", "node"],
      ]) {
        execFileSync(
          path.join(root, "node_modules/.bin/tsc"),
          [
            "--noEmit",
            "--strict",
            "--module",
            module_,
            "--moduleResolution",
            resolution,
            "--skipLibCheck",
            "--esModuleInterop",
            "checkout.ts",
          ],
          { cwd: project, stdio: "pipe" }
        )
      }
    } finally {
      fs.rmSync(project, { recursive: true, force: true })
    }
  })

  it("ships no tests, no root medusa-config, no demo and no sandbox sources", () => {
    const unwanted = files.filter((file) =>
      /(__tests__|\.spec\.|integration-tests|^medusa-config|^demo\/|^sandbox\/|^scripts\/|^bench\/)/.test(file)
    )
    expect(unwanted).toEqual([])
  })
})
