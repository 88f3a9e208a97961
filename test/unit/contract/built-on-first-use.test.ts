// Schemas built on first use (issue 11): nothing is built until asked for, then the same value
// comes back every time, and a method's params and result schemas are built apart.
import { describe, expect, it } from 'vitest';
import { builtOnFirstUse } from '../../../src-main/contract/built-on-first-use';
import { hostMethodSchema } from '../../../src-main/token/host-protocol';

describe('builtOnFirstUse', () => {
  it('builds at the first call only and returns that value ever after', () => {
    let builds = 0;
    const value = builtOnFirstUse(() => ({ built: ++builds }));
    expect(builds).toBe(0);
    const first = value();
    expect(value()).toBe(first);
    expect(builds).toBe(1);
  });

  it('keeps a value that is falsy', () => {
    let builds = 0;
    const nothing = builtOnFirstUse(() => {
      builds += 1;
      return undefined;
    });
    nothing();
    nothing();
    expect(builds).toBe(1);
  });
});

describe('hostMethodSchema', () => {
  it("gives one schema per method and part, and checks listTokens' result", () => {
    expect(hostMethodSchema('listTokens', 'result')).toBe(hostMethodSchema('listTokens', 'result'));
    expect(hostMethodSchema('listTokens', 'params')).not.toBe(hostMethodSchema('listTokens', 'result'));
    expect(hostMethodSchema('listTokens', 'result').safeParse([{ slotId: 'x' }]).success).toBe(false);
    expect(hostMethodSchema('initialize', 'params').safeParse({ modulePath: '/m.so' }).success).toBe(false);
  });
});
