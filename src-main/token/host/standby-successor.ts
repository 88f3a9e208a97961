// A token host started for a CLI command starts the standby host for the next command
// (token/standby-address.ts): the next `yikey …` then finds a host already started and does not
// wait for a second Node start-up. A standby does it right after its claim and the command's first
// request, which the command sends with the claim (host-main.ts): loading the module is on the
// command's path, the successor's start is not, and it is done before a script's next command
// comes. A forked host does it when it ends (it is busy from its first moment). The successor is
// this host again — the same Node, entry, flags, working folder and environment — detached, with
// no terminal, so it outlives this command quietly; it exits by itself when no command claims it
// within its idle time.
import { spawn } from 'node:child_process';
import { standbyArgument, standbySocketVariable } from '../standby-address';

export { standbyArgument };

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
