// Prints one closing line for the whole test command ("N passed, N failed, N skipped"), summed
// over the vitest and Playwright JSON reports, so CI logs say plainly how many tests ran.
import { readFileSync } from 'node:fs';

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

function vitestTotals(path: string): Totals {
  const report = JSON.parse(readFileSync(path, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function playwrightTotals(path: string): Totals {
  const report = JSON.parse(readFileSync(path, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  return {
    passed: report.stats.expected + report.stats.flaky,
    failed: report.stats.unexpected,
    skipped: report.stats.skipped,
  };
}

const parts = [vitestTotals('test-results/vitest.json'), playwrightTotals('test-results/e2e.json')];
const sum = (key: keyof Totals): number => parts.reduce((total, part) => total + part[key], 0);
console.log(`${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`);
if (sum('passed') === 0 || sum('failed') > 0) process.exitCode = 1;
