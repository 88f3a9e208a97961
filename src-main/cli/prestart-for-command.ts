// Starts the token host for commands that talk to a USBKEY, before the program is loaded: the
// host's Node start-up then runs while the CLI loads, not after it. Called by main.ts and, built,
// earlier still by built-cli-entry.ts, before the CLI's bundle is read (a second call does nothing).
// The host is also told at once which module to load (token/early-initialize.ts), when the command
// line and the environment say which one the command will use.
import { prestartTokenHostForCommand } from '../holder/prestart-token-host';
import { commandName, moduleOptionValue, moduleSettingFrom } from './command-name';

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
  const args = argv.slice(2);
  if (!tokenCommands.has(commandName(args) ?? '')) return;
  // `yikey sign --help` prints and ends: a host would only load the module for nothing.
  if (args.some((argument) => argument === '--help' || argument === '-h')) return;
  // A standby host left by the previous command is taken if there is one (issue 11). The module:
  // as cli-context.ts's openHolder will choose it.
  let moduleSetting: string | undefined;
  try {
    moduleSetting = moduleSettingFrom(moduleOptionValue(args));
  } catch {
    return; // A relative --module in a working folder since deleted: the command reports it itself.
  }
  prestartTokenHostForCommand(moduleSetting);
}
