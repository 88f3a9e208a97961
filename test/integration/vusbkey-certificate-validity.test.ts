// The virtual key can issue certificates outside their validity (expired, not yet valid), so the
// refusal to sign with them can be tested. Dates are read back by OpenSSL from the files the
// control CLI wrote, as an independent reader of the certificates on the key.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

const run = promisify(execFile);
const controlCli = fileURLToPath(new URL('../../native/vusbkey/control/main.ts', import.meta.url));
const dayMs = 24 * 60 * 60 * 1000;

/** notBefore / notAfter of a PEM file as OpenSSL reads them. */
function opensslDates(file: string): { notBefore: number; notAfter: number } {
  const result = spawnSync('openssl', ['x509', '-in', file, '-noout', '-startdate', '-enddate'], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  const field = (name: string) => Date.parse(result.stdout.match(new RegExp(`${name}=(.*)`))![1]!);
  return { notBefore: field('notBefore'), notAfter: field('notAfter') };
}

const vusbkey = (keys: VirtualKeyHome, args: string[]) =>
  run(process.execPath, ['--import', 'tsx', controlCli, ...args], { env: keys.env });

describe('vusbkey certificate validity options', () => {
  let keys: VirtualKeyHome;
  beforeAll(async () => {
    keys = await createVirtualKeyHome();
  });
  afterAll(() => keys.cleanup());

  it('init --expired-days-ago issues a certificate that ended that many days ago', async () => {
    const { stdout } = await vusbkey(keys, ['init', '--label', 'old', '--expired-days-ago', '3', '--json']);
    const file = JSON.parse(stdout).certificate.file as string;
    const { notBefore, notAfter } = opensslDates(file);
    expect(Math.abs(notAfter - (Date.now() - 3 * dayMs))).toBeLessThan(60_000);
    expect(notAfter - notBefore).toBe(365 * dayMs);
  });

  it('add-cert --starts-in-days issues a certificate that is not valid yet', async () => {
    const { stdout } = await vusbkey(keys, [
      ...['add-cert', '--label', 'old', '--starts-in-days', '5', '--days', '30', '--json'],
    ]);
    const { notBefore, notAfter } = opensslDates(JSON.parse(stdout).file as string);
    expect(Math.abs(notBefore - (Date.now() + 5 * dayMs))).toBeLessThan(60_000);
    expect(notAfter - notBefore).toBe(30 * dayMs);
  });

  it('without the options the certificate is valid now; both options together are refused', async () => {
    const result = await keys.initKey({ label: 'current', days: 20 });
    const { notBefore, notAfter } = opensslDates(result.certificate!.file);
    expect(notBefore).toBeLessThan(Date.now());
    expect(notAfter).toBeGreaterThan(Date.now() + 19 * dayMs);
    await expect(keys.initKey({ label: 'both', expiredDaysAgo: 1, startsInDays: 1 })).rejects.toThrow(
      /exclude each other/,
    );
  });
});
