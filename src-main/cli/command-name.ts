// The command a yikey command line asks for, read before commander is loaded: main.ts starts the
// token host for commands that use a key, cli-program.ts loads only that command's module.

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
