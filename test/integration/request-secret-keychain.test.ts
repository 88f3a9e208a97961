// The one-time authorisation code of an open request is kept in the OS keychain (here
// gnome-keyring's Secret Service in a private D-Bus session, through keytar) under service
// 'YiKey', account 'request-secret:<id>': it survives a restart of YiKey, is gone once removed,
// and without a keychain nothing is kept (YiKey then asks at each sync).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  keytarRequestSecretStore,
  requestSecretAccount,
} from '../../src-main/lifecycle/request-secret-keychain';
import { runInKeyringSession } from '../helpers/keyring-session';

const probe = path.resolve('test/helpers/request-secret-probe.ts');
let folder: string;

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'yikey-request-secret-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function runProbe(action: 'save' | 'load' | 'remove', requestId: string, code = '') {
  const codeFile = path.join(folder, 'code');
  writeFileSync(codeFile, code, { mode: 0o600 });
  const run = await runInKeyringSession([process.execPath, '--import', 'tsx', probe, action, requestId], {
    dataHome: path.join(folder, 'data'),
    env: { CODE_FILE: codeFile },
  });
  expect(run.status, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { result: unknown }).result;
}

describe('request secrets in the keychain', () => {
  it('survive a restart and are gone once removed; other requests keep theirs', async () => {
    const first = randomUUID();
    const second = randomUUID();
    expect(await runProbe('save', first, 'K7MPQ2RSTV9X')).toBe(true);
    expect(await runProbe('save', second, 'ABCDEFGH2345')).toBe(true);
    // Each probe is a new process and D-Bus session over the same keyring folder: a restart.
    expect(await runProbe('load', first)).toBe('K7MPQ2RSTV9X');
    expect(await runProbe('remove', first)).toBe(true);
    expect(await runProbe('load', first)).toBeNull();
    expect(await runProbe('load', second)).toBe('ABCDEFGH2345');
  });

  it('without a keychain: nothing kept, nothing thrown', async () => {
    delete process.env.DBUS_SESSION_BUS_ADDRESS;
    delete process.env.DISPLAY;
    const store = keytarRequestSecretStore();
    const id = randomUUID();
    expect(await store.save(id, 'K7MPQ2RSTV9X')).toBe(false);
    expect(await store.load(id)).toBeNull();
    await expect(store.remove(id)).resolves.toBeUndefined();
  });

  it('names one account per request and refuses what is not a request id', () => {
    const id = randomUUID();
    expect(requestSecretAccount(id)).toBe(`request-secret:${id}`);
    expect(() => requestSecretAccount('../../x')).toThrow();
  });
});
