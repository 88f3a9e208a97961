// A token host started for a CLI command starts the standby host for the next command
// (token/standby-address.ts): the next `yikey …` then finds a host already started and does not
// wait for a second Node start-up. A standby does it as soon as it is claimed — it then waits
// for the command's first request while the command loads its program, so the successor's
// start costs the command nothing and is done before a script's next command comes; a forked
// host does it when it ends (it is busy from its first moment). The successor is this host again — the same Node,
// entry, flags, working folder and environment — detached, with no terminal, so it outlives this
// command quietly; it exits by itself when no command claims it within its idle time.
import { spawn } from 'node:child_process';
import { standbySocketVariable } from '../standby-address';

/** The argument that makes a host wait at its socket instead of on a parent's channel. */
export const standbyArgument = '--standby';

let left = false;

/** Starts the successor, once per host (later calls do nothing). */
export function leaveStandbySuccessor(): void {
  if (left || !process.env[standbySocketVariable] || !process.argv[1]) return;
  left = true;
  try {
    const successor = spawn(process.execPath, [...process.execArgv, process.argv[1], standbyArgument], {
      detached: true,
      stdio: 'ignore',
      env: process.env,
    });
    successor.on('error', () => undefined); // E.g. the working folder was deleted: no standby then.
    successor.unref();
  } catch {
    // Out of processes or memory: the next command forks its host, as without standby hosts.
  }
}
