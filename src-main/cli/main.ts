#!/usr/bin/env node
// yikey: the command line for holders and IT staff (the program: cli-program.ts, each command in
// commands/). This entry first starts the token host process for commands that use a key, then
// loads the program: the host's Node start-up runs while this one loads, not after it.
import { prestartTokenHost } from '../holder/prestart-token-host';
import { commandName } from './command-name';

/** Commands that talk to a USBKEY (verify and --help do not). */
const tokenCommands = new Set([
  'tokens',
  'certs',
  'sign',
  'change-pin',
  'watch',
  'diagnose',
  'request',
  'requests',
]);

if (tokenCommands.has(commandName(process.argv.slice(2)) ?? '')) prestartTokenHost();
// No top-level await: the build runs this file as CommonJS with a V8 code cache (build-node.mjs).
// runCliProgram reports its own errors; a failure to load it at all is a crash worth seeing.
void import('./cli-program').then(({ runCliProgram }) => runCliProgram());
