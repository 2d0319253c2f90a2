#!/usr/bin/env node
"use strict"
// Runs the compiled sandbox CLI (build it first: npx tsc -p sandbox/tsconfig.json).
require("../dist/cli.js").main()
