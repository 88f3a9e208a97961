// The --module the CLI's entry guesses before commander is loaded (cli/command-name.ts, for the
// initialize sent ahead: token/early-initialize.ts) against what commander itself reads from the
// same command line, with the real global option and the real commands' options. A wrong guess
// only costs a second host, but command lines built to confuse the two (--module as the value of
// another option, after --, repeated, with =) should not even cost that.
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { moduleOptionValue } from '../../../src-main/cli/command-name';
import { registerRequestCommands } from '../../../src-main/cli/commands/requests';
import { registerSignCommand } from '../../../src-main/cli/commands/sign';
import { registerTokensCommand } from '../../../src-main/cli/commands/tokens';

/** What commander makes of `args`: the global --module when the command would run, else 'error'. */
function commanderModule(args: string[]): string | undefined | 'error' {
  const program = new Command('yikey')
    .option('--module <path>')
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  registerTokensCommand(program);
  registerSignCommand(program);
  registerRequestCommands(program);
  let module: string | undefined | 'error' = 'error';
  // Read where the command's action would start, without running it.
  program.hook('preAction', () => {
    module = program.opts<{ module?: string }>().module;
    throw new CommanderError(0, 'stopped', 'stopped before the action');
  });
  try {
    program.parse(['node', 'yikey', ...args]);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
  }
  return module;
}

const commandLines: string[][] = [
  ['tokens', '--module', '/lib/a.so'],
  ['--module=/lib/a.so', 'tokens', '--json'],
  ['sign', '--in', 'a.txt', '--out', '--module', '--module', '/lib/b.so'],
  ['sign', '--in', '--module=/lib/a.so', '--out', 'b.p7s'],
  ['sign', '--in', 'a.txt', '--out', 'a.p7s', '--cert', '--module', '/lib/c.so'],
  ['sign', '--in', 'a.txt', '--out', 'a.p7s', '--', '--module', '/lib/a.so'],
  ['--module', '/lib/a.so', 'sign', '--in', 'a.txt', '--out', 'a.p7s', '--module=/lib/b.so'],
  ['tokens', '--module', '--json'],
  ['tokens', '--module', '--'],
  ['tokens', '--module='],
  ['tokens', '--module', ' /lib/spaced.so '],
  ['request', 'change', '--name', '--module', '--department', '/lib/d.so'],
  ['request', 'change', '--name', '张三', '--module', '/lib/e.so', '--department', 'x'],
  ['request', 'revoke', '--reason', 'job-change', '--module', '/lib/f.so', '--module', '/lib/g.so'],
  ['--', 'tokens', '--module', '/lib/a.so'],
];

describe('the --module guessed ahead and the one commander reads', () => {
  it('agree on every command line commander runs', () => {
    const ran = commandLines.filter((args) => commanderModule(args) !== 'error');
    // Most of these must run, or the comparison proves little.
    expect(ran.length).toBeGreaterThanOrEqual(10);
    for (const args of ran) expect(moduleOptionValue(args), args.join(' ')).toBe(commanderModule(args));
  });
});
