#!/usr/bin/env node
// yikey: the command line for holders and IT staff (the program: cli-program.ts, each command in
// commands/). This entry first starts the token host process for commands that use a key, then
// loads the program: the host's Node start-up runs while this one loads, not after it.
import { prestartTokenHostFor } from './prestart-for-command';

prestartTokenHostFor(process.argv);
// No top-level await: the build runs this file as CommonJS with a V8 code cache (build-node.mjs).
// runCliProgram reports its own errors; a failure to load it at all is a crash worth seeing.
void import('./cli-program').then(({ runCliProgram }) => runCliProgram());
