// The module's opt-in journal of lifecycle calls ($VUSBKEY_HOME/call-log): which process
// initialised, logged in, logged out, closed sessions and finalised, with each call's CK_RV.
// Tests use it to see from outside whether a client shut down cleanly. PINs are never logged.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type LoggedCall = { pid: number; fn: string; rv: number };

const callLogPath = (home: string): string => path.join(home, 'call-log');

/** Starts an empty journal; the module appends to it only while the file exists. */
export function enableCallLog(home: string): void {
  writeFileSync(callLogPath(home), '', { mode: 0o600 });
}

export function readCallLog(home: string): LoggedCall[] {
  const file = callLogPath(home);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      const match = /^(\d+) (C_[A-Za-z]+) 0x([0-9a-f]+)$/.exec(line.trim());
      return match ? [{ pid: Number(match[1]), fn: match[2]!, rv: parseInt(match[3]!, 16) }] : [];
    });
}
