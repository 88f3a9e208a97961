// Exported certificates are the key's certificate byte for byte: OpenSSL reads the PEM and
// the DER and computes the same SHA-256 fingerprint the card shows.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, logIn, test } from './fixtures/holder-test';

function opensslFingerprint(path: string, inform: 'PEM' | 'DER'): string {
  const result = spawnSync(
    'openssl',
    ['x509', '-inform', inform, '-in', path, '-noout', '-fingerprint', '-sha256'],
    {
      encoding: 'utf8',
    },
  );
  expect(result.status).toBe(0);
  return result.stdout.trim().replace(/^.*=/, '');
}

test('export PEM and DER → openssl reads both with the fingerprint shown in the details', async ({
  page,
  keys,
  startApp,
}, testInfo) => {
  await keys.initKey({ label: 'doctor', algorithm: 'p-256', commonName: '王五' });
  const app = await startApp();
  await page.goto(app.url);
  await logIn(page, '123456');
  await page.getByRole('button', { name: '查看详情' }).click();
  const fingerprint =
    (await page.locator('.details-row', { hasText: 'SHA-256指纹' }).locator('dd').textContent()) ?? '';
  expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

  for (const [button, inform] of [
    ['导出PEM', 'PEM'],
    ['导出DER', 'DER'],
  ] as const) {
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: button }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(inform === 'PEM' ? /^王五-.*\.pem$/ : /^王五-.*\.cer$/);
    const path = join(testInfo.outputDir, download.suggestedFilename());
    await download.saveAs(path);
    expect(opensslFingerprint(path, inform)).toBe(fingerprint);
  }
});
