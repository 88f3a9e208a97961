// A key in a reader with a PIN pad (CKF_PROTECTED_AUTHENTICATION_PATH): the app asks for no PIN,
// tells the holder to type it on the reader while C_Login waits, and the login works. A PIN
// change happens on the pad too (C_SetPIN with no PINs; the virtual pad types pin-pad-new).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkcs11ToolLogsIn } from '../helpers/pkcs11-tool';
import { expect, saveScreenshot, test } from './fixtures/holder-test';

test('PIN pad: no PIN field, "请在读卡器上输入PIN码", login works', async ({ page, keys, startApp }) => {
  await keys.initKey({ label: 'padded', pinPad: true });
  // The holder takes a moment to type on the pad: C_Login is slowed so the prompt can be seen.
  await keys.setLatency('padded', { op: 'C_Login', ms: 1_500 });
  const app = await startApp();
  await page.goto(app.url);

  await expect(page.getByTestId('login-screen')).toBeVisible();
  await expect(page.getByLabel('PIN码', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await expect(page.getByText('点击“登录”后，请在读卡器上输入PIN码')).toBeVisible();

  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('login-screen').getByRole('status')).toHaveText('请在读卡器上输入PIN码…');
  await saveScreenshot(page, '50-pin-pad-waiting');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  await expect(page.getByRole('heading', { name: '张三' })).toBeVisible();
  // The key really is logged in: the Lock button (shown only then) logs it out again.
  await page.getByRole('button', { name: '退出登录', exact: true }).click();
  await expect(page.getByTestId('login-screen')).toBeVisible();
});

test('PIN pad: 修改PIN码 happens on the pad — no fields, the steps said, progress while waiting, pkcs11-tool confirms', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'padded', pinPad: true });
  const app = await startApp();
  await page.goto(app.url);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  await page.getByRole('button', { name: '修改PIN码' }).click();

  const form = page.getByTestId('pin-pad-change');
  await expect(form).toContainText('请在读卡器上依次输入：当前PIN码、新PIN码、再次输入新PIN码');
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await expect(page.locator('input[type=password]')).toHaveCount(0);
  await saveScreenshot(page, '51-pin-pad-change');

  // What the holder will type on the pad as the new PIN; the pad takes a moment.
  writeFileSync(join(keys.home, 'keys', 'padded', 'pin-pad-new'), 'Pd-4826\n');
  await keys.setLatency('padded', { op: 'C_SetPIN', ms: 1_500 });
  await page.getByRole('button', { name: '在读卡器上修改PIN码' }).click();
  await expect(page.getByTestId('pin-progress')).toHaveText(
    '请在读卡器的密码键盘上操作：先输入当前PIN码，再输入新PIN码两次，每次按确认键。',
  );
  await expect(page.getByRole('button', { name: '请在读卡器上操作…' })).toBeDisabled();
  await saveScreenshot(page, '52-pin-pad-change-waiting');
  await expect(page.getByTestId('pin-changed')).toHaveText(
    'PIN码已修改。请牢记新PIN码，不要写下或告诉他人。',
  );
  expect(pkcs11ToolLogsIn(keys, 'Pd-4826')).toBe(true);
  expect(pkcs11ToolLogsIn(keys, '123456')).toBe(false);

  // The holder cancels on the pad the next time: said in words, and the earlier success is gone.
  await page.getByRole('button', { name: '在读卡器上修改PIN码' }).click();
  await expect(page.getByTestId('error-message')).toBeVisible();
  await expect(page.getByTestId('pin-changed')).toHaveCount(0);
  expect(pkcs11ToolLogsIn(keys, 'Pd-4826')).toBe(true);
});
