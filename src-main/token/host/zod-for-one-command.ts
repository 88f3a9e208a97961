// Imported first by host-main.ts, before any module that builds a zod schema: a schema reads this
// setting when it is built. A host started for one CLI command (standby or forked: the command
// gave it YIKEY_STANDBY_SOCKET) parses a handful of requests, and zod's generated fast parser for
// the request envelope took 12 ms to compile at the first one — on the command's path (issue 11).
// A host serving the app or browser mode keeps them: it parses thousands of requests.
import { z } from 'zod';
import { standbySocketVariable } from '../standby-address';

if (process.env[standbySocketVariable]) z.config({ jitless: true });
