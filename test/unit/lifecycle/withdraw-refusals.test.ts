// 撤回 is refused, before the key or the backend is touched, for a request that is not under
// review (issued, completed, rejected) or not in the journal; the record stays as it was.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RenewalWorkflow } from '../../../src-main/lifecycle/renewal';
import { RequestJournal } from '../../../src-main/lifecycle/request-journal';
import type { RequestRecord, RequestStage } from '../../../src-main/lifecycle/request-record';
import type { TokenHostClient } from '../../../src-main/token/token-host-client';

const directories: string[] = [];
afterEach(() =>
  directories.splice(0).forEach((directory) => rmSync(directory, { recursive: true, force: true })),
);

function workflow(): { journal: RequestJournal; renewal: RenewalWorkflow } {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'yikey-withdraw-'));
  directories.push(directory);
  const journal = new RequestJournal(directory);
  // Any call to the token or the backend would be a bug here: refusals come first.
  const host = {
    call: () => Promise.reject(new Error('the token host must not be called')),
  } as unknown as TokenHostClient;
  const renewal = new RenewalWorkflow({
    host,
    journal,
    endpoint: () => {
      throw new Error('the backend must not be called');
    },
    trustedDer: () => [],
  });
  return { journal, renewal };
}

const record = (stage: RequestStage): RequestRecord => ({
  version: 1,
  id: '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b',
  kind: 'renew',
  stage,
  createdAt: '2026-11-30T08:00:00.000Z',
  updatedAt: '2026-11-30T08:00:00.000Z',
  token: { serial: '0123456789abcdef', label: 'doctor' },
  oldKeyId: '01',
  oldCertificate: 'MIIB',
  oldCertificateFingerprint: 'AB:CD',
  newKeyId: 'a1b2c3',
  keyAlgorithm: 'RSA',
  transactionId: '00ff',
  senderNonce: '11ee',
  statusText: [],
  history: [{ stage, at: '2026-11-30T08:00:00.000Z' }],
});

describe('RenewalWorkflow.withdraw refusals', () => {
  it.each(['issued', 'installed', 'completed', 'rejected', 'failed'] as const)(
    'a request at %s cannot be withdrawn and is left unchanged',
    async (stage) => {
      const { journal, renewal } = workflow();
      journal.save(record(stage));
      await expect(renewal.withdraw(record(stage).id)).rejects.toMatchObject({
        code: 'request-not-withdrawable',
      });
      expect(journal.load(record(stage).id)).toEqual(record(stage));
    },
  );

  it('an unknown or malformed id is a clear error', async () => {
    const { renewal } = workflow();
    await expect(renewal.withdraw('3f2b8c1e-5d4a-4e6f-9a7b-000000000000')).rejects.toMatchObject({
      code: 'request-not-found',
    });
    await expect(renewal.withdraw('../../etc/passwd')).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('withdrawing an already withdrawn request answers with it, touching nothing', async () => {
    const { journal, renewal } = workflow();
    journal.save(record('withdrawn'));
    await expect(renewal.withdraw(record('withdrawn').id)).resolves.toMatchObject({ stage: 'withdrawn' });
  });
});
