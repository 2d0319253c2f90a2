// Jest environment of the browser layer (jest.config.js): node, plus a count of failed tests and hooks that the
// harness reads (testFailuresNoted) to keep the Medusa logs of a run that failed.
const { TestEnvironment } = require("jest-environment-node")

class BrowserTestEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    if (event.name === "hook_failure" || (event.name === "test_done" && event.test.errors.length > 0)) {
      this.global.__PAYCORE_BROWSER_FAILURES__ = (this.global.__PAYCORE_BROWSER_FAILURES__ || 0) + 1
    }
  }
}

module.exports = BrowserTestEnvironment
