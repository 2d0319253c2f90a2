// `npm run bench`: the benchmarks, each a ratio against a baseline measured in the same run.
const base = require("../jest.config.js")

module.exports = {
  ...base,
  rootDir: "..",
  testMatch: ["<rootDir>/bench/**/*.bench.spec.ts"],
}
