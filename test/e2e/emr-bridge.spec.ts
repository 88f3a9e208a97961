// The demo EMR (another origin, in Chromium) logs a doctor in and signs 病程记录 through YiKey's
// bridge, with the holder deciding in YiKey: first contact, login, one record, digest only
// (仅摘要), a batch with progress, refusal, unplug during a batch, unplug → logged out of the EMR.
// Every stored signature is checked again here by `openssl cms -verify` against the record.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { demoRecords } from '../demo-emr/demo-records';
import type { StoredSignatureRow as StoredSignature } from './fixtures/demo-emr-process';
import { opensslCmsVerify } from '../helpers/openssl';
import { expectNoAxeViolations } from './fixtures/accessibility';
import { approve, expect, saveScreenshot, test, type EmrSetup } from './fixtures/emr-test';

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

/** First contact and login, the holder approving both in YiKey. */
async function logInToEmr(page: Page, { emr, holder }: EmrSetup): Promise<void> {
  await page.goto(emr.url);
  await page.getByRole('button', { name: '使用USBKEY证书登录' }).click();
  const firstContact = await holder.nextRequest();
  expect(firstContact).toMatchObject({ kind: 'first-contact', origin: emr.origin });
  await approve(holder, firstContact);
  const login = await holder.nextRequest();
  expect(login).toMatchObject({ kind: 'login', origin: emr.origin, certificate: { commonName: '张三' } });
  await approve(holder, login);
  await expect(page.getByText('张三 医生（某某市第一人民医院）')).toBeVisible();
}

async function openPatient(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${name}（`) }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`^${name} — 病程记录`) })).toBeVisible();
}

const recordItem = (page: Page, documentId: string) => page.locator(`li[data-document-id="${documentId}"]`);

test('login, one record, digest only and a batch: each consent names the record, every stored signature verifies', async ({
  page,
  keys,
  emrSetup,
}) => {
  await keys.initKey({ label: 'doctor' });
  const setup = await emrSetup();
  const { emr, holder } = setup;
  await logInToEmr(page, setup);
  await openPatient(page, '王五');
  await saveScreenshot(page, 'emr-01-records');
  await expectNoAxeViolations(page, 'demo EMR records');

  const [first, second, third] = demoRecords.filter((record) => record.patientId === 'p-1001');
  await recordItem(page, first!.documentId)
    .getByRole('button', { name: /^签名：/ })
    .click();
  const single = await holder.nextRequest();
  expect(single).toMatchObject({
    kind: 'sign',
    origin: emr.origin,
    batch: false,
    items: [
      {
        summary: {
          patient: '王五',
          recordType: '病程记录',
          title: first!.title,
          documentId: first!.documentId,
        },
        digestOnly: false,
        excerpt: expect.stringContaining('患者王五'),
      },
    ],
  });
  await approve(holder, single);
  await expect(recordItem(page, first!.documentId)).toContainText('已签名 · 服务器已验证');

  await recordItem(page, second!.documentId)
    .getByRole('button', { name: /^仅签摘要：/ })
    .click();
  const digestOnly = await holder.nextRequest();
  expect(digestOnly).toMatchObject({ kind: 'sign', items: [{ digestOnly: true, excerpt: null }] });
  await approve(holder, digestOnly);
  await expect(recordItem(page, second!.documentId)).toContainText('已签名 · 服务器已验证');

  await page.getByLabel(`选择“${second!.title}”`).check();
  await page.getByLabel(`选择“${third!.title}”`).check();
  await page.getByRole('button', { name: '批量签名所选记录' }).click();
  const batch = await holder.nextRequest();
  expect(batch).toMatchObject({ kind: 'sign', batch: true });
  if (batch.kind !== 'sign') throw new Error('not a signing question');
  expect(batch.items.map((item) => item.summary.documentId)).toEqual([second!.documentId, third!.documentId]);
  await approve(holder, batch);
  await expect(page.getByRole('status')).toContainText('批量签名完成：2 份已签名并经服务器验证');
  await saveScreenshot(page, 'emr-02-batch-signed');

  const stored = emr.signatures();
  expect(stored.map((entry) => [entry.documentId, entry.mode])).toEqual([
    [first!.documentId, 'content'],
    [second!.documentId, 'digest'],
    [second!.documentId, 'content'],
    [third!.documentId, 'content'],
  ]);
  expectOpensslVerifies(stored, keys.caPath);
});

test('refusal in YiKey signs nothing and the EMR says so', async ({ page, keys, emrSetup }) => {
  await keys.initKey({ label: 'doctor' });
  const setup = await emrSetup();
  await logInToEmr(page, setup);
  await openPatient(page, '赵六');
  const record = demoRecords.find((entry) => entry.patientId === 'p-1002')!;
  await recordItem(page, record.documentId)
    .getByRole('button', { name: /^签名：/ })
    .click();
  const question = await setup.holder.nextRequest();
  expect((await setup.holder.decide(question.requestId, false)).ok).toBe(true);
  await expect(page.getByRole('status')).toContainText('未签名：您已在医钥中取消。');
  await page.getByText('详细信息').click();
  await expect(page.getByRole('status')).toContainText('user-cancelled');
  await saveScreenshot(page, 'emr-03-refused');
  await expectNoAxeViolations(page, 'demo EMR refusal');
  expect(setup.emr.signatures()).toEqual([]);
});

test('pulling the key out logs the doctor out of the EMR page', async ({ page, keys, emrSetup }) => {
  await keys.initKey({ label: 'doctor' });
  const setup = await emrSetup();
  await logInToEmr(page, setup);
  await keys.unplug('doctor');
  await expect(page.getByRole('status')).toContainText('USBKEY已拔出，您已退出登录。');
  await expect(page.getByRole('button', { name: '使用USBKEY证书登录' })).toBeVisible();
  await expect(page.getByText('张三 医生')).toBeHidden();
  await saveScreenshot(page, 'emr-04-logged-out-by-unplug');
  // The server session ended too: the records are no longer served.
  expect((await page.request.get(`${setup.emr.origin}/api/patients`)).status()).toBe(401);
});

test('unplugging during a batch keeps what was signed, signs nothing more, and logs the doctor out', async ({
  page,
  keys,
  emrSetup,
}) => {
  await keys.initKey({ label: 'doctor' });
  const setup = await emrSetup();
  await logInToEmr(page, setup);
  await openPatient(page, '孙八');
  // A slow key (like a real one), so the batch of twelve is still running when the key leaves.
  await keys.setLatency('doctor', { op: 'C_Sign', ms: 300 });
  const notes = demoRecords.filter((entry) => entry.patientId === 'p-1003');
  for (const record of notes) await page.getByLabel(`选择“${record.title}”`).check();
  await page.getByRole('button', { name: '批量签名所选记录' }).click();
  await approve(setup.holder, await setup.holder.nextRequest());
  await expect(page.getByRole('status')).toContainText(/正在签名 \d+\/12/);
  await keys.unplug('doctor');
  await expect(page.getByRole('status')).toContainText('USBKEY已拔出，您已退出登录。');
  const stored = setup.emr.signatures();
  await expect(page.getByRole('status')).toContainText(
    `此前的批量签名：${stored.length} 份已签名并保存，${notes.length - stored.length} 份未签名。`,
  );
  await saveScreenshot(page, 'emr-05-unplugged-during-batch');
  expect(stored.length).toBeGreaterThanOrEqual(1);
  expect(stored.length).toBeLessThan(notes.length);
  expectOpensslVerifies(stored, keys.caPath);
});

test('no decision in YiKey within the time limit signs nothing and the EMR says it timed out', async ({
  page,
  keys,
  emrSetup,
}) => {
  await keys.initKey({ label: 'doctor' });
  const setup = await emrSetup({ decisionTimeoutMs: 4_000 });
  await logInToEmr(page, setup);
  await openPatient(page, '赵六');
  const record = demoRecords.find((entry) => entry.patientId === 'p-1002')!;
  await recordItem(page, record.documentId)
    .getByRole('button', { name: /^签名：/ })
    .click();
  const question = await setup.holder.nextRequest();
  expect(question.kind).toBe('sign');
  let ended = await setup.holder.nextEnded();
  while (ended.requestId !== question.requestId) ended = await setup.holder.nextEnded();
  expect(ended.outcome).toBe('timeout');
  await expect(page.getByRole('status')).toContainText('医钥中的确认已超时，未签名。');
  expect(setup.emr.signatures()).toEqual([]);
});
