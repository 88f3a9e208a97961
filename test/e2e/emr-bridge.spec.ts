// The demo EMR (another origin, in its own tab) logs a doctor in and signs 病程记录 through
// YiKey's bridge while the holder decides in YiKey's own page: first contact (origin shown),
// login with the PIN typed in YiKey, one record, digest only (仅摘要), a batch with progress,
// refusal, the time limit, unplug during a batch, unplug → logged out of the EMR. Every stored
// signature is read from the EMR's SQLite file and checked again by `openssl cms -verify`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { demoRecords } from '../demo-emr/demo-records';
import { opensslCmsVerify } from '../helpers/openssl';
import { expectNoAxeViolations } from './fixtures/accessibility';
import type { StoredSignatureRow as StoredSignature } from './fixtures/demo-emr-process';
import {
  approveInYiKey,
  bridgeDialog,
  expect,
  saveScreenshot,
  test,
  type EmrSetup,
} from './fixtures/emr-test';

test.use({ ignoreHTTPSErrors: true });

function expectOpensslVerifies(stored: StoredSignature[], caFile: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'emr-e2e-'));
  try {
    for (const entry of stored) {
      const record = demoRecords.find((candidate) => candidate.documentId === entry.documentId)!;
      writeFileSync(join(dir, 'record.txt'), record.text);
      writeFileSync(join(dir, 'record.p7s'), Buffer.from(entry.signature, 'base64'));
      const verdict = opensslCmsVerify({
        content: join(dir, 'record.txt'),
        signature: join(dir, 'record.p7s'),
        caFile,
      });
      expect(verdict.ok, `${entry.documentId}: ${verdict.output}`).toBe(true);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** First contact and login, the holder approving both in YiKey's page. */
async function logInToEmr({ yikey, emrPage, emr }: EmrSetup): Promise<void> {
  await emrPage.getByRole('button', { name: '使用USBKEY证书登录' }).click();
  const firstContact = await bridgeDialog(yikey, 'first-contact');
  await expect(firstContact.getByTestId('bridge-origin')).toHaveText(emr.origin);
  await approveInYiKey(yikey, 'first-contact');
  const login = await bridgeDialog(yikey, 'login');
  await expect(login.getByTestId('bridge-origin')).toHaveText(emr.origin);
  await expect(login.getByTestId('consent-signer')).toHaveText('张三');
  await approveInYiKey(yikey, 'login');
  await expect(emrPage.getByText('张三 医生（某某市第一人民医院）')).toBeVisible();
}

async function openPatient(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${name}（`) }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`^${name} — 病程记录`) })).toBeVisible();
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const recordItem = (page: Page, documentId: string) => page.locator(`li[data-document-id="${documentId}"]`);

test('login, one record, digest only and a batch: each consent in YiKey names the record, every stored signature verifies', async ({
  keys,
  emrSetup,
}) => {
  await keys.initKey({ label: 'doctor' });
  const setup = await emrSetup();
  const { yikey, emrPage, emr } = setup;
  await logInToEmr(setup);
  await openPatient(emrPage, '王五');
  await saveScreenshot(emrPage, 'emr-01-records');
  await expectNoAxeViolations(emrPage, 'demo EMR records');

  const [first, second, third] = demoRecords.filter((record) => record.patientId === 'p-1001');
  await recordItem(emrPage, first!.documentId)
    .getByRole('button', { name: /^签名：/ })
    .click();
  const single = await bridgeDialog(yikey, 'sign');
  await expect(single.getByTestId('bridge-origin')).toHaveText(emr.origin);
  await expect(single.getByTestId('consent-patient')).toHaveText('王五');
  await expect(single.getByTestId('consent-document-id')).toHaveText(first!.documentId);
  await expect(single.getByTestId('consent-excerpt')).toContainText('患者王五，男，65岁');
  await expect(single.getByTestId('consent-digest')).toHaveText(sha256(first!.text));
  await expect(single.getByTestId('consent-digest-only')).toHaveCount(0);
  await saveScreenshot(yikey, 'emr-02-consent-in-yikey');
  await approveInYiKey(yikey, 'sign');
  await expect(recordItem(emrPage, first!.documentId)).toContainText('已签名 · 服务器已验证');

  await recordItem(emrPage, second!.documentId)
    .getByRole('button', { name: /^仅签摘要：/ })
    .click();
  const digestOnly = await bridgeDialog(yikey, 'sign');
  await expect(digestOnly.getByTestId('consent-document-id')).toHaveText(second!.documentId);
  await expect(digestOnly.getByTestId('consent-digest-only')).toContainText('仅摘要');
  await expect(digestOnly.getByTestId('consent-excerpt')).toHaveCount(0);
  await expect(digestOnly.getByTestId('consent-digest')).toHaveText(sha256(second!.text));
  await saveScreenshot(yikey, 'emr-03-digest-only-in-yikey');
  await approveInYiKey(yikey, 'sign');
  await expect(recordItem(emrPage, second!.documentId)).toContainText('已签名 · 服务器已验证');

  await emrPage.getByLabel(`选择“${second!.title}”`).check();
  await emrPage.getByLabel(`选择“${third!.title}”`).check();
  await emrPage.getByRole('button', { name: '批量签名所选记录' }).click();
  const batch = await bridgeDialog(yikey, 'sign');
  await expect(batch.getByTestId('consent-record')).toHaveCount(2);
  await expect(batch.getByTestId('consent-document-id')).toHaveText([second!.documentId, third!.documentId]);
  await approveInYiKey(yikey, 'sign');
  await expect(emrPage.getByRole('status')).toContainText('批量签名完成：2 份已签名并经服务器验证');
  await saveScreenshot(emrPage, 'emr-04-batch-signed');

  const stored = emr.signatures();
  expect(stored.map((entry) => [entry.documentId, entry.mode])).toEqual([
    [first!.documentId, 'content'],
    [second!.documentId, 'digest'],
    [second!.documentId, 'content'],
    [third!.documentId, 'content'],
  ]);
  expectOpensslVerifies(stored, keys.caPath);
});

test('refusal in YiKey signs nothing and the EMR says so', async ({ keys, emrSetup }) => {
  await keys.initKey({ label: 'doctor' });
  const setup = await emrSetup();
  const { yikey, emrPage, emr } = setup;
  await logInToEmr(setup);
  await openPatient(emrPage, '赵六');
  const record = demoRecords.find((entry) => entry.patientId === 'p-1002')!;
  await recordItem(emrPage, record.documentId)
    .getByRole('button', { name: /^签名：/ })
    .click();
  const dialog = await bridgeDialog(yikey, 'sign');
  await dialog.getByTestId('bridge-refuse').click();
  await expect(emrPage.getByRole('status')).toContainText('未签名：您已在医钥中取消。');
  await emrPage.getByText('详细信息').click();
  await expect(emrPage.getByRole('status')).toContainText('user-cancelled');
  await saveScreenshot(emrPage, 'emr-05-refused');
  await expectNoAxeViolations(emrPage, 'demo EMR refusal');
  expect(emr.signatures()).toEqual([]);
});

test('pulling the key out logs the doctor out of the EMR page', async ({ keys, emrSetup }) => {
  await keys.initKey({ label: 'doctor' });
  const setup = await emrSetup();
  const { emrPage, emr } = setup;
  await logInToEmr(setup);
  await keys.unplug('doctor');
  await expect(emrPage.getByRole('status')).toContainText('USBKEY已拔出，您已退出登录。');
  await expect(emrPage.getByRole('button', { name: '使用USBKEY证书登录' })).toBeVisible();
  await expect(emrPage.getByText('张三 医生')).toBeHidden();
  await saveScreenshot(emrPage, 'emr-06-logged-out-by-unplug');
  // The server session ended too: the records are no longer served.
  expect((await emrPage.request.get(`${emr.origin}/api/patients`)).status()).toBe(401);
});

test('unplugging during a batch keeps what was signed, signs nothing more, and logs the doctor out', async ({
  keys,
  emrSetup,
}) => {
  await keys.initKey({ label: 'doctor' });
  const setup = await emrSetup();
  const { yikey, emrPage, emr } = setup;
  await logInToEmr(setup);
  await openPatient(emrPage, '孙八');
  // Forty notes on a key as slow as real ones (250 ms a signature): the token host signs them in
  // a few round trips, so after the first progress the batch is still running when the key leaves.
  await keys.setLatency('doctor', { op: 'C_Sign', ms: 250 });
  const notes = demoRecords.filter((entry) => entry.patientId === 'p-1003');
  await emrPage.getByLabel('全选本患者的记录').check();
  await emrPage.getByRole('button', { name: '批量签名所选记录' }).click();
  await approveInYiKey(yikey, 'sign');
  await expect(emrPage.getByRole('status')).toContainText(/正在签名 \d+\/40/);
  await keys.unplug('doctor');
  await expect(emrPage.getByRole('status')).toContainText('USBKEY已拔出，您已退出登录。');
  const stored = emr.signatures();
  await expect(emrPage.getByRole('status')).toContainText(
    `此前的批量签名：${stored.length} 份已签名并保存，${notes.length - stored.length} 份未签名。`,
  );
  await saveScreenshot(emrPage, 'emr-07-unplugged-during-batch');
  expect(stored.length).toBeGreaterThanOrEqual(1);
  expect(stored.length).toBeLessThan(notes.length);
  expectOpensslVerifies(stored, keys.caPath);
});

test('no decision in YiKey within the time limit signs nothing and the EMR says it timed out', async ({
  keys,
  emrSetup,
}) => {
  await keys.initKey({ label: 'doctor' });
  const setup = await emrSetup({ decisionTimeoutMs: 4_000 });
  const { yikey, emrPage, emr } = setup;
  await logInToEmr(setup);
  await openPatient(emrPage, '赵六');
  const record = demoRecords.find((entry) => entry.patientId === 'p-1002')!;
  await recordItem(emrPage, record.documentId)
    .getByRole('button', { name: /^签名：/ })
    .click();
  await bridgeDialog(yikey, 'sign');
  await expect(emrPage.getByRole('status')).toContainText('医钥中的确认已超时，未签名。');
  await expect(yikey.getByTestId('bridge-dialog')).toHaveCount(0);
  expect(emr.signatures()).toEqual([]);
});
