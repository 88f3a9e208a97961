// The claim and the hello (src-main/token/standby-protocol.ts) are checked by hand, not by zod:
// these cases are what that hand check must refuse, each as it arrives — through V8's
// serialisation, the wire format of host-frames.ts.
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { isStandbyClaim, isStandbyHello } from '../../../src-main/token/standby-protocol';

const overTheWire = (value: unknown): unknown => deserialize(serialize(value));

describe('standby claim', () => {
  it('accepts exactly { kind: "claim" }', () => {
    expect(isStandbyClaim(overTheWire({ kind: 'claim' }))).toBe(true);
  });

  it.each([
    ['an extra key', { kind: 'claim', pid: 1 }],
    ['a key called __proto__', JSON.parse('{"kind":"claim","__proto__":{"kind":"claim"}}') as unknown],
    ['another kind', { kind: 'standby-hello' }],
    ['the kind in capitals', { kind: 'CLAIM' }],
    ['a kind that is not a string', { kind: ['claim'] }],
    ['no keys', {}],
    ['an array', ['claim']],
    ['an array with a kind', Object.assign(['x'], { kind: 'claim' })],
    ['a Map', new Map([['kind', 'claim']])],
    ['a string', 'claim'],
    ['a number', 1],
    ['null', null],
    ['a Date', new Date(0)],
    ['bytes', new Uint8Array([1, 2, 3])],
  ])('refuses %s', (_case, value) => {
    expect(isStandbyClaim(overTheWire(value))).toBe(false);
  });

  it('refuses objects that only look like a claim in memory', () => {
    expect(isStandbyClaim(Object.assign(Object.create(null) as object, { kind: 'claim' }))).toBe(false);
    expect(isStandbyClaim(Object.create({ kind: 'claim' }) as object)).toBe(false);
    class Claim {
      kind = 'claim';
    }
    expect(isStandbyClaim(new Claim())).toBe(false);
  });
});

describe('standby hello', () => {
  it('accepts a positive whole pid', () => {
    expect(isStandbyHello(overTheWire({ kind: 'standby-hello', pid: 4242 }))).toBe(true);
    expect(isStandbyHello(overTheWire({ pid: 7, kind: 'standby-hello' }))).toBe(true);
  });

  it.each([
    ['pid 0 (its process group)', 0],
    ['a negative pid (a process group)', -4242],
    ['pid -1 (every process)', -1],
    ['a fraction', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['beyond safe integers', 2 ** 53],
    ['a string', '4242'],
    ['a BigInt', 4242n],
    ['null', null],
  ])('refuses %s as pid', (_case, pid) => {
    expect(isStandbyHello(overTheWire({ kind: 'standby-hello', pid }))).toBe(false);
  });

  it.each([
    ['no pid', { kind: 'standby-hello' }],
    ['an extra key', { kind: 'standby-hello', pid: 4242, modulePath: '/x.so' }],
    ['a claim', { kind: 'claim' }],
    ['a host reply', { kind: 'response', id: 1, ok: true, result: {} }],
    ['an array', ['standby-hello', 4242]],
    [
      'a Map',
      new Map<string, unknown>([
        ['kind', 'standby-hello'],
        ['pid', 4242],
      ]),
    ],
  ])('refuses %s', (_case, value) => {
    expect(isStandbyHello(overTheWire(value))).toBe(false);
  });
});
