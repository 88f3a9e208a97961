// trustedCaFiles are paths a holder (or a compromised renderer) names. A FIFO must not block
// the process, a huge file must not be read: both are refused with their own error, when the
// holder adds them and at start-up, and the service keeps answering.
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHolderCore, type HolderCore } from '../../src-main/holder-api/start-holder-core';
import { memorySettingsStore } from '../../src-main/holder-api/settings-store';
import { maxTrustedCaFileBytes } from '../../src-main/holder-api/trust-store';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

describe('trusted CA files that are not plain, small files', () => {
  let keys: VirtualKeyHome;
  let directory: string;
  let fifo: string;
  let huge: string;
  let core: HolderCore;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'doctor' });
    process.env.VUSBKEY_HOME = keys.home;
    directory = mkdtempSync(path.join(os.tmpdir(), 'yikey-ca-limits-'));
    fifo = path.join(directory, 'ca.pem');
    execFileSync('mkfifo', [fifo]);
    huge = path.join(directory, 'huge.pem');
    writeFileSync(huge, readFileSync(keys.caPath));
    truncateSync(huge, 5 * 1024 * 1024);
    // Saved in an earlier session (or written by another program): start-up must not hang on it.
    core = await startHolderCore({
      store: memorySettingsStore({ modulePath: keys.modulePath, trustedCaFiles: [fifo, huge, keys.caPath] }),
    });
  });

  afterAll(async () => {
    await core?.stop();
    rmSync(directory, { recursive: true, force: true });
    await keys?.cleanup();
  });

  const settingsGet = () => core.dispatcher.dispatch('settings:get', {});

  it('at start-up each bad file is listed with its reason and the good one stays in force', async () => {
    expect(await settingsGet()).toMatchObject({
      ok: true,
      output: {
        trustedCas: [
          { path: fifo, certificates: [], error: { code: 'trusted-ca-not-file' } },
          { path: huge, certificates: [], error: { code: 'trusted-ca-too-large' } },
          { path: keys.caPath, certificates: [{ commonName: 'YiKey Test CA' }], error: null },
        ],
      },
    });
  });

  it('settings:set with a FIFO answers at once with trusted-ca-not-file and the service keeps answering', async () => {
    const started = Date.now();
    const result = await core.dispatcher.dispatch('settings:set', { trustedCaFiles: [keys.caPath, fifo] });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'trusted-ca-not-file', details: { path: fifo } },
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await settingsGet()).toMatchObject({ ok: true });
    expect(await core.dispatcher.dispatch('tokens:list', {})).toMatchObject({
      ok: true,
      output: { tokens: [{ label: 'doctor' }] },
    });
  });

  it('a 5 MiB file is refused with the size reason; a CA file of exactly the limit is accepted', async () => {
    const refused = await core.dispatcher.dispatch('settings:set', { trustedCaFiles: [huge] });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'trusted-ca-too-large', details: { path: huge, maxBytes: maxTrustedCaFileBytes } },
    });

    const atLimit = path.join(directory, 'at-limit.pem');
    writeFileSync(atLimit, readFileSync(keys.caPath));
    appendFileSync(atLimit, '\n'.repeat(maxTrustedCaFileBytes - statSync(atLimit).size));
    expect(await core.dispatcher.dispatch('settings:set', { trustedCaFiles: [atLimit] })).toMatchObject({
      ok: true,
      output: { trustedCas: [{ path: atLimit, error: null }] },
    });
    appendFileSync(atLimit, '\n');
    expect(await core.dispatcher.dispatch('settings:set', { trustedCaFiles: [atLimit] })).toMatchObject({
      ok: false,
      error: { code: 'trusted-ca-too-large' },
    });
  });
});
