// yikey's program: global options and the commands (each in commands/). Loaded by main.ts
// once the token host is on its way.
import './zod-without-generated-parsers';
import { Command, CommanderError } from 'commander';
import { reportError } from './cli-context';
import { isWritingCodeCache } from './code-cache-run';
import { commandName } from './command-name';
import { handleStdoutErrors } from './stdout-reader';

type RegisterCommand = (program: Command) => void;

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
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

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
      process.exitCode = error.exitCode === 0 ? 0 : 2;
    } else {
      process.exitCode = reportError(error);
    }
  }
  if (isWritingCodeCache()) (await import('../holder/code-cache-warm-up')).warmUpForCodeCache();
}
