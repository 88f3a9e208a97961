// The two messages a CLI and a standby token host exchange before the host protocol
// (host-protocol.ts) starts: the CLI claims the host, the host answers with its process id, and
// from then on it serves that command alone (standby-address.ts says why standby hosts exist).
//
// Checked by hand, not with zod like every other wire shape: the CLI reads the hello in its
// small entry, before its program (and zod, ~20 ms to load) is read — loading zod there would
// cost more than the standby host saves. Both shapes are exact: nothing else is accepted.

export interface StandbyClaim {
  kind: 'claim';
}

export interface StandbyHello {
  kind: 'standby-hello';
  pid: number;
}

const hasExactlyKeys = (value: unknown, keys: string[]): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  Object.getPrototypeOf(value) === Object.prototype &&
  Object.keys(value).sort().join() === keys.join();

export const isStandbyClaim = (value: unknown): value is StandbyClaim =>
  hasExactlyKeys(value, ['kind']) && value.kind === 'claim';

export const isStandbyHello = (value: unknown): value is StandbyHello =>
  hasExactlyKeys(value, ['kind', 'pid']) &&
  value.kind === 'standby-hello' &&
  Number.isSafeInteger(value.pid) &&
  (value.pid as number) > 0;
