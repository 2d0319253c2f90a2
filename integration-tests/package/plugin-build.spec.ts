// The published package is what `medusa plugin:build` leaves in .medusa/server: only what a store needs.
import { execFileSync } from "node:child_process"
import fs from "node:fs"
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

describe("medusa plugin:build", () => {
  let files: string[]

  beforeAll(() => {
    execFileSync(path.join(root, "node_modules/.bin/medusa"), ["plugin:build"], {
      cwd: root,
      stdio: "pipe",
      env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true" },
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

  it("ships no tests, no root medusa-config, no demo and no sandbox sources", () => {
    const unwanted = files.filter((file) =>
      /(__tests__|\.spec\.|integration-tests|^medusa-config|^demo\/|^sandbox\/|^scripts\/|^bench\/)/.test(file)
    )
    expect(unwanted).toEqual([])
  })
})
