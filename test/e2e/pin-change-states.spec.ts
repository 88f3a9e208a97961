// The small states of PIN changes: a wrong initial PIN says so next to that field and keeps the
// new PIN the holder chose; after activation the holder is logged in with the new PIN instead of
// being asked for it again; a login that fails after the PIN was set keeps "新PIN码已设置"; and
// on 修改PIN码 a later failure does not show the earlier success beside it. pkcs11-tool, an
// independent PKCS#11 client, confirms which PIN the key holds.
import { pkcs11ToolLogsIn } from '../helpers/pkcs11-tool';
import { expectNoAxeViolations } from './fixtures/accessibility';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';
import type { Page } from '@playwright/test';

async function fillActivation(page: Page, initialPin: string, newPin: string): Promise<void> {
  await page.getByLabel('初始PIN码').fill(initialPin);
  await page.getByLabel('新PIN码', { exact: true }).fill(newPin);
  await page.getByLabel('再次输入新PIN码').fill(newPin);
  await page.getByRole('button', { name: '修改PIN码并激活' }).click();
}

test('activation: a wrong initial PIN is named and the new PIN kept; then logged in without asking again', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'newkey', pinToBeChanged: true });
  const app = await startApp();
  await page.goto(app.url);

  await fillActivation(page, '999999', 'Zs-7319');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('初始PIN码不正确。您设置的新PIN码已保留');
  await expect(page.getByLabel('初始PIN码')).toHaveValue('');
  await expect(page.getByLabel('初始PIN码')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('初始PIN码')).toBeFocused();
  await expect(page.getByLabel('新PIN码', { exact: true })).toHaveValue('Zs-7319');
  await expect(page.getByLabel('再次输入新PIN码')).toHaveValue('Zs-7319');
  await expect(page.getByTestId('pin-changed')).toHaveCount(0);
  await saveScreenshot(page, 'pin-states-01-wrong-initial-pin');
  await expectNoAxeViolations(page, 'activation, wrong initial PIN');

  // Only the initial PIN is typed again.
  await page.getByLabel('初始PIN码').fill('123456');
  await page.getByRole('button', { name: '修改PIN码并激活' }).click();
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
  await expect(page.getByTestId('activated-note')).toHaveText(
    'USBKEY已激活，已用新PIN码登录。请牢记新PIN码，不要写下或告诉他人。',
  );
  await expect(page.getByTestId('login-screen')).toHaveCount(0);
  await saveScreenshot(page, 'pin-states-02-activated-logged-in');
  expect(pkcs11ToolLogsIn(keys, 'Zs-7319')).toBe(true);
  expect(pkcs11ToolLogsIn(keys, '123456')).toBe(false);
});

test('activation: when the login with the new PIN fails, 新PIN码已设置 stays beside the error', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'newkey', pinToBeChanged: true });
  await keys.injectFault('newkey', { op: 'C_Login', rv: 'CKR_DEVICE_ERROR' });
  const app = await startApp();
  await page.goto(app.url);

  await fillActivation(page, '123456', 'Zs-7319');
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await expect(page.getByTestId('just-activated')).toHaveText(
    '新PIN码已设置，USBKEY已激活，但自动登录未成功（原因见下方）。请输入新PIN码登录。',
  );
  await expect(page.getByTestId('error-message')).toBeVisible();
  await saveScreenshot(page, 'pin-states-03-activated-login-failed');
  await expectNoAxeViolations(page, 'activated, login failed');
  expect(pkcs11ToolLogsIn(keys, 'Zs-7319')).toBe(true);

  await logIn(page, 'Zs-7319');
  await expect(page.getByTestId('certificates-screen')).toBeVisible();
});

test('修改PIN码: a later wrong current PIN hides the earlier success and keeps the new PIN', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor', maxTries: 6 });
  const app = await startApp();
  await page.goto(app.url);
  await logIn(page, '123456');
  await page.getByRole('button', { name: '修改PIN码' }).click();
  const submit = page.getByRole('button', { name: '修改PIN码' }).last();

  await page.getByLabel('当前PIN码').fill('123456');
  await page.getByLabel('新PIN码', { exact: true }).fill('Yk-2468');
  await page.getByLabel('再次输入新PIN码').fill('Yk-2468');
  await submit.click();
  await expect(page.getByTestId('pin-changed')).toHaveText(
    'PIN码已修改。请牢记新PIN码，不要写下或告诉他人。',
  );

  // A second change with a wrong current PIN: only the failure shows, next to its field.
  await page.getByLabel('当前PIN码').fill('000000');
  await page.getByLabel('新PIN码', { exact: true }).fill('Qx-8642');
  await page.getByLabel('再次输入新PIN码').fill('Qx-8642');
  await submit.click();
  await expect(page.getByRole('alert')).toContainText('当前PIN码不正确');
  await expect(page.getByTestId('pin-changed')).toHaveCount(0);
  await expect(page.getByLabel('新PIN码', { exact: true })).toHaveValue('Qx-8642');
  await saveScreenshot(page, 'pin-states-04-change-then-wrong');
  expect(pkcs11ToolLogsIn(keys, 'Yk-2468')).toBe(true);
});
