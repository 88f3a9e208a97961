// yikey's program: global options and the commands (each in commands/). Loaded by main.ts
// once the token host is on its way.
import { Command, CommanderError } from 'commander';
import { reportError } from './cli-context';
import { registerCertsCommand } from './commands/certs';
import { registerChangePinCommand } from './commands/change-pin';
import { registerDiagnoseCommand } from './commands/diagnose';
import { registerRequestCommands } from './commands/requests';
import { registerSignCommand } from './commands/sign';
import { registerTokensCommand } from './commands/tokens';
import { registerVerifyCommand } from './commands/verify';
import { registerWatchCommand } from './commands/watch';
import { handleStdoutErrors } from './stdout-reader';

const program = new Command('yikey')
  .description('YiKey 医钥: USBKEY certificates, signing and PIN management')
  .option('--module <path>', 'PKCS#11 module to use (default: $YIKEY_PKCS11_MODULE, then auto-detect)')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

for (const register of [
  registerTokensCommand,
  registerCertsCommand,
  registerSignCommand,
  registerVerifyCommand,
  registerChangePinCommand,
  registerWatchCommand,
  registerDiagnoseCommand,
  registerRequestCommands,
]) {
  register(program);
}

// `yikey … | head -1`: a reader that leaves early ends the command quietly, not with a crash.
handleStdoutErrors();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.exitCode = reportError(error);
  }
}
