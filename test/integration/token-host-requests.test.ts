// The token host's own checks of what arrives on its channel, on a real module (vusbkey over
// SoftHSM): each method's params are validated when that method is called (its schemas are
// built then, host-protocol.ts), a name that is not a method — 'toString' included — is refused
// by name, and malformed params never reach the module.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHostEntry, forkHostProcessFrom, type HostProcess } from '../../src-main/token/host-process';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

/** A forked host and its answers by request id. */
function openHost(): {
  host: HostProcess;
  answer: (id: number) => Promise<unknown>;
  exited: Promise<unknown>;
} {
  const host = forkHostProcessFrom(defaultHostEntry)();
  const answers = new Map<number, (message: unknown) => void>();
  host.onMessage((message) => {
    const { kind, id } = message as { kind?: string; id?: number };
    if (kind === 'response' && id !== undefined) answers.get(id)?.(message);
  });
  const exited = new Promise((resolve) => host.onExit(resolve));
  const answer = (id: number) => new Promise<unknown>((resolve) => answers.set(id, resolve));
  return { host, answer, exited };
}

describe('token host requests, validated per method', () => {
  let keys: VirtualKeyHome;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'alpha', pin: '123456' });
    process.env.VUSBKEY_HOME = keys.home;
  });

  afterAll(async () => {
    await keys?.cleanup();
  });

  it('refuses names that are not methods and malformed params, then serves the key and exits on shutdown', async () => {
    const { host, answer, exited } = openHost();
    const send = (id: number, method: string, params: unknown) => {
      const answered = answer(id);
      host.send({ kind: 'request', id, method, params });
      return answered;
    };

    // Inherited from Object.prototype: a name, not a method.
    expect(await send(1, 'toString', {})).toEqual({
      kind: 'response',
      id: 1,
      ok: false,
      error: { code: 'invalid-input', message: 'Unknown method toString' },
    });
    expect(await send(2, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await send(3, 'initialize', { modulePath: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringMatching(/^Invalid initialize request/) },
    });

    const initialized = await send(4, 'initialize', {
      modulePath: keys.modulePath,
      pollIntervalMs: 1000,
      reinitializeAfterRemoval: false,
    });
    expect(initialized).toMatchObject({ ok: true, result: { path: keys.modulePath } });

    // A method whose schemas were not built yet: its params are checked on this first call.
    expect(
      await send(5, 'signDigest', { slotId: '0', keyId: 'ab', mechanism: 'sm2', data: 'not bytes' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringMatching(/^Invalid signDigest request/) },
    });
    expect(await send(6, 'listTokens', {})).toMatchObject({
      ok: true,
      result: [expect.objectContaining({ label: 'alpha' })],
    });

    host.send({ kind: 'request', id: 0, method: 'shutdown', params: {} });
    expect(await exited).toEqual({ code: 0, signal: null });
  });
});
