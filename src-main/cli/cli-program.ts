// yikey's program: global options and the commands (each in commands/). Loaded by main.ts
// once the token host is on its way.
import './zod-without-generated-parsers';
import { Command, CommanderError } from 'commander';
import { cliLanguage, reportError } from './cli-context';
import { commandLineErrorText } from './command-line-error-text';
import { isWritingCodeCache } from '../build/code-cache-run';
import { commandName } from './command-name';
import { handleStdoutErrors } from './stdout-reader';

type RegisterCommand = (program: Command) => void;

/** Commander's codes for help it printed itself (asked for, or for a missing command). */
const helpCodes = new Set(['commander.help', 'commander.helpDisplayed', 'commander.version']);

/**
 * Each command's module with the names it registers, in the order help lists them. Only the
 * module of the command asked for is loaded (help, no command or an unknown one load them all):
 * `yikey tokens` then never compiles the signing, certificate and request code (issue 11).
 */
const commandModules: { names: string[]; load: () => Promise<RegisterCommand> }[] = [
  { names: ['tokens'], load: async () => (await import('./commands/tokens')).registerTokensCommand },
  { names: ['certs'], load: async () => (await import('./commands/certs')).registerCertsCommand },
  { names: ['sign'], load: async () => (await import('./commands/sign')).registerSignCommand },
  { names: ['verify'], load: async () => (await import('./commands/verify')).registerVerifyCommand },
  {
    names: ['change-pin'],
    load: async () => (await import('./commands/change-pin')).registerChangePinCommand,
  },
  { names: ['watch'], load: async () => (await import('./commands/watch')).registerWatchCommand },
  { names: ['diagnose'], load: async () => (await import('./commands/diagnose')).registerDiagnoseCommand },
  {
    names: ['request', 'requests'],
    load: async () => (await import('./commands/requests')).registerRequestCommands,
  },
];

/** Registers the command asked for (or all of them) and runs it; the exit code goes to process.exitCode. */
export async function runCliProgram(argv: readonly string[] = process.argv): Promise<void> {
  const program = new Command('yikey')
    .description('YiKey 医钥: USBKEY certificates, signing and PIN management')
    .option('--module <path>', 'PKCS#11 module to use (default: $YIKEY_PKCS11_MODULE, then auto-detect)')
    .exitOverride()
    // Command-line errors are printed below, Chinese first (command-line-error-text.ts).
    .configureOutput({ writeErr: (text) => process.stderr.write(text), outputError: () => undefined });

  const asked = commandName(argv.slice(2));
  const askedModule = commandModules.find((entry) => entry.names.includes(asked ?? ''));
  for (const register of await Promise.all(
    (askedModule ? [askedModule] : commandModules).map((entry) => entry.load()),
  )) {
    register(program);
  }

  // `yikey … | head -1`: a reader that leaves early ends the command quietly, not with a crash.
  handleStdoutErrors();

  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help asked for, or shown because no command was given, has been printed already.
      if (error.exitCode !== 0 && !helpCodes.has(error.code)) {
        process.stderr.write(commandLineErrorText(error.code, error.message, cliLanguage()));
      }
      process.exitCode = error.exitCode === 0 ? 0 : 2;
    } else {
      process.exitCode = reportError(error);
    }
  }
  if (isWritingCodeCache()) (await import('../holder/code-cache-warm-up')).warmUpForCodeCache();
}
