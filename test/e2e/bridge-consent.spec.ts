// The EMR bridge from the holder's chair: a hospital page on another origin calls the bridge
// while YiKey's own page shows the first contact (origin large), each consent (summary, text,
// SHA-256, certificate) and takes the PIN. Refusal, the time limit and a pulled-out key sign
// nothing and the page is told why; 已授权的网站 lists and revokes the approval. Signatures are
// checked with OpenSSL. (The full demo EMR has its own specs.)
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { opensslCmsVerify } from '../helpers/openssl';
import { expectNoAxeViolations } from './fixtures/accessibility';
import { expect, saveScreenshot, test } from './fixtures/holder-test';
import { startMinimalEmrPage, type MinimalEmrPage } from './fixtures/minimal-emr-page';

type Answer = { result?: Record<string, unknown>; error?: { data?: { code: string } } };
/** The globals the minimal page defines (the spec's tsconfig has no DOM types). */
type EmrWindow = {
  bridgeConnect(address: string): Promise<boolean>;
  bridgeCall(method: string, params: unknown): Promise<Answer>;
  notifications: { method: string; params: unknown }[];
  closedWith?: number;
};

const summary = { patient: '王五', recordType: '病程记录', title: '日常病程记录', documentId: 'EMR-7788' };

test.use({ ignoreHTTPSErrors: true });

let emr: MinimalEmrPage | undefined;
test.afterEach(async () => {
  await emr?.close();
  emr = undefined;
});

const call = (emrPage: Page, method: string, params: unknown = {}): Promise<Answer> =>
  emrPage.evaluate(
    ([name, input]) => (globalThis as unknown as EmrWindow).bridgeCall(name as string, input),
    [method, params] as const,
  );

async function openBoth(page: Page, app: { url: string; bridgeAddress(): Promise<string> }): Promise<Page> {
  emr = await startMinimalEmrPage();
  await page.goto(app.url);
  await expect(page.getByTestId('login-screen')).toBeVisible();
  const emrPage = await page.context().newPage();
  await emrPage.goto(emr.origin);
  await emrPage.evaluate(
    (address) => (globalThis as unknown as EmrWindow).bridgeConnect(address),
    await app.bridgeAddress(),
  );
  return emrPage;
}

/** The page says hello; the holder allows the website in YiKey's (globalThis as unknown as EmrWindow). */
async function allowWebsite(page: Page, emrPage: Page): Promise<void> {
  const hello = call(emrPage, 'yikey.hello');
  const dialog = page.getByTestId('bridge-dialog');
  await expect(dialog).toHaveAttribute('data-kind', 'first-contact');
  await expect(dialog.getByTestId('bridge-origin')).toHaveText(emr!.origin);
  await dialog.getByRole('button', { name: '允许该网站' }).click();
  expect((await hello).result).toMatchObject({ protocol: 'yikey-bridge/1', keyPresent: true });
  await expect(dialog).toHaveCount(0);
}

test('first contact, then a signature with consent and the PIN typed in YiKey; OpenSSL verifies it', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor' });
  const app = await startApp();
  const emrPage = await openBoth(page, app);

  const hello = call(emrPage, 'yikey.hello');
  const dialog = page.getByTestId('bridge-dialog');
  await expect(dialog.getByRole('heading', { name: '有网站请求使用医钥' })).toBeVisible();
  await expect(dialog.getByTestId('bridge-origin')).toHaveText(emr!.origin);
  await saveScreenshot(page, 'bridge-01-first-contact');
  await expectNoAxeViolations(page, 'bridge first contact');
  await dialog.getByRole('button', { name: '允许该网站' }).click();
  expect((await hello).result).toMatchObject({ keyPresent: true });

  const content = '主诉：咳嗽一周。\n查体：双肺呼吸音粗。\n诊断：急性支气管炎。';
  const signing = call(emrPage, 'sign.content', { content, summary });
  await expect(dialog.getByRole('heading', { name: '网站请求签名病历' })).toBeVisible();
  await expect(dialog.getByTestId('bridge-origin')).toHaveText(emr!.origin);
  await expect(dialog.getByTestId('consent-patient')).toHaveText('王五');
  await expect(dialog.getByTestId('consent-document-id')).toHaveText('EMR-7788');
  await expect(dialog.getByTestId('consent-excerpt')).toHaveText(content);
  const digest = createHash('sha256').update(content, 'utf8').digest('hex');
  await expect(dialog.getByTestId('consent-digest')).toHaveText(digest);
  await expect(dialog.getByTestId('consent-signer')).toHaveText('张三');
  await saveScreenshot(page, 'bridge-02-consent');
  await expectNoAxeViolations(page, 'bridge consent with PIN');
  // Keyboard only: the PIN field has the focus; Enter approves.
  await expect(dialog.getByLabel('PIN码')).toBeFocused();
  await page.keyboard.type('123456');
  // 同意 arms a moment after the dialog appears (no click meant for the previous one lands here).
  await expect(dialog.getByTestId('bridge-approve')).toBeEnabled();
  await page.keyboard.press('Enter');
  const answer = await signing;
  expect(answer.result).toMatchObject({ digest });

  const folder = mkdtempSync(path.join(tmpdir(), 'yikey-bridge-e2e-'));
  try {
    writeFileSync(path.join(folder, 'record.txt'), content);
    writeFileSync(path.join(folder, 'record.p7s'), Buffer.from(answer.result!.signature as string, 'base64'));
    const verdict = opensslCmsVerify({
      content: path.join(folder, 'record.txt'),
      signature: path.join(folder, 'record.p7s'),
      caFile: keys.caPath,
    });
    expect(verdict.ok, verdict.output).toBe(true);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('refusal and the time limit: nothing is signed, the page and the holder are told why', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor' });
  const app = await startApp({ bridgeDecisionTimeoutMs: 4_000 });
  const emrPage = await openBoth(page, app);
  await allowWebsite(page, emrPage);

  const refused = call(emrPage, 'sign.digest', { digest: 'ab'.repeat(32), summary });
  const dialog = page.getByTestId('bridge-dialog');
  await expect(dialog.getByTestId('consent-digest-only')).toBeVisible();
  await saveScreenshot(page, 'bridge-03-digest-only');
  // Escape refuses.
  await dialog.press('Escape');
  expect((await refused).error?.data).toEqual({ code: 'user-cancelled' });
  await expect(page.getByTestId('bridge-ended')).toHaveText('已拒绝，网页已收到通知。');

  const waited = call(emrPage, 'sign.content', { content: '病程记录', summary });
  await expect(dialog).toBeVisible();
  expect((await waited).error?.data).toEqual({ code: 'consent-timeout' });
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('bridge-ended')).toHaveText('未在规定时间内确认，请求已自动拒绝。');
});

test('a key pulled out during a batch: signed records stay signed, the rest say key-removed, the page logs out', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor' });
  await keys.setLatency('doctor', { op: 'C_Sign', ms: 150 });
  const app = await startApp();
  const emrPage = await openBoth(page, app);
  await allowWebsite(page, emrPage);

  const items = Array.from({ length: 30 }, (_, index) => ({
    content: `第${index + 1}份病程记录`,
    summary: { ...summary, documentId: `EMR-${index + 1}` },
  }));
  const signing = call(emrPage, 'sign.batch', { items });
  const dialog = page.getByTestId('bridge-dialog');
  await expect(dialog.getByRole('heading', { name: '网站请求批量签名 30 份病历' })).toBeVisible();
  await expect(dialog.getByTestId('consent-record')).toHaveCount(30);
  await saveScreenshot(page, 'bridge-04-batch');
  await expectNoAxeViolations(page, 'bridge batch consent');
  await dialog.getByLabel('PIN码').fill('123456');
  await dialog.getByRole('button', { name: '同意签名全部 30 份' }).click();
  await expect
    .poll(() =>
      emrPage.evaluate(
        () =>
          (globalThis as unknown as EmrWindow).notifications.filter(
            (entry) => entry.method === 'sign.progress',
          ).length,
      ),
    )
    .toBeGreaterThan(0);
  await keys.unplug('doctor');
  const { results } = (await signing).result as { results: { ok: boolean; error?: { code: string } }[] };
  expect(results.some((result) => result.ok)).toBe(true);
  const failed = results.filter((result) => !result.ok);
  expect(failed.length).toBeGreaterThan(0);
  expect(new Set(failed.map((result) => result.error?.code))).toEqual(new Set(['key-removed']));
  await expect(emrPage.locator('#state')).toHaveText('医生已退出登录（USBKEY已拔出）');
  await expect(page.getByTestId('no-key-screen')).toBeVisible();
});

test('已授权的网站 lists the approval; revoking it ends the page’s connection', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor' });
  const app = await startApp();
  const emrPage = await openBoth(page, app);
  await allowWebsite(page, emrPage);
  await page.getByLabel('PIN码', { exact: true }).fill('123456');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page
    .getByRole('link', { name: '设置' })
    .or(page.getByRole('button', { name: '设置' }))
    .first()
    .click();
  const approvals = page.getByTestId('bridge-approvals');
  await expect(approvals.getByTestId('bridge-approval')).toContainText(emr!.origin);
  await expect(approvals.getByTestId('bridge-address')).toHaveText(await app.bridgeAddress());
  await saveScreenshot(page, 'bridge-05-approvals');
  await expectNoAxeViolations(page, 'settings with an approved website');
  await approvals.getByRole('button', { name: `撤销授权：${emr!.origin}` }).click();
  await expect(approvals.getByText('尚未授权任何网站。')).toBeVisible();
  await expect.poll(() => emrPage.evaluate(() => (globalThis as unknown as EmrWindow).closedWith)).toBe(1008);
});
