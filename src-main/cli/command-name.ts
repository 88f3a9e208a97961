// The command a yikey command line asks for, read before commander is loaded: main.ts starts the
// token host for commands that use a key, cli-program.ts loads only that command's module.
import { resolve } from 'node:path';

/** The first word that is not an option (nor the value of the global --module option). */
export function commandName(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === '--module') index++;
    else if (!argument.startsWith('-')) return argument;
  }
  return undefined;
}

/**
 * The global --module's value as commander will read it (`--module X` or `--module=X`, the last
 * one wins), before commander is loaded: prestart-for-command.ts starts loading that module in
 * the token host ahead of the command. Undefined when not given; a wrong guess costs time only.
 */
export function moduleOptionValue(argv: readonly string[]): string | undefined {
  let value: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === '--') break;
    if (argument === '--module') value = argv[++index];
    else if (argument.startsWith('--module=')) value = argument.slice('--module='.length);
  }
  return value;
}

/**
 * The module setting a --module value stands for: typed in a shell, a relative path means "from
 * here" (the token host loads only absolute paths). cli-context.ts's openHolder and the guess made
 * ahead (prestart-for-command.ts) both use this, so they agree. Throws where the working folder
 * has been deleted.
 */
export function moduleSettingFrom(option: string | undefined): string | undefined {
  const trimmed = option?.trim();
  return trimmed ? resolve(trimmed) : undefined;
}
