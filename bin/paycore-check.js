#!/usr/bin/env node
"use strict"
// `npx paycore-check`: runs the built PayCore check (src/paycore-check/cli.ts; `npm run build` makes it).
require("../.medusa/server/src/paycore-check/cli.js")
  .main()
  .then((code) => process.exit(code))
