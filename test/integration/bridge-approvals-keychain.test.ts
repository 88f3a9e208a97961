// The approved-origins file is tamper-evident: its seal's key lives in the OS keychain (here
// gnome-keyring's Secret Service in a private D-Bus session, through keytar). Approvals survive
// a restart; another program that adds an origin to the file makes YiKey ignore the file and
// say so; without a keychain, approvals hold for this run only and no file is written.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keytarIntegrityKeyStore } from '../../src-main/bridge/integrity-key';
import { OriginApprovals } from '../../src-main/bridge/origin-approvals';
import { runInKeyringSession } from '../helpers/keyring-session';

const probe = path.resolve('test/helpers/approvals-probe.ts');
let folder: string;

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'yikey-keyring-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function probeApprovals(file: string, approve?: string) {
  const run = await runInKeyringSession(
    [process.execPath, '--import', 'tsx', probe, file, ...(approve ? [approve] : [])],
    { dataHome: path.join(folder, 'data') },
  );
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { storage: string; warning: string | null; approved: string[] };
}

describe('approved origins sealed with a keychain key', () => {
  it('survive a restart, and a file edited by another program is ignored and reported', async () => {
    const file = path.join(folder, 'bridge-approvals.json');
    expect(await probeApprovals(file, 'https://emr.hospital.example')).toEqual({
      storage: 'keychain',
      warning: null,
      approved: ['https://emr.hospital.example'],
    });
    // A restart: a new process and session over the same keychain.
    expect(await probeApprovals(file)).toMatchObject({
      warning: null,
      approved: ['https://emr.hospital.example'],
    });

    // Another local program adds its own origin; it cannot compute the seal.
    const sealed = JSON.parse(readFileSync(file, 'utf8')) as {
      origins: { origin: string; approvedAt: string }[];
    };
    sealed.origins.push({ origin: 'https://evil.example', approvedAt: new Date().toISOString() });
    writeFileSync(file, JSON.stringify(sealed));
    expect(await probeApprovals(file)).toEqual({ storage: 'keychain', warning: 'tampered', approved: [] });
  });

  it('without a keychain: approvals for this run only, no file written', async () => {
    const file = path.join(folder, 'no-keychain.json');
    // No D-Bus session in this process (and no X display to start one): keytar reaches no keychain.
    delete process.env.DBUS_SESSION_BUS_ADDRESS;
    delete process.env.DISPLAY;
    const approvals = await OriginApprovals.open({
      filePath: file,
      keychain: keytarIntegrityKeyStore(),
      policyOrigins: ['http://his.hospital.example:8080'],
    });
    expect(approvals.storage).toBe('this-run');
    await approvals.approve('https://emr.hospital.example');
    expect(approvals.isApproved('https://emr.hospital.example')).toBe(true);
    expect(approvals.mayConnect('http://his.hospital.example:8080')).toBe(true);
    expect(approvals.mayConnect('http://emr.hospital.example')).toBe(false);
    expect(existsSync(file)).toBe(false);
  });
});
