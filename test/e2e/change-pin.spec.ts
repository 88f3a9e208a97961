// Changing the PIN in the UI changes it on the key: an independent PKCS#11 client
// (OpenSC pkcs11-tool) logs in with the new PIN and no longer with the old one.
import { pkcs11ToolLogsIn } from '../helpers/pkcs11-tool';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';

test('change PIN in the UI → pkcs11-tool logs in with the new PIN', async ({ page, keys, startApp }) => {
  await keys.initKey({ label: 'doctor', maxTries: 6 });
  const app = await startApp();
  await page.goto(app.url);
  await logIn(page, '123456');
  await page.getByRole('button', { name: '修改PIN码' }).click();

  const oldPin = page.getByLabel('当前PIN码');
  const newPin = page.getByLabel('新PIN码', { exact: true });
  const confirm = page.getByLabel('再次输入新PIN码');
  const submit = page.getByRole('button', { name: '修改PIN码' }).last();

  // Live policy feedback from the shared checkNewPin.
  await oldPin.fill('123456');
  await newPin.fill('654321');
  await expect(page.getByTestId('pin-policy')).toContainText('PIN码不能是简单序列');
  await newPin.fill('Yk-2468');
  await confirm.fill('Yk-2469');
  await expect(page.getByTestId('pin-policy')).toContainText('两次输入的新PIN码不一致');
  await expect(submit).toBeDisabled();
  await confirm.fill('Yk-2468');
  await expect(page.getByTestId('pin-policy')).toContainText('符合要求');
  await saveScreenshot(page, '06-change-pin');
  await submit.click();

  await expect(page.getByTestId('pin-changed')).toBeVisible();
  for (const field of [oldPin, newPin, confirm]) await expect(field).toHaveValue('');

  expect(pkcs11ToolLogsIn(keys, 'Yk-2468')).toBe(true);
  expect(pkcs11ToolLogsIn(keys, '123456')).toBe(false);
});
