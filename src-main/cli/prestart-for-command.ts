// Starts the token host for commands that talk to a USBKEY, before the program is loaded: the
// host's Node start-up then runs while the CLI loads, not after it. Called by main.ts and, built,
// earlier still by built-cli-entry.ts, before the CLI's bundle is read (a second call does nothing).
import { prestartTokenHost } from '../holder/prestart-token-host';
import { commandName } from './command-name';

/** Commands that talk to a USBKEY (verify and --help do not). */
const tokenCommands = new Set([
  'tokens',
  'certs',
  'sign',
  'change-pin',
  'watch',
  'diagnose',
  'request',
  'requests',
]);

export function prestartTokenHostFor(argv: readonly string[]): void {
  // forCommand: a standby host left by the previous command is taken if there is one (issue 11).
  if (tokenCommands.has(commandName(argv.slice(2)) ?? '')) prestartTokenHost({ forCommand: true });
}
