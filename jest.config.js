// Test layers, chosen with TEST_TYPE (scripts/test.mjs runs them in order):
//   unit              src/**/__tests__/*.unit.spec.ts, sandbox/__tests__/ and scripts/__tests__/*.unit.spec.ts (no database)
//   integration:http  integration-tests/http/*.spec.ts (a real Medusa app on real Postgres)
//   package           integration-tests/package/*.spec.ts (the built plugin package)
//   browser           integration-tests/browser/*.spec.ts (headless Chromium against `medusa develop` with the admin)
//   reliability       integration-tests/reliability/*.spec.ts (crash, several instances with Redis, leak scan; `medusa start`)
const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const swc = [
  "@swc/jest",
  {
    jsc: {
      parser: { syntax: "typescript", decorators: true, tsx: true },
      target: "es2021",
      transform: { react: { runtime: "automatic" } },
    },
  },
]

const config = {
  transform: { "^.+\\.[jt]sx?$": swc },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/.medusa/", "<rootDir>/sandbox/dist/"],
  setupFiles: ["./integration-tests/setup.js"],
}

const testType = process.env.TEST_TYPE ?? "unit"
if (testType === "integration:http") {
  config.testMatch = ["<rootDir>/integration-tests/http/**/*.spec.[jt]s"]
} else if (testType === "package") {
  config.testMatch = ["<rootDir>/integration-tests/package/**/*.spec.[jt]s"]
} else if (testType === "browser") {
  config.testMatch = ["<rootDir>/integration-tests/browser/**/*.spec.ts"]
  config.testEnvironment = "<rootDir>/integration-tests/browser/harness/environment.js"
} else if (testType === "reliability") {
  config.testMatch = ["<rootDir>/integration-tests/reliability/**/*.spec.ts"]
  config.testEnvironment = "<rootDir>/integration-tests/browser/harness/environment.js"
} else if (testType === "unit") {
  config.testMatch = [
    "<rootDir>/src/**/__tests__/**/*.unit.spec.[jt]s?(x)",
    "<rootDir>/sandbox/__tests__/**/*.unit.spec.[jt]s",
    "<rootDir>/scripts/__tests__/**/*.unit.spec.[jt]s",
  ]
} else {
  throw new Error(`Unknown TEST_TYPE "${testType}" (expected unit, integration:http, package, browser or reliability)`)
}

module.exports = config
