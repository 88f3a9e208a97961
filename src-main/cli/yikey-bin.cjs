#!/usr/bin/env node
// Package `bin` launcher: runs the built CLI (dist/node/cli.cjs, made by `npm ci` or
// `node src-main/build/build-node.mjs`), so no TypeScript is transpiled at start-up. CommonJS,
// like cli.cjs: Node then starts without its ES module loader.
// eslint-disable-next-line no-undef, @typescript-eslint/no-require-imports -- CommonJS on purpose (above)
require('../../dist/node/cli.cjs');
