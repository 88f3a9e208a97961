// Imported first by host-main.ts, before any module that builds a zod schema: a schema reads this
// setting when it is built. A host started for one CLI command parses a handful of requests, and
// zod's generated fast parser for the request envelope took 12 ms to compile at the first one — on
// the command's path (issue 11). Such a host is known here by YIKEY_STANDBY_SOCKET, which the
// command gives every host it starts where standby hosts are possible; a host forked without it
// (standby hosts off, Windows, a socket path too long, run from the sources) keeps the generated
// parsers, as do the hosts of the app and browser mode, which parse thousands of requests.
import { z } from 'zod';
import { standbySocketVariable } from '../standby-address';

if (process.env[standbySocketVariable]) z.config({ jitless: true });
