#!/usr/bin/env node
// Package `bin` launcher: runs the built CLI (dist/node/cli.mjs, made by `npm ci` or
// `node src-main/build/build-node.mjs`), so no TypeScript is transpiled at start-up.
await import('../../dist/node/cli.mjs');
