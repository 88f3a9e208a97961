// Reading a yikey command line before commander is loaded (src-main/cli/command-name.ts): the
// command asked for, and the --module the token host is told to load ahead.
import { describe, expect, it } from 'vitest';
import { commandName, moduleOptionValue } from '../../../src-main/cli/command-name';

describe('a yikey command line read ahead of commander', () => {
  it('names the command: the first word that is neither an option nor --module’s value', () => {
    expect(commandName(['--module', '/lib/x.so', 'tokens', '--json'])).toBe('tokens');
    expect(commandName(['--module=/lib/x.so', 'sign', '--in', 'a.txt'])).toBe('sign');
    expect(commandName(['--help'])).toBeUndefined();
  });

  it('reads --module in either spelling, before or after the command; the last one wins, as in commander', () => {
    expect(moduleOptionValue(['tokens', '--module', '/lib/a.so'])).toBe('/lib/a.so');
    expect(moduleOptionValue(['--module=/lib/b.so', 'tokens'])).toBe('/lib/b.so');
    expect(moduleOptionValue(['--module', '/lib/a.so', 'tokens', '--module=/lib/b.so'])).toBe('/lib/b.so');
    expect(moduleOptionValue(['--module='])).toBe('');
  });

  it('has no --module when none is given, when it lacks its value, or after --', () => {
    expect(moduleOptionValue(['tokens', '--json'])).toBeUndefined();
    expect(moduleOptionValue(['tokens', '--module'])).toBeUndefined();
    expect(moduleOptionValue(['sign', '--', '--module', '/lib/a.so'])).toBeUndefined();
  });
});
