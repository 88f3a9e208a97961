// The signing batch's bookkeeping (a pure unit test of our own logic: the client is a stand-in;
// the real key, OpenSSL and browser are in test/e2e/sign-batch.spec.ts).
import { afterEach, describe, expect, it } from 'vitest';
import type { HolderApiClient } from '../../../src-main/contract/holder-api-client';
import { YiKeyError } from '../../../src-main/contract/yikey-error';
import { signingBatch } from '../../../src-renderer/state/signing-batch';

const files = (count: number): File[] =>
  Array.from({ length: count }, (_, index) => new File([`letter ${index}`], `letter-${index}.txt`));

/** Answers files:sign from a script: a signature, or the error to throw for that call. */
function scriptedClient(script: (call: number) => YiKeyError | null, onCall?: (call: number) => void) {
  let calls = 0;
  const client = {
    call: async (_method: string, input: { file: { name: string } }) => {
      const call = calls++;
      onCall?.(call);
      const error = script(call);
      if (error) throw error;
      return {
        signature: {
          fileName: `${input.file.name}.p7s`,
          mediaType: 'application/pkcs7-signature',
          contentBase64: '',
        },
      };
    },
  } as unknown as HolderApiClient;
  return { client, calls: () => calls };
}

const states = () => signingBatch.snapshot().items.map((item) => item.outcome.state);
const reasons = () =>
  signingBatch
    .snapshot()
    .items.map((item) => (item.outcome.state === 'skipped' ? item.outcome.reason : null));

afterEach(() => signingBatch.clear());

describe('signingBatch', () => {
  it('a failure of one file does not stop the others; only a lost key or login does', async () => {
    signingBatch.choose(files(3), 'serial');
    const { client, calls } = scriptedClient((call) =>
      call === 1 ? new YiKeyError('file-too-large', 'x') : null,
    );
    await signingBatch.signAll(client, '');
    expect(states()).toEqual(['done', 'failed', 'done']);
    expect(calls()).toBe(3);
    expect(signingBatch.snapshot().stopReason).toBeNull();
  });

  it('a removed key stops the batch: finished ones stay, the rest (no further calls) say key-removed', async () => {
    signingBatch.choose(files(4), 'serial');
    const { client, calls } = scriptedClient((call) =>
      call === 1 ? new YiKeyError('token-removed', 'x') : null,
    );
    await signingBatch.signAll(client, '');
    expect(states()).toEqual(['done', 'skipped', 'skipped', 'skipped']);
    expect(reasons().slice(1)).toEqual(['key-removed', 'key-removed', 'key-removed']);
    expect(calls()).toBe(2);
    expect(signingBatch.snapshot().stopReason).toBe('key-removed');
  });

  it('"log in first" caused by the removal is relabelled once the key list shows the key gone', async () => {
    signingBatch.choose(files(3), 'serial');
    const { client } = scriptedClient((call) => (call === 1 ? new YiKeyError('not-logged-in', 'x') : null));
    await signingBatch.signAll(client, '');
    expect(signingBatch.snapshot().stopReason).toBe('logged-out');
    signingBatch.markKeyRemoved();
    expect(signingBatch.snapshot().stopReason).toBe('key-removed');
    expect(reasons()).toEqual([null, 'key-removed', 'key-removed']);
  });

  it('cancel lets the file in progress finish and sends no further file', async () => {
    signingBatch.choose(files(4), 'serial');
    const { client, calls } = scriptedClient(
      () => null,
      (call) => {
        if (call === 1) signingBatch.cancel();
      },
    );
    await signingBatch.signAll(client, '');
    expect(states()).toEqual(['done', 'done', 'skipped', 'skipped']);
    expect(reasons().slice(2)).toEqual(['cancelled', 'cancelled']);
    expect(calls()).toBe(2);
    // Signing again picks up only the files not yet signed.
    await signingBatch.signAll(client, '');
    expect(states()).toEqual(['done', 'done', 'done', 'done']);
    expect(calls()).toBe(4);
  });
});
