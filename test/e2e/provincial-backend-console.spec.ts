// The reference backend's approval console in Chromium, driven as the people who use it: the
// unit administrator approves (with a comment) and rejects (with a reason) holders' requests,
// starts a renewal for a holder and issues an authorisation code shown once; the information
// centre approves and rejects. The holder side is OpenSSL's `openssl cmp` client (an ir with a
// reference number and authorisation code), so the outcome is seen by an independent tool:
// it receives a certificate that `openssl verify` accepts, or a rejection with our words.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Browser, type Page } from '@playwright/test';

import { expectNoAxeViolations } from './fixtures/accessibility';
import {
  backendCliJson,
  seedDemoBackend,
  startBackend,
  type BackendProcess,
} from '../helpers/provincial-backend-process';

type Login = { username: string; password: string };

let work: string;
let data: string;
let backend: BackendProcess;
let logins: Login[];
const clients: ChildProcess[] = [];

test.beforeEach(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'backend-console-'));
  data = path.join(work, 'data');
  logins = seedDemoBackend(data, path.join(work, 'none')).logins;
  backend = await startBackend(data);
});
test.afterEach(async () => {
  for (const client of clients.splice(0)) if (client.exitCode === null) client.kill('SIGTERM');
  await backend?.stop();
  rmSync(work, { recursive: true, force: true });
});

const serialOf = (commonName: string): string => {
  const db = new Database(path.join(data, 'backend.sqlite3'), { readonly: true });
  try {
    return (
      db
        .prepare(
          'SELECT serial_hex FROM certificates JOIN holders ON holders.id = holder_id WHERE common_name = ?',
        )
        .get(commonName) as { serial_hex: string }
    ).serial_hex;
  } finally {
    db.close();
  }
};

/** The holder asks for a re-issue with `openssl cmp` (it polls until the answer is final). */
function holderRequestsReissue(commonName: string, name: string) {
  const code = backendCliJson<{ reference: string; code: string }>([
    'authcode',
    '--holder',
    serialOf(commonName),
    '--purpose',
    'reissue',
    '--data',
    data,
  ]);
  const key = path.join(work, `${name}.key`);
  spawnSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
  const certificate = path.join(work, `${name}.pem`);
  const child = spawn('openssl', [
    ...['cmp', '-cmd', 'ir', '-server', `127.0.0.1:${backend.port}`, '-path', '.well-known/cmp'],
    ...[
      '-ref',
      code.reference,
      '-secret',
      `pass:${code.code}`,
      '-newkey',
      key,
      '-subject',
      '/CN=x',
      '-certout',
      certificate,
    ],
  ]);
  clients.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const outcome = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (exit) => resolve({ code: exit, output })),
  );
  return { certificate, outcome };
}

async function logIn(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await page.goto(`${backend.origin}/console`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('登录');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(logins.find((login) => login.username === username)!.password);
  await page.getByRole('button', { name: /登录/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('证书管理控制台');
  return page;
}

/** The row of the review table (the one with the approve button), not the same request in the full list. */
const reviewRow = (page: Page, name: RegExp) =>
  page.getByRole('row', { name }).filter({ has: page.getByRole('button', { name: /批准/ }) });

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screenshots/backend-console-${name}.png`, fullPage: true });

test('unit administrator and information centre approve a re-issue with comments; the holder receives the certificate', async ({
  browser,
}) => {
  const login = await (await browser.newContext()).newPage();
  await login.goto(`${backend.origin}/console/login`);
  await login.getByLabel('用户名').fill('unit-admin');
  await login.getByLabel('密码').fill('wrong password');
  await login.getByRole('button', { name: /登录/ }).click();
  await expect(login.getByRole('alert')).toContainText('用户名或密码不正确');
  await expectNoAxeViolations(login, 'backend login with an error');
  await shot(login, 'login-error');

  const holder = holderRequestsReissue('李四', 'approved');
  const unit = await logIn(browser, 'unit-admin');
  const pending = reviewRow(unit, /补办.*李四.*单位审核/);
  await expect.poll(async () => (await unit.reload(), pending.count())).toBe(1);
  await expectNoAxeViolations(unit, 'unit administrator with a pending request');
  await shot(unit, 'unit-pending');
  await pending.getByLabel(/审批意见/).fill('已核对身份证原件');
  await pending.getByRole('button', { name: /批准/ }).click();
  await expect(unit.getByRole('status')).toContainText('已批准');

  const centre = await logIn(browser, 'centre');
  const atCentre = reviewRow(centre, /补办.*李四.*信息中心审批/);
  await expect(atCentre).toHaveCount(1);
  await expectNoAxeViolations(centre, 'information centre with a pending request');
  await shot(centre, 'centre-pending');
  await atCentre.getByLabel(/审批意见/).fill('同意补办');
  await atCentre.getByRole('button', { name: /批准/ }).click();
  await expect(centre.getByRole('status')).toContainText('已批准');

  const { code, output } = await holder.outcome;
  expect(code, output).toBe(0);
  const verify = spawnSync(
    'openssl',
    ['verify', '-CAfile', path.join(data, 'ca', 'ca.cert.pem'), holder.certificate],
    { encoding: 'utf8' },
  );
  expect(verify.stdout.trim()).toBe(`${holder.certificate}: OK`);

  await centre.reload();
  await centre.getByRole('link', { name: /^\d+$/ }).first().click();
  const history = centre.getByRole('table');
  await expect(history).toContainText('已核对身份证原件');
  await expect(history).toContainText('同意补办');
  await expect(history).toContainText('已完成');
  await expectNoAxeViolations(centre, 'request history');
  await shot(centre, 'history');
});

test('a rejection needs a reason and reaches the holder; the centre rejects a unit renewal with its reason', async ({
  browser,
}) => {
  const holder = holderRequestsReissue('李四', 'rejected');
  const unit = await logIn(browser, 'unit-admin');
  const pending = reviewRow(unit, /补办.*李四.*单位审核/);
  await expect.poll(async () => (await unit.reload(), pending.count())).toBe(1);
  await pending.getByRole('button', { name: /驳回/ }).click(); // empty reason: the browser asks for one
  await expect(pending).toHaveCount(1);
  await pending.getByLabel(/驳回理由/).fill('身份证明材料不全，请补交');
  await pending.getByRole('button', { name: /驳回/ }).click();
  await expect(unit.getByRole('status')).toContainText('已驳回');
  const { code, output } = await holder.outcome;
  expect(code).not.toBe(0);
  expect(output).toContain('身份证明材料不全，请补交');

  // The unit collects and applies for renewals (the seed's flow); the centre says no, with why.
  await unit.getByRole('checkbox', { name: '李四' }).check();
  await unit.getByRole('button', { name: /为所选持有人申请续期/ }).click();
  await expect(unit.getByRole('status')).toContainText('已为所选持有人申请续期');
  await shot(unit, 'unit-renewal-started');
  const centre = await logIn(browser, 'centre');
  const renewal = reviewRow(centre, /续期.*单位发起.*李四.*信息中心审批/);
  await renewal.getByLabel(/驳回理由/).fill('本批次续期名单未盖章');
  await renewal.getByRole('button', { name: /驳回/ }).click();
  await expect(centre.getByRole('row', { name: /续期.*李四.*已驳回.*本批次续期名单未盖章/ })).toHaveCount(1);
  await expectNoAxeViolations(centre, 'information centre after a rejection');
  await shot(centre, 'centre-rejected');
});

test('the unit administrator sees only their unit, and an authorisation code is shown once', async ({
  browser,
}) => {
  const unit = await logIn(browser, 'unit-admin');
  const holders = unit.getByRole('table').filter({ hasText: '证书序列号' });
  await expect(holders).toContainText('李四');
  await expect(holders).not.toContainText('王五'); // another unit's holder
  await expect(holders).toContainText(/有效|即将过期/);
  await unit
    .getByRole('row', { name: /李四/ })
    .getByRole('button', { name: /解锁授权码/ })
    .click();
  await expect(unit.getByRole('heading', { level: 1 })).toContainText('授权码');
  await expect(unit.locator('#code')).toHaveText(/^[2-9A-HJKMNP-Z]{12}$/);
  await expectNoAxeViolations(unit, 'authorisation code shown once');
  await shot(unit, 'authcode');
  await unit.reload(); // a reload would post the form again, never show the same code
  await expect(unit.locator('#code')).not.toHaveText((await unit.locator('#reference').textContent()) ?? '');
  const operator = await logIn(browser, 'ca-operator');
  await expect(operator.getByRole('heading', { level: 2, name: /已签发的证书/ })).toBeVisible();
  await expectNoAxeViolations(operator, 'CA operator');
  await shot(operator, 'ca-operator');
});
