// Headless Chromium for browser tests: Debian's `chromium` package (/usr/bin/chromium, listed in .ci/apt-packages)
// driven by playwright-core, which downloads no browser. Every launch gets a fresh profile in the temp directory.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core"
import { noteTestFailure } from "./processes"

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium"

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]

/** Where screenshots go: BROWSER_SCREENSHOT_DIR, else the OS temp directory (/tmp). */
export const SCREENSHOT_DIR = process.env.BROWSER_SCREENSHOT_DIR || os.tmpdir()

export type BrowserSession = {
  context: BrowserContext
  /** The first tab. */
  page: Page
  /** Console errors and uncaught page errors seen so far, for failure messages. */
  errors: string[]
  /** Saves a screenshot of the page (or of one element) to SCREENSHOT_DIR/<name>.png and returns the path. */
  screenshot(name: string, target?: Locator): Promise<string>
  close(): Promise<void>
}

export async function launchChromium(
  options: { viewport?: { width: number; height: number }; locale?: string; timezoneId?: string } = {}
): Promise<BrowserSession> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (.ci/run does) or set CHROMIUM_PATH`
    )
  }
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-paycore-chromium-"))
  let context: BrowserContext
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1440, height: 1000 },
      // Fixed so that amounts and times render the same on every machine.
      locale: options.locale ?? "en-US",
      timezoneId: options.timezoneId ?? "UTC",
    })
  } catch (error) {
    fs.rmSync(profileDir, { recursive: true, force: true })
    throw error
  }
  const page = context.pages()[0] ?? (await context.newPage())
  const errors: string[] = []
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`)
  })
  page.on("pageerror", (error) => errors.push(`page: ${error.message}`))

  let closed = false
  return {
    context,
    page,
    errors,
    async screenshot(name, target) {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`)
      if (target) await target.screenshot({ path: file })
      else await page.screenshot({ path: file, fullPage: true })
      return file
    },
    async close() {
      if (closed) return
      closed = true
      await context.close().catch(() => {})
      fs.rmSync(profileDir, { recursive: true, force: true })
    },
  }
}

/**
 * Runs `body`; when it throws, saves a full-page screenshot named `<name>-failure`, adds its path, the page's
 * errors and `options.context()` (e.g. the server log's tail) to the error message, and tells the harness to
 * keep its logs (noteTestFailure).
 */
export async function withFailureScreenshot<T>(
  session: BrowserSession,
  name: string,
  body: () => Promise<T>,
  options: { context?: () => string } = {}
): Promise<T> {
  try {
    return await body()
  } catch (error) {
    noteTestFailure()
    const shot = await session.screenshot(`${name}-failure`).catch(() => null)
    if (error instanceof Error) {
      let context = ""
      try {
        context = options.context?.() ?? ""
      } catch {
        // no context then
      }
      const extra = [
        shot && `screenshot: ${shot}`,
        session.errors.length && `page errors:\n${session.errors.slice(-10).join("\n")}`,
        context,
      ]
        .filter(Boolean)
        .join("\n")
      if (extra) {
        // jest prints the stack, which starts with the message as it was when the error was made.
        const original = error.message
        error.message = `${original}\n${extra}`
        if (error.stack?.includes(original)) error.stack = error.stack.replace(original, error.message)
      }
    }
    throw error
  }
}
