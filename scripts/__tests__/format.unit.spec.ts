// The tree stays formatted: `npm run format` writes, this checks (the repository's .prettierrc.json and
// .prettierignore say what and how).
import { spawnSync } from "node:child_process"
import path from "node:path"

const ROOT = path.resolve(__dirname, "../..")

describe("formatting", () => {
  it("has every source file formatted as Prettier formats it", () => {
    const result = spawnSync(
      process.execPath,
      [path.join(ROOT, "node_modules/prettier/bin/prettier.cjs"), "--list-different", "."],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, NODE_OPTIONS: "" },
      }
    )
    const unformatted = result.stdout.split("\n").filter(Boolean)
    expect({ unformatted, error: result.status === 0 || result.status === 1 ? "" : result.stderr }).toEqual({
      unformatted: [],
      error: "",
    })
  })
})
