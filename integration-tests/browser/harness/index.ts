// Browser test harness (TEST_TYPE=browser, `node scripts/test.mjs browser`):
//   useMedusaStack() / startMedusaStack()  PostgreSQL database, PayCore sandbox, migrate, seed, `medusa develop`
//   launchChromium()                       headless Debian Chromium through playwright-core, fresh profile
//   loginToAdmin(), openAdminOrder()       the admin dashboard
//   withFailureScreenshot()                a full-page screenshot (and page errors) on failure
//   useDemoStorefront(), payByCard() …     the demo storefront (demo/storefront/) and PayCore's card form
//   orderOwing(), sandboxPays() …          an order an order edit left owing, for the payment-link specs
export * from "./admin"
export * from "./chromium"
export * from "./medusa-stack"
export * from "./owing-order"
export * from "./storefront"
