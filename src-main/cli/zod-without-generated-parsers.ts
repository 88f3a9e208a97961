// Imported first by cli-program.ts, before any module that builds a zod schema: a schema reads this
// setting when it is built. A command parses each message shape once or twice and ends, and zod's
// generated fast parsers (new Function, compiled at an object schema's first parse) cost more than
// they save then: ~5 ms of `yikey tokens`, measured (issue 11).
import { z } from 'zod';

z.config({ jitless: true });
