// `npm run lint:electron`: runs @doyensec/electronegativity over the Electron shell's source
// (src-main/app) and fails on any HIGH severity finding or unparsed file. Uses the library API
// because its CLI (1.10.x) crashes on startup with the newer commander this repo installs, and
// cannot fail by severity anyway. Lower severities are printed for review.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import {
  blockingErrors,
  blockingFindings,
  describeIssue,
  type ElectronegativityError,
  type ElectronegativityIssue,
} from './electronegativity-findings';

interface ElectronegativityResult {
  issues: ElectronegativityIssue[];
  errors: ElectronegativityError[];
}
type Run = (options: Record<string, unknown>, forCli: boolean) => Promise<ElectronegativityResult>;

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity') as Run;
const electronVersion = (
  JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }
).version;
const input = process.argv[2] ?? 'src-main/app';

const result = await run({ input, isRelative: true, electronVersionOverride: electronVersion }, false);
const findings = blockingFindings(result.issues);
const errors = blockingErrors(result.errors);
for (const issue of result.issues) process.stdout.write(`${describeIssue(issue)}\n`);
for (const error of errors) process.stdout.write(`UNPARSED ${error.file}: ${error.message}\n`);
if (findings.length > 0 || errors.length > 0) {
  process.stderr.write(
    `electronegativity: ${findings.length} high severity finding(s), ${errors.length} unparsed file(s)\n`,
  );
  process.exit(1);
}
process.stdout.write(
  `electronegativity: no high severity finding in ${input} (Electron ${electronVersion})\n`,
);
