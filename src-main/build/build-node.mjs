#!/usr/bin/env node
// Builds every entry that runs under plain Node in production into dist/node/*.mjs (ESM,
// native packages external): the CLI, browser mode, the demo, the token host, the virtual
// USBKEY's tools the demo uses and the reference provincial backend. Runs from `npm ci` (postinstall) and before `npm run …`
// (with --if-stale), so nothing in production transpiles TypeScript at start-up.
//
//   node src-main/build/build-node.mjs              build now
//   node src-main/build/build-node.mjs --if-stale   build only if a source changed since the last build
//   node src-main/build/build-node.mjs --outdir DIR build into DIR (tests); DIR must sit two
//                                                   folders below the repository, like dist/node
//
// Bundles find their neighbours relative to themselves, and sit as deep as src-main/<folder>/,
// so a path like '../../dist/renderer' means the same from the source and from the bundle.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleOptions, esmOutputOptions } from './esbuild-options.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Output name (without .mjs) → entry source, relative to the repository. */
export const nodeEntries = {
  // Runs the CLI's own bundle (cachedBundles below) with its V8 code cache.
  cli: 'src-main/cli/built-cli-entry.ts',
  web: 'src-main/web/web-main.ts',
  demo: 'src-main/demo/demo-main.ts',
  // Runs the host's own bundle (cachedBundles below) with its V8 code cache.
  'token-host': 'src-main/token/host/built-host-entry.ts',
  vusbkey: 'native/vusbkey/control/main.ts',
  'vusbkey-token-worker': 'native/vusbkey/control/token-worker.ts',
  // The reference provincial backend (`npm run backend`).
  backend: 'test/provincial-backend/backend-main.ts',
};

const inputsFileName = 'build-inputs.json';

/**
 * The two processes every CLI command starts, each as one CommonJS file (the body) run with a V8
 * code cache made here by a small CommonJS entry (the starter; src-main/build/code-cached-bundle.ts
 * says why): the token host, which host-process.ts forks and every command waits for, and the CLI,
 * which the package bin runs. nodeEntries holds each starter again as an ES module (NAME.mjs), for
 * tools that name that one.
 */
/**
 * The CLI's commands (cli/cli-program.ts), each of which gets a code cache of its own
 * (cli/built-cli-entry.ts); a command missing here runs with the cache of all of them.
 * built-entries.test.ts checks that the list names every command.
 */
export const cliCommands = [
  'tokens',
  'certs',
  'sign',
  'verify',
  'change-pin',
  'watch',
  'diagnose',
  'request',
  'requests',
];

const cachedBundles = [
  {
    body: { entry: 'src-main/token/host/host-main.ts', output: 'token-host-body.cjs' },
    starter: { entry: nodeEntries['token-host'], output: 'token-host.cjs' },
    commands: [],
  },
  {
    body: { entry: 'src-main/cli/main.ts', output: 'cli-body.cjs' },
    starter: { entry: nodeEntries.cli, output: 'cli.cjs' },
    commands: cliCommands,
  },
];
const codeCacheFlag = '--write-code-cache';

/** The code caches of a cached bundle: its own, and one per command it has (the CLI). */
const codeCachesOf = ({ body, commands }) => [
  `${body.output}.v8cache`,
  ...commands.map((command) => `${body.output}.${command}.v8cache`),
];

/** True when the last build's inputs are all older than its outputs (and every output exists). */
export function isFresh(outdir) {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(join(outdir, inputsFileName), 'utf8'));
  } catch {
    return false;
  }
  // The code caches are V8's own format: another Node (V8) would ignore it, so rebuild it.
  if (recorded.v8 !== process.versions.v8) return false;
  try {
    const outputs = [
      ...Object.keys(nodeEntries).map((name) => `${name}.mjs`),
      ...cachedBundles.flatMap((bundle) => [
        bundle.body.output,
        ...codeCachesOf(bundle),
        bundle.starter.output,
      ]),
    ];
    const builtAt = Math.min(...outputs.map((output) => statSync(join(outdir, output)).mtimeMs));
    // This script and the shared options are inputs too.
    const inputs = [
      ...recorded.inputs,
      'src-main/build/build-node.mjs',
      'src-main/build/esbuild-options.mjs',
    ];
    return inputs.every((input) => statSync(join(root, input)).mtimeMs <= builtAt);
  } catch {
    return false; // An input was deleted or renamed, or an output is missing.
  }
}

export async function buildNodeEntries(outdir = join(root, 'dist/node')) {
  // Loaded only when a build is needed: a fresh tree answers without loading esbuild.
  const { build } = await import('esbuild');
  const result = await build({
    ...bundleOptions,
    ...esmOutputOptions,
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(nodeEntries)),
    outdir,
    outExtension: { '.js': '.mjs' },
    target: 'node20',
    // Shared code goes to chunks beside the entries, so an entry can start something (the CLI
    // starts the token host) before it loads the bulk with import().
    splitting: true,
    metafile: true,
  });
  // Chunks of earlier builds (their names hold a content hash) are no longer imported by anything.
  const outputs = new Set(Object.keys(result.metafile.outputs).map((output) => resolve(root, output)));
  for (const file of readdirSync(outdir)) {
    if (file.endsWith('.mjs') && !outputs.has(join(outdir, file))) rmSync(join(outdir, file));
  }
  const bodyInputs = [];
  for (const { body, starter, commands } of cachedBundles) {
    const built = await build({
      ...bundleOptions,
      ...commonJsOutputOptions,
      absWorkingDir: root,
      entryPoints: [body.entry],
      outfile: join(outdir, body.output),
      metafile: true,
    });
    bodyInputs.push(...Object.keys(built.metafile.inputs));
    await build({
      ...bundleOptions,
      ...commonJsOutputOptions,
      absWorkingDir: root,
      entryPoints: [starter.entry],
      outfile: join(outdir, starter.output),
    });
    writeCodeCacheOf(outdir, starter.output);
    for (const command of commands) writeCodeCacheOf(outdir, starter.output, command);
  }
  const inputs = [...new Set([...Object.keys(result.metafile.inputs), ...bodyInputs])].filter(
    (input) => !input.startsWith('<'),
  );
  writeFileSync(
    join(outdir, inputsFileName),
    `${JSON.stringify({ v8: process.versions.v8, inputs }, null, 1)}\n`,
  );
}

/** One CommonJS file; CommonJS has no import.meta, so the bundle finds its neighbours from __filename. */
const commonJsOutputOptions = {
  format: 'cjs',
  target: 'node20',
  // A function compiled by vm.Script (code-cached-bundle.ts) has no loader for import(): the
  // native packages' dynamic imports (keytar) become require() calls instead.
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': 'yikeyImportMetaUrl' },
  banner: { js: "const yikeyImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

/** Runs a built starter once in its cache-making mode, which writes its bundle's code cache (`command`'s, for the CLI). */
function writeCodeCacheOf(outdir, starter, command) {
  const made = spawnSync(
    process.execPath,
    [join(outdir, starter), codeCacheFlag, ...(command ? [command] : [])],
    {
      // The CLI's run prints its help; nothing of it belongs in the build's output.
      stdio: ['ignore', 'ignore', 'inherit'],
      // With the flag, what makes the entry write (code-cached-bundle.ts: isCodeCacheRun).
      env: { ...process.env, YIKEY_BUILD_WRITES_CODE_CACHE: '1' },
    },
  );
  if (made.status !== 0) throw new Error(`the built ${starter} did not start (exit ${made.status})`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outdirIndex = args.indexOf('--outdir');
  const outdir = outdirIndex >= 0 ? resolve(args[outdirIndex + 1] ?? '') : join(root, 'dist/node');
  if (!(args.includes('--if-stale') && isFresh(outdir))) await buildNodeEntries(outdir);
}
