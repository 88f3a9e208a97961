// Whether the process a standby's hello names is a standby token host of this user — checked
// before the CLI takes the hello's word and again before it kills that process (standby-host.ts).
// The private folder already means only this user (or root) could have answered at the socket;
// this check is against a hello that names some other process: a stale id the system has since
// given to another program, or a confused server. A CLI run as root would otherwise SIGKILL
// whatever process that id now belongs to when its host does not answer in time.
import { existsSync, readFileSync } from 'node:fs';
import { standbyArgument } from './standby-address';

/**
 * True when `pid` runs `hostEntry --standby` under this user's id (Linux: /proc). Where there is
 * no /proc to ask (macOS), the hello is taken as it is: the private folder is then all there is.
 */
export function isStandbyHostProcess(pid: number, hostEntry: string): boolean {
  let commandLine: string[];
  let status: string;
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return !existsSync('/proc/self/status'); // Gone (or not ours to read) where /proc exists.
  }
  const realUid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
  const zombie = /^State:\s+Z/m.test(status);
  const entryAt = commandLine.indexOf(hostEntry);
  return (
    !zombie &&
    realUid !== undefined &&
    Number(realUid) === process.getuid?.() &&
    entryAt > 0 &&
    commandLine[entryAt + 1] === standbyArgument
  );
}
