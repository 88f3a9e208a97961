// PIN码解锁 end to end from the locked-PIN screen (issue 8): the holder locks the key with wrong
// PINs, the unit administrator issues an unlock authorisation code in the backend's console
// (another page of the same browser), the holder asks with it — a malformed reference number
// and a wrong code are refused first, with the form kept — the administrator approves in the
// console, the holder sets a new PIN and is logged in. pkcs11-tool confirms the new PIN on the key;
// 我的申请 lists the unlock as 已完成.
import { spawnSync } from 'node:child_process';
import { expectNoAxeViolations } from './fixtures/accessibility';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';
import { approveInConsole, startRenewalBackend, type RenewalBackend } from './fixtures/renewal-backend';

const newPin = '246810';
let backend: RenewalBackend | undefined;
test.afterEach(async () => {
  await backend?.stop();
  backend = undefined;
});

test('a locked key: 申请解锁 with the unit administrator’s code, approval in the console, new PIN, logged in', async ({
  page,
  keys,
  startApp,
  browser,
}) => {
  await keys.initKey({ label: 'doctor', maxTries: 2, commonName: '张三' });
  backend = await startRenewalBackend(keys);
  const app = await startApp(backend.appOptions);
  await page.goto(app.url);
  await logIn(page, '000000');
  await expect(page.getByTestId('pin-status')).toContainText('仅剩最后一次机会');
  await logIn(page, '000000');
  await expect(page.getByTestId('pin-locked')).toBeVisible();

  const unit = await backend.consoleAs(browser, 'unit-admin');
  await unit
    .getByRole('row', { name: /张三/ })
    .getByRole('button', { name: /解锁授权码/ })
    .click();
  const reference = (await unit.locator('#reference').textContent())!.trim();
  const code = (await unit.locator('#code').textContent())!.trim();

  // Keyboard only: the link under the locked-PIN help opens the form.
  await page.getByRole('button', { name: '申请解锁' }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByTestId('unlock-form');
  await expect(form).toContainText('本单位证书管理员');
  await expectNoAxeViolations(page, 'unlock request form');
  await saveScreenshot(page, 'unlock-form');

  await form.getByLabel('参考号').fill('12ab');
  await form.getByLabel('授权码').fill(code);
  await form.getByRole('button', { name: '提交解锁申请' }).click();
  await expect(form.getByTestId('reference-invalid')).toContainText('参考号是1到20位数字');
  await form.getByLabel('参考号').fill(reference);
  await form.getByLabel('授权码').fill('WRONGWRONG22');
  await form.getByRole('button', { name: '提交解锁申请' }).click();
  await expect(form.getByRole('alert')).toContainText('参考号或授权码不对');
  await saveScreenshot(page, 'unlock-wrong-code');
  expect(backend.requests().filter((request) => request.kind === 'unlock')).toEqual([]);

  await form.getByLabel('授权码').fill(code);
  await form.getByLabel('授权码').press('Enter');
  const waiting = page.getByTestId('unlock-waiting');
  await expect(waiting).toContainText('等待本单位证书管理员审核');
  // Our own words for the stage; the backend's bilingual text only behind 详细信息.
  await expect(waiting.getByTestId('unlock-stage')).toHaveText('当前进度：单位审核');
  const backendWords = waiting.getByTestId('unlock-backend-words');
  await expect(backendWords.getByText('单位审核 Unit review')).toBeHidden();
  await backendWords.getByText('详细信息').click();
  await expect(backendWords.getByText('单位审核 Unit review')).toBeVisible();
  await expectNoAxeViolations(page, 'unlock waiting');
  await saveScreenshot(page, 'unlock-waiting');

  // Back from the code page (shown once; a reload would issue another code) to the review table.
  await unit.getByRole('link', { name: /返回控制台/ }).click();
  await approveInConsole(unit, /PIN码解锁.*张三.*单位审核/);

  const newPinForm = page.getByTestId('unlock-new-pin');
  await expect(newPinForm).toContainText('已批准，请设置新的PIN码');
  await expectNoAxeViolations(page, 'unlock approved, new PIN');
  await saveScreenshot(page, 'unlock-new-pin');
  await newPinForm.getByLabel('新PIN码', { exact: true }).fill(newPin);
  await newPinForm.getByLabel('再次输入新PIN码').fill(newPin);
  await newPinForm.getByLabel('再次输入新PIN码').press('Enter');

  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  await saveScreenshot(page, 'unlock-logged-in');
  expect(backend.requests().find((request) => request.kind === 'unlock')?.stage).toBe('done');
  const login = spawnSync(
    'pkcs11-tool',
    ['--module', keys.modulePath, '--login', '--pin', newPin, '--list-objects'],
    { env: keys.env, encoding: 'utf8' },
  );
  expect(login.status, login.stderr).toBe(0);

  // 我的申请 lists the unlock with the other requests.
  await page.getByRole('navigation').getByRole('button', { name: '我的申请' }).click();
  const card = page.getByTestId('request-card').filter({ hasText: 'PIN码解锁' });
  await expect(card.getByTestId('request-progress')).toHaveText('已完成');
  await expect(card.getByTestId('request-next')).toHaveText('USBKEY已解锁，请用新的PIN码登录。');
  await expectNoAxeViolations(page, 'my requests with the unlock');
  await saveScreenshot(page, 'unlock-my-requests');
});
