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
